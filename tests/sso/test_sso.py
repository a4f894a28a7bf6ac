"""Single sign-on through a real OpenID Connect provider on 127.0.0.1 (tests/sso/provider.py):
the whole code flow (discovery, redirect with state, nonce and PKCE, the token request, the
id token's RS256 signature against the JWKS, the nonce, the issuer and audience), matching
an existing person by verified email and then by subject, never creating one; and each
refusal in words."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cast import Cast, make_cast
from django.test import Client
from provider import Provider

from escalate.audit.models import AuditEntry, Outcome
from escalate.partnerships.models import Person
from escalate.sso import discovery
from escalate.sso.models import ExternalIdentity, IdentityProvider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def idp() -> Iterator[Provider]:
    with Provider() as provider:
        yield provider


@pytest.fixture(autouse=True)
def _fresh(idp: Provider) -> Iterator[None]:
    idp.tamper = ""
    idp.claims = {}
    discovery.forget()
    yield
    discovery.forget()


def registered(cast: Cast, idp: Provider, **fields: object) -> IdentityProvider:
    return IdentityProvider.objects.create(
        name="Brent Council sign-in",
        partnership=cast.partnership,
        issuer=idp.issuer,
        client_id=idp.client_id,
        client_secret=idp.client_secret,
        **fields,
    )


def claims_for(person: Person, **more: object) -> dict[str, object]:
    return {"sub": f"sub-{person.username}", "email": person.email, "email_verified": True, **more}


def through_provider(client: Client, row: IdentityProvider, idp: Provider, next_: str = "/"):  # type: ignore[no-untyped-def]
    start = client.get(f"/sso/{row.pk}/start/?next={next_}")
    assert start.status_code == 302
    sent = urlsplit(start["Location"])
    assert f"{sent.scheme}://{sent.netloc}{sent.path}" == f"{idp.issuer}/authorize"
    asked = {k: v[0] for k, v in parse_qs(sent.query).items()}
    assert asked["response_type"] == "code"
    assert asked["redirect_uri"] == "http://testserver/sso/callback/"
    assert len(asked["state"]) >= 32
    assert len(asked["nonce"]) >= 32
    assert asked["code_challenge_method"] == "S256"
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def text(answer: object) -> str:
    return unescape(answer.content.decode())  # type: ignore[attr-defined]


def signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_the_whole_code_flow_signs_in_a_person_matched_by_verified_email(idp: Provider) -> None:
    cast = make_cast("brent")
    row = registered(cast, idp)
    idp.claims = claims_for(cast.raiser)
    client = Client()
    back = through_provider(client, row, idp, next_="/procedure/")
    assert back.status_code == 302
    assert back["Location"] == "/procedure/"
    assert signed_in_as(client) == cast.raiser.pk
    assert client.get("/").status_code == 200
    assert {
        "GET /realm/.well-known/openid-configuration",
        "POST /realm/token",
        "GET /realm/jwks",
    } <= set(idp.requests)
    link = ExternalIdentity.objects.get()
    assert (link.person, link.subject) == (cast.raiser, f"sub-{cast.raiser.username}")
    entry = AuditEntry.objects.get(outcome=Outcome.DONE)
    assert entry.what == "Signed in through Brent Council sign-in"


def test_the_sign_in_page_offers_single_sign_on_only_once_a_provider_is_set_up(
    idp: Provider,
) -> None:
    assert "Sign in with your organisation" not in text(Client().get("/sign-in/"))
    registered(make_cast("brent"), idp)
    page = text(Client().get("/sign-in/"))
    assert 'href="/sso/"' in page
    assert "Brent Council sign-in" in text(Client().get("/sso/"))


def test_later_sign_ins_match_the_subject_even_when_the_email_changes(idp: Provider) -> None:
    cast = make_cast("brent")
    row = registered(cast, idp)
    idp.claims = claims_for(cast.raiser)
    through_provider(Client(), row, idp)
    idp.claims = claims_for(cast.raiser, email="new.address@example.org")
    client = Client()
    through_provider(client, row, idp)
    assert signed_in_as(client) == cast.raiser.pk


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        (
            {"sub": "sub-nobody", "email": "nobody@example.org", "email_verified": True},
            "Nobody in Escalate is set up with that account.",
        ),
        (
            {"sub": "sub-x", "email": "raiser.brent@example.org", "email_verified": False},
            "Your identity provider has not verified your email address.",
        ),
        (
            {"sub": "sub-x", "email": "raiser.brent@example.org"},
            "Your identity provider has not verified your email address.",
        ),
    ],
    ids=["unknown person", "unverified email", "email not said to be verified"],
)
def test_no_account_is_made_and_nobody_is_matched_without_a_verified_email(
    idp: Provider, claims: dict[str, object], why: str
) -> None:
    cast = make_cast("brent")
    row = registered(cast, idp)
    people = Person.objects.count()
    idp.claims = claims
    client = Client()
    refused = through_provider(client, row, idp)
    assert refused.status_code == 403
    assert why in text(refused)
    assert signed_in_as(client) is None
    assert Person.objects.count() == people
    assert not ExternalIdentity.objects.exists()


@pytest.mark.parametrize("tamper", ["signature", "nonce", "audience", "issuer", "expired"])
def test_a_forged_or_replayed_id_token_is_refused(idp: Provider, tamper: str) -> None:
    cast = make_cast("brent")
    row = registered(cast, idp)
    idp.claims = claims_for(cast.raiser)
    idp.tamper = tamper
    client = Client()
    refused = through_provider(client, row, idp)
    assert refused.status_code == 403
    assert "You could not be signed in" in text(refused)
    assert signed_in_as(client) is None


def test_a_callback_with_an_unknown_state_is_refused(idp: Provider) -> None:
    cast = make_cast("brent")
    row = registered(cast, idp)
    idp.claims = claims_for(cast.raiser)
    client = Client()
    start = client.get(f"/sso/{row.pk}/start/")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    code = parse_qs(back.query)["code"][0]
    forged = client.get(f"/sso/callback/?code={code}&state=a-state-never-sent")
    assert forged.status_code == 403
    assert signed_in_as(client) is None
    # The real answer still works once, and not twice (the state is spent).
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    assert signed_in_as(client) == cast.raiser.pk
    assert client.get(f"{back.path}?{back.query}").status_code == 403


def test_a_provider_for_some_agencies_signs_in_only_their_people(idp: Provider) -> None:
    cast = make_cast("brent")
    row = registered(cast, idp)
    row.agencies.set([cast.social_care])
    idp.claims = claims_for(cast.raiser)  # the raiser works at the school
    client = Client()
    assert through_provider(client, row, idp).status_code == 403
    idp.claims = claims_for(cast.other)
    through_provider(client, row, idp)
    assert signed_in_as(client) == cast.other.pk


def test_mfa_at_the_provider_means_no_second_factor_here(idp: Provider, settings: object) -> None:
    settings.TWO_FACTOR_ENFORCED = True  # type: ignore[attr-defined]
    cast = make_cast("brent")
    row = registered(cast, idp)
    idp.claims = claims_for(cast.officer, amr=["pwd", "mfa"])
    with_mfa = Client()
    through_provider(with_mfa, row, idp)
    assert with_mfa.get("/partnership/dashboard/").status_code == 200

    idp.claims = claims_for(cast.officer, amr=["pwd"])
    password_only = Client()
    through_provider(password_only, row, idp)
    assert password_only.get("/partnership/dashboard/")["Location"].startswith("/two-factor/")


def test_administrators_set_up_their_own_partnerships_providers_only(idp: Provider) -> None:
    cast = make_cast("brent")
    registered(cast, idp)
    IdentityProvider.objects.create(
        name="Haringey sign-in",
        partnership=cast.stranger.agency.partnership,  # type: ignore[union-attr]
        issuer=idp.issuer,
        client_id="another",
    )
    admin = Client()
    admin.force_login(cast.officer)  # Brent's partnership administrator
    listing = text(admin.get("/admin/sso/identityprovider/"))
    assert "Brent Council sign-in" in listing
    assert "Haringey sign-in" not in listing
    form = text(admin.get("/admin/sso/identityprovider/add/"))
    assert cast.social_care.name in form
    assert "Far team" not in form
