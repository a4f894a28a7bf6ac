"""Several procedures in one partnership, through the web as the people concerned (issue 14,
item 10): raise offers the routes open to this person for this child and agency, the
escalation keeps its route and runs its ladder, and the pages and documents name it.
Haringey's request for a child protection conference (issue 15, item 8) is such a route."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from budget import assert_budget
from cast import make_cast, person
from django.test import Client
from django.utils import timezone
from many import copies_of
from walk import raise_through_wizard, signed_in, take, text_of

from escalate.escalations.models import Escalation, EventKind
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import ActionRefused
from escalate.notifications.models import Notification
from escalate.partnerships.models import Agency
from escalate.reports.facts import facts_refresh_stale

pytestmark = pytest.mark.django_db

CONFERENCE = "A request that Children's Social Care convene a child protection conference"
GENERAL_TITLE = "The escalation process (Stage 1 and Stage 2)"


def _row(page: str, label: str) -> str | None:
    """The value of a summary list's row, as the page shows it."""
    found = re.search(rf">{label}</dt>\s*<dd[^>]*>\s*([^<]*?)\s*</dd>", page)
    return found.group(1) if found else None


def test_a_haringey_raiser_is_offered_the_conference_route_and_the_escalation_keeps_it() -> None:
    cast = make_cast("haringey")
    client = signed_in(cast.raiser)
    escalation = raise_through_wizard(client, cast, route="cp-conference")
    assert escalation.route == "cp-conference"
    assert escalation.current_stage == "first-line-managers"
    page = text_of(client.get(f"/escalations/{escalation.reference}/"))
    assert _row(page, "Procedure") == CONFERENCE
    record = text_of(client.get(f"/escalations/{escalation.reference}/documents/record/"))
    assert CONFERENCE in record


def test_the_route_page_lists_the_procedures_and_the_check_page_names_the_choice() -> None:
    cast = make_cast("haringey")
    client = signed_in(cast.raiser)
    client.get("/raise/")
    client.post("/raise/immediate-risk/", {"immediate_risk": "no"})
    client.post("/raise/not-an-escalation/", {"matter": "none"})
    client.post("/raise/agency/", {"agency": cast.social_care.pk})
    client.post("/raise/professional/", {"professional": cast.other.pk})
    child = {"name": "Ava Testington", "day": "4", "month": "5", "year": "2016"}
    answer = client.post("/raise/child/", {**child, "status": "none", "need_level": "not-known"})
    assert answer["Location"] == "/raise/route/"
    shown = text_of(client.get("/raise/route/"))
    assert "Which procedure are you following?" in shown
    assert GENERAL_TITLE in shown
    assert CONFERENCE in shown
    assert "the agency may formally request that children's social care convene" in shown
    refused = text_of(client.post("/raise/route/", {"route": "no-such-route"}))
    assert "Select one of the procedures listed" in refused
    assert client.post("/raise/route/", {"route": "cp-conference"})["Location"] == (
        "/raise/category/"
    )
    for page, values in (
        ("category", {"categories": ["cp-conference-refused"]}),
        ("disagreement", {"disagreement": "A conference was refused."}),
        ("outcome", {"outcome_wanted": "A conference is held."}),
    ):
        client.post(f"/raise/{page}/", values)
    check = text_of(client.get("/raise/check/"))
    assert _row(check, "Procedure") == CONFERENCE
    # Changing the agency to one the route is not for: the question goes, the ladder is general.
    client.post("/raise/agency/?from=check", {"agency": cast.health.pk})
    health_worker = person("nurse.haringey", cast.health, "practitioner")
    client.post("/raise/professional/?from=check", {"professional": health_worker.pk})
    check = text_of(client.get("/raise/check/"))
    assert CONFERENCE not in check
    assert client.get("/raise/route/")["Location"] == "/raise/category/"
    client.post("/raise/check/")
    raised = Escalation.objects.get()
    assert raised.route == "general"
    assert raised.receiving_agency == cast.health


def test_a_route_not_open_to_the_raiser_is_refused_in_plain_words() -> None:
    cast = make_cast("haringey")
    with pytest.raises(ActionRefused) as refused:
        escalation_raise(
            raiser=cast.raiser,
            receiving_agency=cast.health,
            child_name="Ava Testington",
            child_date_of_birth=dt.date(2016, 5, 4),
            child_status="none",
            categories=["threshold"],
            disagreement="A referral was closed.",
            outcome_wanted="An assessment.",
            immediate_risk=False,
            route="cp-conference",
        )
    assert str(refused.value).startswith(
        "The procedure you chose is not open to you for this child and agency. Choose one of: "
        f"{GENERAL_TITLE}"
    )
    assert not Escalation.objects.exists()


def test_a_policy_with_one_ladder_never_asks_which_procedure() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser)
    escalation = raise_through_wizard(client, cast)  # asserts every page's next page
    assert escalation.route == "general"
    page = text_of(client.get(f"/escalations/{escalation.reference}/"))
    assert "Procedure</dt>" not in page


def test_haringey_conference_request_supported_and_convened_within_its_deadline() -> None:
    cast = make_cast("haringey")
    raiser = signed_in(cast.raiser)
    escalation = raise_through_wizard(raiser, cast, route="cp-conference")
    manager = signed_in(cast.manager)
    take(manager, escalation, "record-discussion")
    take(manager, escalation, "escalate")
    assert escalation.current_stage == "conference-request"
    # The school's senior manager (head of service) supports and records the formal request.
    head = signed_in(cast.manager.line_manager)
    page = text_of(head.get(f"/escalations/{escalation.reference}/"))
    assert "Formal request that Children's Social Care convene a child protection conference" in (
        page
    )
    take(head, escalation, "complete-step", "request-conference")
    requested = escalation.events.get(kind=EventKind.CONFERENCE_REQUESTED)
    assert requested.actor == cast.manager.line_manager
    page = text_of(raiser.get(f"/escalations/{escalation.reference}/"))
    assert "Child protection conference requested" in page
    assert "Children's Social Care convene a child protection conference: due" in page
    told = set(
        Notification.objects.filter(escalation=escalation, key__contains="request-to-children")
        .values_list("recipient__username", flat=True)
        .distinct()
    )
    assert told == {"othermanager.haringey", "otherhead.haringey"}
    # Children's Social Care's team manager records the conference as convened: the raiser is told.
    take(signed_in(cast.other_manager), escalation, "complete-step", "convene-conference")
    assert Notification.objects.filter(
        escalation=escalation, key__contains="conference-convened", recipient=cast.raiser
    ).exists()


def test_the_board_report_counts_escalations_by_the_procedure_they_followed() -> None:
    cast = make_cast("haringey")
    raise_through_wizard(signed_in(cast.raiser), cast, route="cp-conference")
    assert facts_refresh_stale(partnership=cast.partnership) == 0
    today = timezone.localdate()
    query = (
        f"start_day=1&start_month=1&start_year={today.year}"
        f"&end_day=31&end_month=12&end_year={today.year}"
    )
    officer = signed_in(cast.officer)
    page = text_of(officer.get(f"/partnership/report/?{query}"))
    assert "Escalations by the procedure they followed" in page
    csv = officer.get(f"/partnership/report/procedures.csv?{query}").content.decode()
    assert csv.splitlines() == [
        "Procedure,Escalations,Share",
        f"{GENERAL_TITLE},0,0%",
        f"{CONFERENCE},1,100%",
    ]
    brent = make_cast("brent")
    report = text_of(signed_in(brent.officer).get(f"/partnership/report/?{query}"))
    assert "Escalations by the procedure they followed" not in report


def test_the_route_page_keeps_its_query_budget() -> None:
    cast = make_cast("haringey")
    client = signed_in(cast.raiser)
    client.get("/raise/")
    client.post("/raise/immediate-risk/", {"immediate_risk": "no"})
    client.post("/raise/agency/", {"agency": cast.social_care.pk})
    child = {"name": "Ava Testington", "day": "4", "month": "5", "year": "2016"}
    client.post("/raise/child/", {**child, "status": "none", "need_level": "not-known"})
    original = escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        child_name="Ava Testington",
        child_date_of_birth=dt.date(2016, 5, 4),
        child_status="none",
        categories=["threshold"],
        disagreement="A referral was closed.",
        outcome_wanted="An assessment.",
        immediate_risk=False,
        route="cp-conference",
    )

    def page(n: int) -> tuple[Client, str]:
        copies_of(original, n - Escalation.objects.count())
        for number in range(Agency.objects.count(), n):
            Agency.objects.create(
                partnership=cast.partnership, name=f"Agency {number}", kind="other"
            )
        return client, "/raise/route/"

    assert_budget(page, limit=5)  # what it runs now (issue 10): one more fails
