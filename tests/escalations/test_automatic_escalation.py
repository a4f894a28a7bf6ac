"""A stage that moves on by itself when its deadline passes unanswered (issue 14, item 6):
the engine says when, the worker records the escalation."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
from cast import CHILD, Cast, make_cast

from escalate.escalations.models import Escalation, EventKind
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import PolicyVersion
from escalate.policy.clock import LONDON
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db
BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text("utf-8")
STAGE_TWO = "  - key: other-worker\n"


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def _automatic_brent(cast: Cast) -> None:
    """Brent, with stage one moving on by itself after its 1 working day, and stage two
    given 1 working day of its own."""
    head, tail = BRENT.split(STAGE_TWO)
    stage_one = head.rsplit("  - key: line-manager\n", 1)
    assert len(stage_one) == 2
    text = (
        stage_one[0]
        + "  - key: line-manager\n"
        + stage_one[1].rstrip("\n")
        + "\n    deadline: 1 working day\n    escalate_when_overdue: true\n\n"
        + STAGE_TWO
        + tail
    ).replace('version: "2"', 'version: "auto"', 1)
    two = "    record: [the discussion and its outcome]\n\n  - key: line-managers\n"
    assert text.count(two) == 1
    text = text.replace(two, two.replace("\n\n", "\n    deadline: 1 working day\n\n", 1))
    PolicyVersion.objects.create(
        partnership=cast.partnership, version="auto", effective_date=dt.date(2026, 1, 1), text=text
    )


def _raise(cast: Cast, now: dt.datetime) -> Escalation:
    policy = cast.partnership.policy_in_force(now.date()).policy
    assert policy.stages[0].escalate_when_overdue
    return escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        disagreement="The referral was closed without a visit.",
        outcome_wanted="An assessment.",
        immediate_risk=False,
        now=now,
        categories=[policy.categories[0].key],
        **CHILD,  # type: ignore[arg-type]
    )


def test_at_17_00_on_the_day_before_a_bank_holiday() -> None:
    cast = make_cast("brent")
    _automatic_brent(cast)
    # Raised Wednesday 1 April 2026: one working day is Thursday 2 April, 17:00, the day
    # before Good Friday. Easter Monday (6 April) is a bank holiday too.
    escalation = _raise(cast, london("2026-04-01T10:00"))
    run_pass(now=london("2026-04-02T17:00"))  # the deadline itself: not yet passed
    escalation.refresh_from_db()
    assert escalation.current_stage == "line-manager"
    run_pass(now=london("2026-04-02T17:00:01"))
    escalation.refresh_from_db()
    assert escalation.current_stage == "other-worker"
    event = escalation.events.get(kind=EventKind.ESCALATED)
    assert event.actor is None
    assert event.at == london("2026-04-02T17:00:01")
    assert event.data["automatic"] is True
    assert event.data["deadline"] == london("2026-04-02T17:00").astimezone(dt.UTC).isoformat()
    assert "Escalated automatically" in event.text
    # Stage two's 1 working day runs from Thursday evening: Good Friday and Easter Monday
    # are holidays, so it ends Tuesday 7 April (before Brent's cap, Friday 10 April).
    assert escalation.next_deadline == london("2026-04-07T17:00")
    # Running again does nothing more.
    run_pass(now=london("2026-04-02T18:00"))
    assert escalation.events.filter(kind=EventKind.ESCALATED).count() == 1


def test_a_stage_ended_before_its_deadline_is_left_alone() -> None:
    cast = make_cast("brent")
    _automatic_brent(cast)
    escalation = _raise(cast, london("2026-04-01T10:00"))
    escalation_act(
        escalation=escalation,
        actor=cast.raiser,
        action="resolve",
        expected_version=escalation.version,
        text="Agreed.",
        now=london("2026-04-02T12:00"),
    )
    run_pass(now=london("2026-04-03T10:00"))
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    assert not escalation.events.filter(kind=EventKind.ESCALATED).exists()


def test_without_the_setting_the_worker_only_offers_escalation() -> None:
    cast = make_cast("brent")
    now = london("2026-03-02T10:00")
    policy = cast.partnership.policy_in_force(now.date()).policy
    escalation = escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        disagreement="The referral was closed without a visit.",
        outcome_wanted="An assessment.",
        immediate_risk=False,
        now=now,
        categories=[policy.categories[0].key],
        **CHILD,  # type: ignore[arg-type]
    )
    run_pass(now=london("2026-03-20T10:00"))
    escalation.refresh_from_db()
    assert escalation.current_stage == "line-manager"
