"""Who may open each page, and who is told "not found".

Only people who are party to an escalation, their managers up the line and their
partnership's officers may see it; everyone else gets 404, as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from agree import hold_panel
from cast import PASSWORD, Cast, escalator, make_cast, raised_by_raiser
from django.test import Client
from django.utils import timezone
from waits import clear_the_way

from escalate.audit.models import AuditEntry, Outcome
from escalate.escalations import services
from escalate.escalations.models import Escalation, Event
from escalate.escalations.views.actions import ACTIONS
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db

WRONG_REFERENCE = "BRE-2019-9999"
SIGN_IN = "/sign-in/"

# Everyone in the fixed cast, plus the head of the school (the raiser's manager's manager).
EVERYONE = [
    "raiser",
    "colleague",
    "manager",
    "head",
    "dsl",
    "other",
    "other_manager",
    "outsider",
    "officer",
    "chair",
    "stranger",
]
NOT_PARTY = ["outsider", "colleague", "stranger"]
MAY_SEE = ["raiser", "manager", "head", "other", "other_manager", "officer", "chair"]

ESCALATION_PATHS = [
    "/escalations/{ref}/",
    "/escalations/{ref}/views/",
    "/raise/done/{ref}/",
    *(f"/escalations/{{ref}}/{slug}/" for slug in ACTIONS),
]
REQUESTS = [(method, path) for path in ESCALATION_PATHS for method in ("get", "post")]
REQUEST_IDS = [f"{method.upper()} {path.format(ref='<ref>')}" for method, path in REQUESTS]


# -- helpers -------------------------------------------------------------------------------


def member(cast: Cast, name: str) -> Person:
    if name == "head":
        return Person.objects.get(username=f"head.{cast.partnership.slug.replace('-', '')}")
    person: Person = getattr(cast, name)
    return person


def signed_in(person: Person) -> Client:
    client = Client()
    assert client.login(username=person.username, password=PASSWORD)
    return client


def act(escalation: Escalation, actor: Person, action: str, text: str = "Done.") -> None:
    escalation.refresh_from_db()
    services.escalation_act(
        escalation=escalation,
        actor=actor,
        action=action,
        expected_version=escalation.version,
        text=text,
    )
    escalation.refresh_from_db()


def escalate_to(escalation: Escalation, stage: str) -> None:
    while escalation.current_stage != stage:
        clear_the_way(escalation)
        act(escalation, escalator(escalation), "escalate", "Still not resolved.")


def send(client: Client, method: str, path: str, escalation: Escalation) -> int:
    url = path.format(ref=escalation.reference)
    if method == "get":
        return client.get(url).status_code
    return client.post(url, {"version": escalation.version, "text": "A reason."}).status_code


def action_links(html: str, reference: str) -> list[str]:
    """The addresses of the action links on an escalation's page."""
    pattern = rf'href="(/escalations/{re.escape(reference)}/[a-z-]+/[^"]*)"'
    links = [unescape(link) for link in re.findall(pattern, html)]
    return [link for link in links if not link.endswith("/views/")]


def slug_of(link: str) -> str:
    return link.split("?")[0].rstrip("/").rsplit("/", 1)[1]


# -- the pages of an escalation ------------------------------------------------------------


@pytest.mark.parametrize("name", NOT_PARTY)
@pytest.mark.parametrize(("method", "path"), REQUESTS, ids=REQUEST_IDS)
def test_someone_not_party_gets_not_found(method: str, path: str, name: str) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    events = Event.objects.count()
    assert send(signed_in(member(cast, name)), method, path, escalation) == 404
    assert Event.objects.count() == events
    # Nothing shown; the refused attempt is in the audit log, for the escalation's officers.
    assert not AuditEntry.objects.filter(outcome=Outcome.SHOWN).exists()
    refused = AuditEntry.objects.get(outcome=Outcome.REFUSED)
    assert refused.person == member(cast, name)
    assert refused.escalation == escalation
    assert refused.partnership == cast.partnership


@pytest.mark.parametrize(("method", "path"), REQUESTS, ids=REQUEST_IDS)
def test_anonymous_is_sent_to_sign_in(method: str, path: str) -> None:
    escalation = raised_by_raiser(make_cast("brent"))
    url = path.format(ref=escalation.reference)
    response = getattr(Client(), method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SIGN_IN}?next=")


@pytest.mark.parametrize(("method", "path"), REQUESTS, ids=REQUEST_IDS)
def test_a_wrong_reference_is_not_found_for_everyone(method: str, path: str) -> None:
    cast = make_cast("brent")
    raised_by_raiser(cast)
    wrong = Escalation(reference=WRONG_REFERENCE, version=0)
    for name in EVERYONE:
        status = send(signed_in(member(cast, name)), method, path, wrong)
        assert status == 404, f"{name} got {status}"


@pytest.mark.parametrize("name", MAY_SEE)
def test_people_party_to_it_may_see_it(name: str) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    client = signed_in(member(cast, name))
    assert client.get(f"/escalations/{escalation.reference}/").status_code == 200


def test_the_raiser_sees_the_confirmation_page() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    page = signed_in(cast.raiser).get(f"/raise/done/{escalation.reference}/")
    assert page.status_code == 200
    assert escalation.reference in page.content.decode()


def test_people_not_party_stay_out_at_every_stage() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    clients = {name: signed_in(member(cast, name)) for name in NOT_PARTY}
    policy = escalation.policy_version.policy
    for stage in policy.stages:
        escalate_to(escalation, stage.key)
        for name, client in clients.items():
            status = client.get(f"/escalations/{escalation.reference}/").status_code
            assert status == 404, f"{name} got {status} at {stage.key}"


def test_the_dsl_may_see_it_once_a_stage_names_them() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    dsl = signed_in(cast.dsl)
    url = f"/escalations/{escalation.reference}/"
    for stage in ("line-manager", "other-worker", "line-managers"):
        escalate_to(escalation, stage)
        assert dsl.get(url).status_code == 404, stage
    escalate_to(escalation, "safeguarding-leads")
    assert dsl.get(url).status_code == 200
    escalate_to(escalation, "resolution-panel")
    assert dsl.get(url).status_code == 200, "whoever took part may always see it"


# -- who looked ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("officer", 200),
        ("chair", 200),
        ("raiser", 404),
        ("other", 404),
        ("manager", 404),
        ("other_manager", 404),
    ],
)
def test_only_the_partnerships_officers_see_who_looked(name: str, status: int) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    client = signed_in(member(cast, name))
    assert client.get(f"/escalations/{escalation.reference}/views/").status_code == status
    detail = client.get(f"/escalations/{escalation.reference}/").content.decode()
    assert ("Who has viewed this escalation" in detail) is (status == 200)


def test_every_look_at_an_escalation_is_recorded_and_listed() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    url = f"/escalations/{escalation.reference}/"
    for person in (cast.raiser, cast.other, cast.raiser):
        assert signed_in(person).get(url).status_code == 200
    records = list(AuditEntry.objects.order_by("at", "id"))
    assert [r.person for r in records] == [cast.raiser, cast.other, cast.raiser]
    assert all(r.escalation == escalation and r.path == url for r in records)
    assert all(r.what == "Escalation page" and r.outcome == Outcome.SHOWN for r in records)
    assert all(timezone.now() - r.at < dt.timedelta(minutes=1) for r in records)

    log = unescape(signed_in(cast.officer).get(f"{url}views/").content.decode())
    assert log.count(cast.raiser.display_name) == 2
    assert log.count(cast.other.display_name) == 1
    for record in records:
        assert timezone.localtime(record.at).strftime("%H:%M:%S") in log


# -- actions shown and actions accepted agree ---------------------------------------------


def escalation_at(policy_id: str, stage: str) -> tuple[Cast, Escalation]:
    cast = make_cast(policy_id)
    escalation = raised_by_raiser(cast)
    escalate_to(escalation, stage)
    return cast, escalation


SCENARIOS = [
    ("brent", "line-manager"),
    ("brent", "line-managers"),
    ("brent", "resolution-panel"),
    ("haringey", "first-line-managers"),
    ("haringey", "head-of-service"),
    ("lincolnshire", "case-review-group"),
    ("st-helens", "mediation"),
    ("bromley", "bscb-chair"),
]


@pytest.mark.parametrize("name", MAY_SEE)
@pytest.mark.parametrize(("policy_id", "stage"), SCENARIOS)
def test_actions_shown_are_accepted_and_others_are_not_found(
    policy_id: str, stage: str, name: str
) -> None:
    cast, escalation = escalation_at(policy_id, stage)
    client = signed_in(member(cast, name))
    page = client.get(f"/escalations/{escalation.reference}/")
    assert page.status_code == 200
    shown = action_links(page.content.decode(), escalation.reference)
    for link in shown:
        assert client.get(link).status_code == 200, f"{link} is shown but refused"
    for slug in set(ACTIONS) - {slug_of(link) for link in shown}:
        status = client.get(f"/escalations/{escalation.reference}/{slug}/").status_code
        assert status == 404, f"{slug} is not shown but answers {status}"


@pytest.mark.parametrize(
    ("name", "shown"),
    [("raiser", True), ("manager", True), ("head", True), ("officer", True), ("other", False)],
)
def test_withdraw_is_for_the_raising_side_and_officers(name: str, shown: bool) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    client = signed_in(member(cast, name))
    page = client.get(f"/escalations/{escalation.reference}/").content.decode()
    url = f"/escalations/{escalation.reference}/withdraw/"
    assert (f'href="{url}"' in page) is shown
    assert client.get(url).status_code == (200 if shown else 404)
    response = client.post(url, {"version": escalation.version, "text": "No longer needed."})
    assert response.status_code == (302 if shown else 404)
    escalation.refresh_from_db()
    assert escalation.status == ("withdrawn" if shown else "open")


@pytest.mark.parametrize(
    ("name", "shown"),
    [("raiser", False), ("other", False), ("manager", False), ("chair", True), ("officer", True)],
)
def test_only_the_panel_or_an_officer_records_brents_final_decision(name: str, shown: bool) -> None:
    """Through the panel's page (the escalation page has no decision of its own here)."""
    cast, escalation = escalation_at("brent", "resolution-panel")
    hold_panel(escalation)
    client = signed_in(member(cast, name))
    page = client.get(f"/escalations/{escalation.reference}/meeting/").content.decode()
    url = f"/escalations/{escalation.reference}/meeting/decision/"
    assert (url in page) is shown
    assert client.get(url).status_code == (200 if shown else 404)
    escalation.refresh_from_db()
    response = client.post(url, {"version": escalation.version, "decision": "Assess the child."})
    assert response.status_code == (302 if shown else 404), response.content.decode()[-4000:]
    escalation.refresh_from_db()
    assert escalation.status == ("decided" if shown else "open")


@pytest.mark.parametrize("name", ["raiser", "officer"])
def test_no_hidden_action_is_accepted_once_closed(name: str) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    act(escalation, cast.raiser, "withdraw", "No longer needed.")
    client = signed_in(member(cast, name))
    page = client.get(f"/escalations/{escalation.reference}/")
    shown = {slug_of(link) for link in action_links(page.content.decode(), escalation.reference)}
    for slug in set(ACTIONS) - shown:
        status = client.get(f"/escalations/{escalation.reference}/{slug}/").status_code
        assert status == 404, f"{slug} is not shown but answers {status}"


# -- the policy upload page ---------------------------------------------------------------


@pytest.mark.parametrize("name", EVERYONE)
def test_only_a_partnership_administrator_may_upload_the_policy(name: str) -> None:
    cast = make_cast("brent")
    person = member(cast, name)
    expected = 200 if "partnership-administrator" in person.role_keys() else 404
    assert name != "officer" or expected == 200
    assert signed_in(person).get("/partnership/policy/").status_code == expected


def test_the_policy_upload_page_asks_anonymous_users_to_sign_in() -> None:
    response = Client().get("/partnership/policy/")
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


# -- the home page -------------------------------------------------------------------------


def test_home_shows_each_person_only_what_they_may_see() -> None:
    cast = make_cast("brent")
    ours = raised_by_raiser(cast)
    theirs = raised_by_raiser(make_cast("haringey"))

    def home(person: Person) -> str:
        return signed_in(person).get("/").content.decode()

    assert ours.reference in home(cast.raiser)
    assert ours.reference not in home(cast.outsider)
    assert ours.reference not in home(cast.colleague)
    officers_home = home(cast.officer)
    assert ours.reference in officers_home
    assert theirs.reference not in officers_home
    assert ours.reference not in home(cast.stranger)


def test_an_officer_sees_every_escalation_of_their_partnership() -> None:
    cast = make_cast("brent")
    raised = [raised_by_raiser(cast) for _ in range(3)]
    act(raised[0], cast.raiser, "resolve", "Agreed.")
    page = signed_in(cast.officer).get("/?status=any").content.decode()
    for escalation in raised:
        assert escalation.reference in page


# -- signing in and out --------------------------------------------------------------------


def test_a_wrong_password_is_refused_with_a_plain_message() -> None:
    cast = make_cast("brent")
    page = Client().post(SIGN_IN, {"username": cast.raiser.username, "password": "wrong"})
    assert page.status_code == 200
    assert "Enter a correct username and password" in page.content.decode()


def test_signing_in_goes_home() -> None:
    cast = make_cast("brent")
    page = Client().post(SIGN_IN, {"username": cast.raiser.username, "password": PASSWORD})
    assert page.status_code == 302
    assert page["Location"] == "/"


def test_sign_out_is_post_only_and_then_pages_ask_to_sign_in() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    client = signed_in(cast.raiser)
    assert client.get("/sign-out/").status_code == 405
    assert client.get("/").status_code == 200, "a GET must not sign anyone out"
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == SIGN_IN
    for url in ("/", "/procedure/", f"/escalations/{escalation.reference}/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{SIGN_IN}?next=")
