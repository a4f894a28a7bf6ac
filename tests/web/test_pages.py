"""What each page shows: the home list, an escalation, the procedure and the raise wizard."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from importlib import resources

import pytest
from agree import decide
from cast import CHILD, PASSWORD, Cast, make_cast, raised_by_raiser
from django.test import Client
from django.utils import dateformat, timezone
from waits import clear_the_way

from escalate.escalations import services
from escalate.escalations.models import Escalation
from escalate.partnerships.models import Person
from escalate.policy.loader import load_policy_text
from escalate.policy.schema import Policy

pytestmark = pytest.mark.django_db

POLICIES = ["brent", "haringey", "lincolnshire", "st-helens", "bromley"]
LONG_AGO = dt.timedelta(days=40)


# -- helpers -------------------------------------------------------------------------------


def shipped(policy_id: str) -> Policy:
    text = (resources.files("escalate.policy") / "policies" / f"{policy_id}.yaml").read_text(
        encoding="utf-8"
    )
    return load_policy_text(text, f"{policy_id}.yaml")


def signed_in(person: Person) -> Client:
    client = Client()
    assert client.login(username=person.username, password=PASSWORD)
    return client


def page_text(client: Client, url: str) -> str:
    """The page's HTML with entities decoded, so the policy's words can be found as written."""
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def raise_escalation(
    cast: Cast,
    *,
    now: dt.datetime | None = None,
    categories: tuple[str, ...] = (),
    immediate_action: str = "",
) -> Escalation:
    """The cast's usual escalation, raised at ``now``, about ``categories`` (else the first),
    with the child at immediate risk where ``immediate_action`` says what was done."""
    chosen = {"categories": list(categories)} if categories else {}
    return raised_by_raiser(
        cast,
        now=now,
        immediate_risk=bool(immediate_action),
        immediate_action=immediate_action,
        **chosen,
    )


def act(escalation: Escalation, actor: Person, action: str, text: str, **extra: object) -> None:
    escalation.refresh_from_db()
    services.escalation_act(
        escalation=escalation,
        actor=actor,
        action=action,
        expected_version=escalation.version,
        text=text,
        **extra,  # type: ignore[arg-type]
    )
    escalation.refresh_from_db()


def escalate_to(escalation: Escalation, stage: str) -> None:
    while escalation.current_stage != stage:
        clear_the_way(escalation)
        act(escalation, escalation.raised_by, "escalate", "Still not resolved.")


def when(moment: dt.datetime, form: str) -> str:
    return dateformat.format(timezone.localtime(moment), form)


def ladder_items(html: str) -> list[str]:
    return re.findall(r'<li class="app-ladder__item.*?</li>', html, flags=re.S)


def header(html: str) -> str:
    found = re.search(r'<section class="govuk-service-navigation".*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


# -- home ----------------------------------------------------------------------------------


def test_home_lists_open_escalations_with_who_must_act() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    for person, needed in ((cast.raiser, True), (cast.manager, True), (cast.other, False)):
        html = page_text(signed_in(person), "/")
        assert escalation.reference in html
        assert ("Action needed" in html) is needed, person.username
        assert ("Nothing now" in html) is not needed, person.username


def test_home_shows_each_escalations_stage() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    escalate_to(escalation, "line-managers")
    html = page_text(signed_in(cast.raiser), "/")
    assert "Stage Three – Escalate Line Manager to Line Manager" in html


def test_home_shows_the_stage_in_the_policys_words() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    escalate_to(escalation, "line-managers")
    html = page_text(signed_in(cast.raiser), "/")
    assert shipped("brent").stage("line-managers").title in html


def test_home_puts_overdue_escalations_first_and_says_so() -> None:
    cast = make_cast("brent")
    fresh = raise_escalation(cast)
    late = raise_escalation(cast, now=timezone.now() - LONG_AGO)
    assert late.next_deadline is not None
    assert late.next_deadline < timezone.now()
    html = page_text(signed_in(cast.raiser), "/")
    assert html.count("Overdue") == 1
    assert html.index(late.reference) < html.index("Overdue") < html.index(fresh.reference)


# -- an escalation -------------------------------------------------------------------------


def test_detail_shows_the_summary() -> None:
    cast = make_cast("brent")
    policy = shipped("brent")
    escalation = raise_escalation(cast, categories=("thresholds", "communication"))
    html = page_text(signed_in(cast.raiser), f"/escalations/{escalation.reference}/")
    for words in (
        CHILD["child_name"],
        "born 4 May 2016",
        "Child in need",
        cast.school.name,
        cast.social_care.name,
        cast.other.display_name,
        cast.raiser.display_name,
        "Levels of need/thresholds, Communication",
        escalation.disagreement,
        escalation.outcome_wanted,
        policy.target.timescale,
    ):
        assert words in html, words


def test_detail_shows_an_immediate_risk_and_what_was_done_about_it() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast, immediate_action="Told the DSL at 10:05.")
    html = page_text(signed_in(cast.raiser), f"/escalations/{escalation.reference}/")
    assert '<strong class="govuk-tag govuk-tag--red">Immediate risk</strong>' in html
    assert "Done about the immediate risk" in html
    assert "Told the DSL at 10:05." in html


def test_detail_shows_the_whole_ladder_with_the_current_stage_marked() -> None:
    cast = make_cast("brent")
    policy = shipped("brent")
    escalation = raise_escalation(cast)
    escalate_to(escalation, "line-managers")
    html = page_text(signed_in(cast.raiser), f"/escalations/{escalation.reference}/")
    items = ladder_items(html)
    assert len(items) == len(policy.stages)
    for item, stage in zip(items, policy.stages, strict=True):
        assert stage.title in item
    marked = [item for item in items if "Current stage" in item]
    assert len(marked) == 1
    assert policy.stage("line-managers").title in marked[0]
    assert html.count("Not reached") == 2


def test_detail_says_what_must_happen_now_by_when() -> None:
    cast = make_cast("brent")
    policy = shipped("brent")
    escalation = raise_escalation(cast)
    escalate_to(escalation, "other-worker")
    html = page_text(signed_in(cast.raiser), f"/escalations/{escalation.reference}/")
    now_section = html[html.index("What must happen now") :]
    stage = policy.stage("other-worker")
    assert stage.title in now_section
    assert stage.guidance in now_section
    assert escalation.next_deadline is not None
    assert f"Deadline: <span>{when(escalation.next_deadline, 'l j F Y, H:i')}" in html
    assert "the discussion and its outcome" in now_section
    assert f"({cast.raiser.display_name}, {cast.other.display_name})" in now_section
    assert "The deadline has passed without resolution" not in html


def test_detail_shows_every_event_on_the_timeline() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    act(
        escalation,
        cast.raiser,
        "record-discussion",
        "We could not agree.",
        data={"who": "Ola Other", "method": "phone", "agreed": "", "disagreed": "The threshold"},
    )
    act(escalation, cast.other, "add-note", "Case file checked.")
    act(escalation, cast.manager, "escalate", "Still not resolved.")
    act(escalation, cast.officer, "report-policy-gap", "The policy names no timescale.")
    html = page_text(signed_in(cast.raiser), f"/escalations/{escalation.reference}/")
    timeline = html[html.index('<h2 class="govuk-heading-m">Timeline</h2>') :]
    for heading, text in (
        ("Raised", escalation.disagreement),
        ("Discussion recorded", "We could not agree."),
        ("Note added", "Case file checked."),
        ("Escalated", "Still not resolved."),
        ("Gap in policy reported", "The policy names no timescale."),
    ):
        assert f">{heading}</h3>" in timeline, heading
        assert text in timeline, text
    assert "With Ola Other (phone). Disagreed: The threshold." in timeline
    for person in (cast.raiser, cast.other, cast.manager, cast.officer):
        assert f"by {person.display_name}" in timeline
    newest_first = [timeline.index(t) for t in ("policy names", "Still not", "Case file", "agree")]
    assert newest_first == sorted(newest_first)


def test_the_timeline_names_the_stage_escalated_to_in_the_policys_words() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    act(escalation, cast.raiser, "escalate", "Still not resolved.")
    html = page_text(signed_in(cast.raiser), f"/escalations/{escalation.reference}/")
    timeline = html[html.index('<h2 class="govuk-heading-m">Timeline</h2>') :]
    assert f"to {shipped('brent').stage('other-worker').title}" in timeline


def test_detail_lists_the_actions_of_the_person_looking() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    html = page_text(signed_in(cast.raiser), f"/escalations/{escalation.reference}/")
    actions = html[
        html.index("What you can do") : html.index('<h2 class="govuk-heading-m">Summary')
    ]
    for label in (
        "Record a discussion",
        "Add a note",
        f"Escalate to {shipped('brent').stage('other-worker').title}",
        "Record that it is resolved",
        "Withdraw the escalation",
        "Report a gap in policy or procedure",
    ):
        assert label in actions, label
    assert "MASH" not in actions  # Brent's procedure names no MASH
    assert "Deadline passed" not in actions


def test_detail_warns_when_the_deadline_has_passed() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast, now=timezone.now() - LONG_AGO)
    html = page_text(signed_in(cast.raiser), f"/escalations/{escalation.reference}/")
    assert "The deadline has passed without resolution" in html
    assert "Overdue" in html
    assert escalation.next_deadline is not None
    assert f'class="app-overdue">{when(escalation.next_deadline, "l j F Y, H:i")}' in html
    assert "Deadline passed</strong>" in html, "the escalate link is flagged"


def test_detail_after_a_binding_decision() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    escalate_to(escalation, "resolution-panel")
    decide(escalation, cast.chair, "An assessment starts within 5 days.")
    assert escalation.status == "decided"
    for person in (cast.raiser, cast.chair):
        html = page_text(signed_in(person), f"/escalations/{escalation.reference}/")
        assert "Final binding decision made" in html
        assert "Nobody can escalate further" in html
        assert "An assessment starts within 5 days." in html
        assert f"/escalations/{escalation.reference}/escalate/" not in html
        assert "What must happen now" not in html
        assert "Ended here" in html
        assert "Current stage" not in html


# -- the procedure -------------------------------------------------------------------------


@pytest.mark.parametrize("policy_id", POLICIES)
def test_procedure_page_shows_the_whole_policy(policy_id: str) -> None:
    cast = make_cast(policy_id)
    policy = shipped(policy_id)
    html = page_text(signed_in(cast.raiser), "/procedure/")
    assert policy.title in html
    assert policy.partnership in html
    for stage in policy.stages:
        assert stage.title in html, stage.key
        assert stage.guidance in html, stage.key
    assert policy.immediate_risk.guidance in html
    for action in policy.immediate_risk.actions:
        assert action.text in html, action.key
    for matter in policy.not_escalations:
        assert matter.label in html, matter.key


def test_procedure_page_shows_lincolnshires_senior_liaison_officers() -> None:
    cast = make_cast("lincolnshire")
    policy = shipped("lincolnshire")
    html = page_text(signed_in(cast.raiser), "/procedure/")
    assert "Who to contact in each agency" in html
    (table,) = policy.counterparts
    rows = re.findall(
        r'<tr class="govuk-table__row"><td class="govuk-table__cell">(.*?)</td>'
        r'<td class="govuk-table__cell">(.*?)</td></tr>',
        html,
    )
    assert rows == [(entry.agency, entry.title) for entry in table.entries]
    assert ("Schools", "Designated Teacher for Child Protection") in rows
    assert table.fallback in html


# -- raising -------------------------------------------------------------------------------


def start_raising(person: Person) -> Client:
    client = signed_in(person)
    assert client.get("/raise/")["Location"] == "/raise/immediate-risk/"
    return client


def test_immediate_risk_shows_what_to_do_now_and_needs_what_was_done() -> None:
    cast = make_cast("brent")
    policy = shipped("brent")
    client = start_raising(cast.raiser)
    answer = client.post("/raise/immediate-risk/", {"immediate_risk": "yes"})
    assert answer["Location"] == "/raise/immediate-action/"

    html = page_text(client, "/raise/immediate-action/")
    assert "Act now to keep the child safe" in html
    assert policy.immediate_risk.guidance in html
    for action in policy.immediate_risk.actions:
        assert action.text in html
    assert "designated safeguarding lead" in html
    assert "same working day" in html

    empty = client.post("/raise/immediate-action/", {"immediate_action": "  "})
    assert empty.status_code == 200
    assert "Enter what you have done to keep the child safe" in unescape(empty.content.decode())
    done = client.post("/raise/immediate-action/", {"immediate_action": "Told the DSL at 10:05."})
    assert done["Location"] == "/raise/not-an-escalation/"


def answer_everything_but_immediate_action(client: Client, cast: Cast) -> None:
    answers = [
        ("immediate-risk", {"immediate_risk": "yes"}),
        ("not-an-escalation", {"matter": "none"}),
        ("agency", {"agency": cast.social_care.pk}),
        ("professional", {"professional": cast.other.pk}),
        (
            "child",
            {"name": "Ava Testington", "day": "4", "month": "5", "year": "2016"}
            | {"status": "child-in-need", "need_level": "specialist"},
        ),
        ("category", {"categories": ["thresholds"]}),
        ("disagreement", {"disagreement": "The referral was closed without a visit."}),
        ("outcome", {"outcome_wanted": "An assessment is started."}),
    ]
    for page, data in answers:
        assert client.post(f"/raise/{page}/", data).status_code == 302, page


def test_an_escalation_at_immediate_risk_cannot_be_raised_without_what_was_done() -> None:
    cast = make_cast("brent")
    client = start_raising(cast.raiser)
    answer_everything_but_immediate_action(client, cast)
    assert client.get("/raise/check/")["Location"] == "/raise/immediate-action/"
    assert client.post("/raise/check/")["Location"] == "/raise/immediate-action/"
    assert not Escalation.objects.exists()

    client.post("/raise/immediate-action/", {"immediate_action": "Told the DSL at 10:05."})
    check = page_text(client, "/raise/check/")
    assert "Told the DSL at 10:05." in check
    done = client.post("/raise/check/")
    escalation = Escalation.objects.get()
    assert done["Location"] == f"/raise/done/{escalation.reference}/"
    assert escalation.immediate_risk
    assert escalation.immediate_action == "Told the DSL at 10:05."


@pytest.mark.parametrize(
    ("matter", "go_to"),
    [
        ("conduct", "the allegations procedure (the LADO)"),
        ("whistleblowing", "your agency's whistleblowing policy"),
    ],
)
def test_a_matter_for_another_procedure_stops_the_wizard(matter: str, go_to: str) -> None:
    cast = make_cast("brent")
    client = start_raising(cast.raiser)
    client.post("/raise/immediate-risk/", {"immediate_risk": "no"})
    answer = client.post("/raise/not-an-escalation/", {"matter": matter})
    assert answer["Location"] == f"/raise/not-an-escalation/{matter}/"
    html = page_text(client, answer["Location"])
    assert "is not an escalation" in html
    assert f"Go to: <strong>{go_to}</strong>" in html
    assert shipped("brent").immediate_risk.guidance in html
    assert client.get("/raise/check/")["Location"] == "/raise/immediate-risk/"
    assert client.post("/raise/check/")["Location"] == "/raise/immediate-risk/"
    assert not Escalation.objects.exists()


def test_the_conduct_page_names_the_lado() -> None:
    cast = make_cast("brent")
    client = start_raising(cast.raiser)
    html = page_text(client, "/raise/not-an-escalation/conduct/")
    assert "refer it to the LADO" in html
    assert not Escalation.objects.exists()


# -- every page ----------------------------------------------------------------------------


def pages_of(cast: Cast, escalation: Escalation) -> list[tuple[Person, str]]:
    ref = escalation.reference
    return [
        (cast.raiser, "/"),
        (cast.raiser, "/procedure/"),
        (cast.raiser, "/raise/immediate-risk/"),
        (cast.raiser, f"/raise/done/{ref}/"),
        (cast.raiser, f"/escalations/{ref}/"),
        (cast.raiser, f"/escalations/{ref}/add-note/"),
        (cast.officer, f"/escalations/{ref}/views/"),
        (cast.officer, "/partnership/policy/"),
    ]


@pytest.mark.parametrize("policy_id", POLICIES)
def test_pages_carry_the_partnerships_name_and_no_crown(policy_id: str) -> None:
    cast = make_cast(policy_id)
    escalation = raise_escalation(cast)
    for person, url in pages_of(cast, escalation):
        client = signed_in(person)
        client.get("/raise/")
        html = page_text(client, url)
        assert cast.partnership.name in header(html), url
        assert "GOV.UK" not in html, url
        assert "govuk-header__logo" not in html, url


def test_the_sign_in_page_has_no_partnership_and_no_crown() -> None:
    html = page_text(Client(), "/sign-in/")
    assert "Sign in to Escalate" in html
    assert "Board" not in header(html)
    assert "Partnership" not in header(html)
    assert "GOV.UK" not in html
    assert "govuk-header__logo" not in html
