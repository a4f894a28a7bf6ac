"""The escalation page's query budget (12) with 5 and with 50 events, for everyone who may
see it, at the points of the procedure where the page asks the most: steps to do, a notice
to sign, a panel convened, learning recorded, an agreed outcome waiting for confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from budget import ESCALATION_PAGE_BUDGET, assert_budget
from cast import Cast, make_cast, person
from django.test import Client
from django.utils import timezone
from many import notes_on
from test_pages import act, escalate_to, raise_escalation, signed_in

from escalate.escalations.models import Escalation
from escalate.reports.learning import learning_record
from escalate.reports.services import meeting_convene

pytestmark = pytest.mark.django_db

VIEWERS = ["raiser", "manager", "other", "other_manager", "officer", "chair"]


def budget_of(escalation: Escalation, viewer: object, limit: int) -> None:
    def page(n: int) -> tuple[Client, str]:
        notes_on(escalation, n)
        return signed_in(viewer), f"/escalations/{escalation.reference}/"  # type: ignore[arg-type]

    assert limit <= ESCALATION_PAGE_BUDGET
    assert_budget(page, limit=limit)


def just_raised(cast: Cast) -> Escalation:
    return raise_escalation(cast)


def at_the_panel_with_learning(cast: Cast) -> Escalation:
    """Brent's resolution panel convened, with a lesson and a gap in policy recorded."""
    escalation = raise_escalation(cast)
    escalate_to(escalation, "resolution-panel")
    members = [
        person("bm.school", cast.school, "board-member"),
        person("bm.social", cast.social_care, "board-member"),
        person("bm.health", cast.health, "board-member"),
    ]
    meeting_convene(
        escalation=escalation,
        actor=cast.officer,
        expected_version=escalation.version,
        members=members,
        chair=None,
        starts_at=timezone.now() + dt.timedelta(days=7),
        place="Civic Centre",
    )
    for kind in ("lesson", "policy-gap"):
        escalation.refresh_from_db()
        learning_record(
            escalation=escalation,
            actor=cast.raiser,
            kind=kind,
            text="Thresholds were read differently.",
            expected_version=escalation.version,
        )
    escalation.refresh_from_db()
    return escalation


def resolved_with_nobody_named(cast: Cast) -> Escalation:
    """Resolved, the professional not in the directory: the page works out who confirms."""
    escalation = raise_escalation(cast)
    Escalation.objects.filter(pk=escalation.pk).update(
        receiving_professional=None, receiving_professional_name="A duty social worker"
    )
    act(escalation, cast.raiser, "resolve", "Agreed.", data={"outstanding": "None"})
    return escalation


SCENES: dict[str, tuple[str, Callable[[Cast], Escalation]]] = {
    "brent, just raised": ("brent", just_raised),
    "st-helens, just raised (a notice to sign later)": ("st-helens", just_raised),
    "lincolnshire, just raised (steps to do)": ("lincolnshire", just_raised),
    "brent, at the panel with learning": ("brent", at_the_panel_with_learning),
    "bromley, resolved and waiting for confirmation": ("bromley", resolved_with_nobody_named),
}


# What the page runs now (issue 10) for a party to the escalation (the session, the person,
# the escalation with whether they are party to it, its events, the role holders and line
# managers the page names, its documents and meetings) and for the partnership's officers,
# who see every escalation without asking: one more than this fails.
BUDGETS: dict[str, tuple[int, int]] = {  # (party, officer or chair)
    "brent, just raised": (8, 8),
    "st-helens, just raised (a notice to sign later)": (8, 8),
    "lincolnshire, just raised (steps to do)": (7, 7),
    "brent, at the panel with learning": (8, 8),
    "bromley, resolved and waiting for confirmation": (7, 7),
}


def budget_for(scene: str, viewer: str) -> int:
    party, officer = BUDGETS[scene]
    return officer if viewer in ("officer", "chair") else party


@pytest.mark.parametrize("scene", list(SCENES))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_escalation_page_keeps_its_budget(scene: str, viewer: str) -> None:
    policy_id, make = SCENES[scene]
    cast = make_cast(policy_id)
    escalation = make(cast)
    budget_of(escalation, getattr(cast, viewer), budget_for(scene, viewer))


def test_a_st_helens_notice_stage_keeps_its_budget() -> None:
    cast = make_cast("st-helens")
    escalation = raise_escalation(cast)
    while not escalation.policy_version.policy.stage(escalation.current_stage).documents:
        act(escalation, cast.raiser, "escalate", "Still not resolved.")
    for viewer in ("raiser", "manager", "officer"):
        budget_of(escalation, getattr(cast, viewer), 8)
