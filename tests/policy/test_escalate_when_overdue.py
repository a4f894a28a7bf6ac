"""The engine says when a stage moves on by itself (issue 14, item 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, Event
from escalate.policy.engine import evaluate
from escalate.policy.loader import PolicyError

AUTO = THREE_STAGES.replace(
    "    deadline: 2 working days\n",
    "    deadline: 2 working days\n    escalate_when_overdue: true\n",
    1,
)
RAISED = london("2026-03-31T10:00")  # Tuesday; 2 working days end Thursday 2 April 17:00
DEADLINE = london("2026-04-02T17:00")  # the day before Good Friday


def test_due_one_moment_after_the_deadline_not_at_it() -> None:
    ladder = policy(AUTO)
    events = [Event("raised", RAISED)]
    assert evaluate(ladder, CaseFacts(), events, DEADLINE).escalate_automatically is None
    state = evaluate(ladder, CaseFacts(), events, DEADLINE + timedelta(seconds=1))
    assert state.escalate_automatically == DEADLINE
    assert state.allows("escalate")


def test_once_moved_on_the_next_stage_counts_from_then() -> None:
    ladder = policy(AUTO)
    moved = DEADLINE + timedelta(minutes=1)
    events = [Event("raised", RAISED), Event("escalated", moved)]
    state = evaluate(ladder, CaseFacts(), events, moved)
    assert state.current.key == "managers"
    assert state.escalate_automatically is None
    # 5 working days from Thursday 2 April: 7, 8, 9, 10, 13 April.
    assert state.current.deadline == london("2026-04-13T17:00")


def test_not_when_the_stage_was_resolved_or_lacks_the_setting() -> None:
    later = DEADLINE + timedelta(days=1)
    resolved = [Event("raised", RAISED), Event("resolved", london("2026-04-01T10:00"))]
    assert evaluate(policy(AUTO), CaseFacts(), resolved, later).escalate_automatically is None
    plain = [Event("raised", RAISED)]
    assert evaluate(policy(), CaseFacts(), plain, later).escalate_automatically is None


def test_the_last_stage_cannot_escalate_by_itself() -> None:
    stages = THREE_STAGES.replace(
        "    deadline: 10 working days\n",
        "    deadline: 10 working days\n    escalate_when_overdue: true\n",
    )
    with pytest.raises(PolicyError) as caught:
        policy(stages)
    (problem,) = caught.value.problems
    assert problem.path == ("stages", 2, "escalate_when_overdue")
    assert problem.line is not None
    assert "the last stage cannot escalate by itself" in problem.message
