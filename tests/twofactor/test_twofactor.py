"""Two-factor sign-in: officers, administrators and superusers (and everyone where the
partnership says so) set up an authenticator app at their first sign-in and enter its code
at every sign-in after; recovery codes work once each; an administrator's reset is logged.
The codes are real TOTP codes (RFC 6238) worked out from the key the set-up page shows."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from html import unescape

import pytest
from cast import PASSWORD, Cast, make_cast
from django.test import Client

from escalate.audit.models import AuditEntry, Outcome
from escalate.partnerships.models import Person
from escalate.twofactor.models import TwoFactorRule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enforced")]


@pytest.fixture
def enforced(settings: pytest.FixtureRequest) -> None:
    settings.TWO_FACTOR_ENFORCED = True  # type: ignore[attr-defined]


def totp(secret: str, step_offset: int = 0) -> str:
    """The code an authenticator app shows for ``secret`` (RFC 6238: SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = int(time.time()) // 30 + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def password_sign_in(person: Person) -> Client:
    client = Client()
    answer = client.post("/sign-in/", {"username": person.username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client


def text(answer: object) -> str:
    return unescape(answer.content.decode())  # type: ignore[attr-defined]


def set_up(person: Person) -> tuple[Client, str, list[str]]:
    """Sign in, set up the app from the page's key; the client, the key, the recovery codes."""
    client = password_sign_in(person)
    first = client.get("/partnership/dashboard/")
    assert first.status_code == 302
    assert first["Location"].startswith("/two-factor/set-up/?next=")
    page = text(client.get(first["Location"]))
    assert "<svg" in page  # the QR code, drawn in the page
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', page).group(1)  # type: ignore[union-attr]
    done = client.post("/two-factor/set-up/", {"code": totp(secret), "next": "/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", text(done))
    assert len(codes) == 10
    return client, secret, codes


@pytest.mark.parametrize("who", ["officer", "chair"])
def test_officers_set_up_an_app_at_their_first_sign_in_and_then_see_pages(who: str) -> None:
    cast = make_cast("brent")
    client, _, _ = set_up(getattr(cast, who))
    assert client.get("/partnership/dashboard/").status_code == 200
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_in_plain_words_and_pages_stay_closed() -> None:
    cast = make_cast("brent")
    client = password_sign_in(cast.officer)
    client.get("/two-factor/set-up/")
    wrong = client.post("/two-factor/set-up/", {"code": "000000"})
    assert "That code is not right" in text(wrong)
    assert client.get("/partnership/dashboard/").status_code == 302
    assert client.get("/partnership/audit/").status_code == 302


def test_the_next_sign_in_asks_for_the_apps_code_or_a_recovery_code_once() -> None:
    cast = make_cast("brent")
    _, secret, codes = set_up(cast.officer)

    again = password_sign_in(cast.officer)
    asked = again.get("/partnership/dashboard/")
    assert asked["Location"].startswith("/two-factor/?next=")
    # The code used to set up is spent; the app's next code is accepted (one step of drift).
    ok = again.post("/two-factor/", {"code": totp(secret, 1), "next": "/partnership/dashboard/"})
    assert ok["Location"] == "/partnership/dashboard/"
    assert again.get("/partnership/dashboard/").status_code == 200

    third = password_sign_in(cast.officer)
    assert third.post("/two-factor/", {"code": codes[0]}).status_code == 302
    assert third.get("/partnership/dashboard/").status_code == 200
    fourth = password_sign_in(cast.officer)
    refused = fourth.post("/two-factor/", {"code": codes[0]})
    assert "That code is not right" in text(refused)
    assert fourth.get("/partnership/dashboard/").status_code == 302


def test_practitioners_need_no_second_factor_unless_the_partnership_says_so() -> None:
    cast = make_cast("brent")
    client = password_sign_in(cast.raiser)
    assert client.get("/").status_code == 200
    TwoFactorRule.objects.create(partnership=cast.partnership, everyone=True)
    later = password_sign_in(cast.raiser)
    assert later.get("/")["Location"].startswith("/two-factor/set-up/")


def test_superusers_need_one_too() -> None:
    cast = make_cast("brent")
    cast.colleague.is_superuser = True
    cast.colleague.save()
    client = password_sign_in(cast.colleague)
    assert client.get("/")["Location"].startswith("/two-factor/set-up/")


def administrator(cast: Cast) -> Person:
    return cast.officer  # the cast's officer is also the partnership's administrator


def test_an_administrator_resets_someones_second_factor_and_it_is_logged() -> None:
    cast = make_cast("brent")
    set_up(cast.chair)
    admin_client, _, _ = set_up(administrator(cast))
    people = text(admin_client.get("/partnership/two-factor/"))
    assert cast.chair.username in people
    confirm = admin_client.get(f"/partnership/two-factor/{cast.chair.pk}/reset/")
    assert "Reset two-factor sign-in for" in text(confirm)
    done = admin_client.post(f"/partnership/two-factor/{cast.chair.pk}/reset/")
    assert "They have been signed out everywhere" in text(done)
    entry = AuditEntry.objects.get(outcome=Outcome.DONE)
    assert entry.person == administrator(cast)
    assert entry.what == f"Two-factor reset for {cast.chair.username}"
    assert entry.partnership == cast.partnership
    # The chair sets up again at their next sign-in.
    chair = password_sign_in(cast.chair)
    assert chair.get("/")["Location"].startswith("/two-factor/set-up/")


def test_nobody_else_may_reset_and_an_administrator_cannot_reset_a_superuser() -> None:
    cast = make_cast("brent")
    cast.colleague.is_superuser = True
    cast.colleague.save()
    admin_client, _, _ = set_up(administrator(cast))
    assert (
        admin_client.get(f"/partnership/two-factor/{cast.colleague.pk}/reset/").status_code == 404
    )
    assert (
        admin_client.post(f"/partnership/two-factor/{cast.colleague.pk}/reset/").status_code == 404
    )
    assert admin_client.get(f"/partnership/two-factor/{cast.stranger.pk}/reset/").status_code == 404
    chair, _, _ = set_up(cast.chair)  # an officer, but not an administrator
    assert chair.get("/partnership/two-factor/").status_code == 404
    assert chair.post(f"/partnership/two-factor/{cast.officer.pk}/reset/").status_code == 404
    raiser = password_sign_in(cast.raiser)
    assert raiser.get("/partnership/two-factor/").status_code == 404
    assert not AuditEntry.objects.filter(outcome=Outcome.DONE).exists()
