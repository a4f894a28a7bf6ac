"""Either/or inside a stage: "reach agreement within 2 working days, or else hold a meeting
within a further 5" (issue 14, item 3)."""

from __future__ import annotations

import pytest
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, CaseState, Event
from escalate.policy.engine import EngineError, evaluate
from escalate.policy.loader import PolicyError
from escalate.policy.schema import Policy

STEPS = """    steps:
      - key: agree
        title: Try to reach agreement
        who: [practitioner@both]
        due: 2 working days
        outcomes: [agreed, not-agreed]
      - key: meet
        title: Hold a meeting
        who: [line-manager@both]
        due: {within: 5 working days, after: agree}
        if: {step: agree, outcome: [not-agreed]}
"""
RAISED = london("2026-03-02T10:00")  # Monday: agreement due Wednesday 4 March 17:00


def _ladder(steps: str = STEPS) -> Policy:
    stages = THREE_STAGES.replace("    deadline: 2 working days\n", steps, 1)
    return policy(stages)


def _state(*events: Event, now: str) -> CaseState:
    return evaluate(_ladder(), CaseFacts(), [Event("raised", RAISED), *events], london(now))


def test_before_the_outcome_the_meeting_is_provisional_after_the_agreement() -> None:
    state = _state(now="2026-03-02T10:00")
    agree, meet = state.current.steps
    assert agree.due == london("2026-03-04T17:00")
    assert meet.needed is True
    assert meet.due == london("2026-03-11T17:00")  # 5 working days after Wednesday
    # The meeting cannot be recorded before agreement's outcome (the engine refuses it), so it
    # is not offered yet (tests/policy/test_either_or_offers.py).
    assert [a.step for a in state.allowed_actions if a.kind == "complete-step"] == ["agree"]


def test_not_agreed_the_meeting_follows_within_a_further_five() -> None:
    done = Event("step-done", london("2026-03-03T15:00"), step="agree", outcome="not-agreed")
    state = _state(done, now="2026-03-03T15:00")
    meet = state.current.steps[1]
    assert (meet.needed, meet.due) == (True, london("2026-03-10T17:00"))
    assert state.current.steps[0].outcome == "not-agreed"
    assert [p.role for p in state.who_must_act] == ["line-manager"]


def test_agreed_the_meeting_is_not_needed() -> None:
    done = Event("step-done", london("2026-03-03T15:00"), step="agree", outcome="agreed")
    state = _state(done, now="2026-03-20T10:00")
    meet = state.current.steps[1]
    assert (meet.needed, meet.due, meet.overdue) == (False, None, False)
    assert "step:meet" not in state.overdue
    assert not any(a.step == "meet" for a in state.allowed_actions)
    assert [p.role for p in state.who_must_act] == ["practitioner"]  # the stage's actors
    with pytest.raises(EngineError, match="applies only when 'agree' ended not-agreed"):
        _state(
            done,
            Event("step-done", london("2026-03-05T10:00"), step="meet"),
            now="2026-03-05T10:00",
        )


def test_an_outcome_must_be_one_the_step_lists() -> None:
    with pytest.raises(EngineError, match="one of agreed, not-agreed"):
        _state(Event("step-done", london("2026-03-03T15:00"), step="agree"), now="2026-03-03T15:00")


def test_a_condition_on_an_unknown_outcome_is_located() -> None:
    with pytest.raises(PolicyError) as caught:
        _ladder(STEPS.replace("outcome: [not-agreed]", "outcome: [failed]"))
    (problem,) = caught.value.problems
    assert problem.path == ("stages", 0, "steps", 1, "if", "outcome", 0)
    assert "'failed' is not an outcome of 'agree'. Its outcomes are: agreed, not-agreed" in (
        problem.message
    )


def test_a_condition_on_a_later_step_is_located() -> None:
    with pytest.raises(PolicyError) as caught:
        _ladder(STEPS.replace("if: {step: agree,", "if: {step: meet,"))
    assert caught.value.problems[0].path == ("stages", 0, "steps", 1, "if", "step")
