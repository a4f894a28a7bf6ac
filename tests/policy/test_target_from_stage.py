"""A target counted from a stage: "no more than 20 working days from the formal stage"
(issue 14, item 5)."""

from __future__ import annotations

import pytest
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, Event
from escalate.policy.engine import evaluate
from escalate.policy.loader import PolicyError
from escalate.policy.render import policy_text, timeline_text
from escalate.policy.timeline import timeline_json, worst_case


def _ladder(counted_from: str = "managers") -> str:
    return f"20 working days, from: {counted_from}"


def test_the_target_counts_from_when_the_stage_is_reached() -> None:
    ladder = policy(target=_ladder())
    raised = london("2026-03-02T10:00")  # Monday
    events = [Event("raised", raised)]
    state = evaluate(ladder, CaseFacts(), events, raised)
    assert state.target_due is None
    assert state.target_from == "Stage 2 - the managers talk"


def test_exact_boundary_of_a_target_from_a_stage() -> None:
    ladder = policy(target=_ladder())
    raised = london("2026-03-02T10:00")
    formal = london("2026-03-04T15:00")
    events = [Event("raised", raised), Event("escalated", formal)]
    state = evaluate(ladder, CaseFacts(), events, formal)
    # Working days after Wed 4 March: 5,6, 9-13, 16-20, 23-27, 30,31, 1 April: the 20th is
    # Wednesday 1 April; 3 and 6 April (Good Friday, Easter Monday) are not reached.
    assert state.target_due == london("2026-04-01T17:00")


def test_a_target_from_raising_is_unchanged() -> None:
    ladder = policy()
    raised = london("2026-03-02T10:00")
    state = evaluate(ladder, CaseFacts(), [Event("raised", raised)], raised)
    assert state.target_due == london("2026-03-09T17:00")
    assert state.target_from is None


def test_a_skipped_stage_counts_from_the_stage_after_it() -> None:
    stages = THREE_STAGES.replace(
        "    deadline: 5 working days\n",
        "    deadline: 5 working days\n    skip: [{when: discretion, by: [line-manager]}]\n",
    )
    ladder = policy(stages, target=_ladder())
    raised = london("2026-03-02T10:00")
    at_panel = london("2026-03-03T10:00")
    events = [Event("raised", raised), Event("skipped", at_panel, stage="panel")]
    state = evaluate(ladder, CaseFacts(), events, at_panel)
    # Tuesday 3 March plus 20 working days is Tuesday 31 March.
    assert state.target_due == london("2026-03-31T17:00")


def test_an_unknown_stage_is_located_with_what_to_write() -> None:
    with pytest.raises(PolicyError) as caught:
        policy(target=_ladder("formal"))
    (problem,) = caught.value.problems
    assert problem.path == ("target", "from")
    assert problem.line is not None
    assert "'formal', which is not a stage of this policy" in problem.message
    assert "Write raised, arose, or one of: workers, managers, panel" in problem.message


def test_show_and_the_timeline_say_where_the_target_counts_from() -> None:
    ladder = policy(target=_ladder())
    assert "Target: 20 working days from the start of Stage 2 - the managers talk" in (
        policy_text(ladder)
    )
    timeline = worst_case(ladder, CaseFacts(), london("2026-03-02T10:00"))
    # Worst case: stage 1 ends Wed 4 March 17:00, so the target is 20 working days later.
    assert timeline_json(timeline)["target_due"] == "2026-04-01T16:00:00+00:00"
    assert "Target: resolved by Wed 01 Apr 2026 17:00" in timeline_text(timeline)
