"""A step's outcome asked for where the policy lists its outcomes (issue 14, item 3): Bromley's
Stage Four, where the BSCB Chair "may either seek to resolve the issue direct with the
relevant senior managers, or convene a Resolution Panel"; through the web as the Chair."""

from __future__ import annotations

import pytest
from cast import make_cast
from django.test import Client
from walk import LADDERS, links, people, raise_through_wizard, signed_in, take, text_of

from escalate.escalations.models import Escalation, EventKind
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db

DIRECT = "The Chair seeks to resolve the issue direct with the relevant senior managers"


def _at_stage_four() -> tuple[Escalation, Person, Person]:
    cast = make_cast("bromley")
    cast_people = people(cast, "bromley")
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    for who, action, step, _ in LADDERS["bromley"][:-1]:
        take(signed_in(cast_people[who]), escalation, action, step)
    assert escalation.current_stage == "bscb-chair"
    return escalation, cast.chair, cast.raiser


def _choose_url(client: Client, escalation: Escalation) -> str:
    detail = client.get(f"/escalations/{escalation.reference}/")
    [url] = [h for h in links(detail, escalation)["complete-step"] if "choose-approach" in h]
    return url


@pytest.mark.parametrize(
    ("outcome", "label", "direct_shown"),
    [
        ("direct-with-senior-managers", "Direct with senior managers", "no deadline"),
        ("resolution-panel", "Resolution panel", "not needed"),
    ],
)
def test_the_chair_records_which_way_stage_four_goes(
    outcome: str, label: str, direct_shown: str
) -> None:
    escalation, the_chair, the_raiser = _at_stage_four()
    chair = signed_in(the_chair)
    url = _choose_url(chair, escalation)
    form = text_of(chair.get(url))
    assert "What was the outcome?" in form
    assert "Direct with senior managers" in form
    assert "Resolution panel" in form
    missing = text_of(chair.post(url, {"version": escalation.version, "text": "Decided."}))
    assert "Select the outcome" in missing
    forged = chair.post(url, {"version": escalation.version, "text": "x", "outcome": "coin-toss"})
    assert "Select one of the outcomes listed" in text_of(forged)
    assert not escalation.events.filter(kind=EventKind.STEP_DONE, data__step="choose-approach")
    done = chair.post(
        url, {"version": escalation.version, "text": "Chose the way.", "outcome": outcome}
    )
    assert done.status_code == 302
    event = escalation.events.get(kind=EventKind.STEP_DONE, data__step="choose-approach")
    assert event.data["outcome"] == outcome
    page = text_of(signed_in(the_raiser).get(f"/escalations/{escalation.reference}/"))
    assert f"(outcome: {label})" in page
    assert f"Outcome: {label}" in page
    direct_line = next(line for line in page.splitlines() if DIRECT in line)
    assert f"{DIRECT}: {direct_shown}" in direct_line
    offered = links(chair.get(f"/escalations/{escalation.reference}/"), escalation)
    resolve_direct = [h for h in offered.get("complete-step", []) if "resolve-direct" in h]
    assert bool(resolve_direct) == (outcome == "direct-with-senior-managers")


def test_a_step_without_outcomes_keeps_the_plain_form() -> None:
    cast = make_cast("haringey")
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    manager = signed_in(cast.manager)
    take(manager, escalation, "escalate")
    url = (
        f"/escalations/{escalation.reference}/complete-step/"
        "?stage=head-of-service&step=refer-to-head-of-service"
    )
    form = text_of(manager.get(url))
    assert "What was done" in form
    assert "What was the outcome?" not in form
