"""Warnings N working hours or days before a deadline, per policy, stage or step
(issue 14, item 12)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, CaseState, Event
from escalate.policy.engine import evaluate
from escalate.policy.loader import PolicyError
from escalate.policy.schema import Policy

RAISED = london("2026-03-02T10:00")  # Monday; stage 1 is due Wednesday 4 March 17:00
SECOND = timedelta(seconds=1)


def _warnings(state: CaseState) -> list[tuple[str, str]]:
    return [(n.id, n.text) for n in state.notifications_due if n.key == "deadline-warning"]


def _state(ladder: Policy, now: object, *events: Event) -> CaseState:
    return evaluate(ladder, CaseFacts(), [Event("raised", RAISED), *events], now)  # type: ignore[arg-type]


def test_a_policy_wide_warning_at_its_exact_moment() -> None:
    ladder = policy(top="\nwarn_before: 1 working day\n")
    warn_at = london("2026-03-03T17:00")  # one working day before Wednesday 17:00
    early = _state(ladder, warn_at - SECOND)
    assert _warnings(early) == []
    assert early.next_warning == warn_at
    state = _state(ladder, warn_at)
    (warning,) = [n for n in state.notifications_due if n.key == "deadline-warning"]
    assert warning.trigger == "before-deadline"
    assert warning.due == warn_at
    assert [p.role for p in warning.to] == ["practitioner"]
    assert warning.text == "The deadline at Stage 1 - the workers talk is 1 working day away."
    assert state.next_warning is None


def test_a_warning_in_working_hours_skips_the_weekend() -> None:
    ladder = policy(top="\nwarn_before: 4 working hours\n")
    raised = london("2026-03-06T10:00")  # Friday; stage 1 due Tuesday 10 March 17:00
    state = evaluate(ladder, CaseFacts(), [Event("raised", raised)], raised)
    assert state.next_warning == london("2026-03-10T13:00")


def test_a_warning_once_sent_is_not_due_again() -> None:
    ladder = policy(top="\nwarn_before: 1 working day\n")
    now = london("2026-03-03T17:30")
    ((ident, _),) = _warnings(_state(ladder, now))
    sent = Event("notified", now, notification=ident)
    assert _warnings(_state(ladder, now, sent)) == []


def test_no_warning_after_the_stage_has_moved_on() -> None:
    ladder = policy(top="\nwarn_before: 1 working day\n")
    moved = Event("escalated", london("2026-03-03T12:00"))
    state = _state(ladder, london("2026-03-03T17:30"), moved)
    assert _warnings(state) == []
    # The next stage's deadline (5 working days from Tuesday: Tuesday 10 March) has its own.
    assert state.next_warning == london("2026-03-09T17:00")


STEPPED = THREE_STAGES.replace(
    "    deadline: 2 working days\n",
    "    deadline: 2 working days\n"
    "    steps:\n"
    "      - key: reply\n"
    "        title: Reply in writing\n"
    "        who: [practitioner@receiving]\n"
    "        due: 1 working day\n"
    "        warn_before: 2 working hours\n",
    1,
)


def test_a_step_has_its_own_warning_to_whoever_takes_it() -> None:
    ladder = policy(STEPPED)
    at = london("2026-03-03T15:00")  # the reply is due Tuesday 17:00
    assert _warnings(_state(ladder, at - SECOND)) == []
    (warning,) = [n for n in _state(ladder, at).notifications_due if n.key == "deadline-warning"]
    assert warning.text == "'Reply in writing' is due in 2 working hours."
    assert [(p.role, p.side) for p in warning.to] == [("practitioner", "receiving")]


def test_a_step_done_has_no_warning() -> None:
    ladder = policy(STEPPED)
    done = Event("step-done", london("2026-03-02T11:00"), step="reply")
    assert _warnings(_state(ladder, london("2026-03-03T15:30"), done)) == []


def test_a_stage_setting_beats_the_policys() -> None:
    stages = THREE_STAGES.replace(
        "    deadline: 2 working days\n",
        "    deadline: 2 working days\n    warn_before: same working day\n",
        1,
    )
    ladder = policy(stages, top="\nwarn_before: 1 working day\n")
    # "same working day" before Wednesday 17:00 is the start of Wednesday.
    assert _state(ladder, RAISED).next_warning == london("2026-03-04T09:00")


def test_without_a_setting_there_are_no_warnings() -> None:
    state = _state(policy(), london("2026-03-04T16:59"))
    assert _warnings(state) == []
    assert state.next_warning is None


def test_a_bad_warning_is_located() -> None:
    with pytest.raises(PolicyError) as caught:
        policy(top="\nwarn_before: 2 days\n")
    (problem,) = caught.value.problems
    assert problem.path == ("warn_before",)
    assert '"2 working days"' in problem.message


def test_show_prints_the_warnings() -> None:
    from escalate.policy.render import policy_text

    text = policy_text(policy(STEPPED, top="\nwarn_before: 1 working day\n"))
    assert "Warning: 1 working day before the deadline" in text
    assert "Step: Reply in writing; due 1 working day from the start of the stage; " in text
    assert "warning 2 working hours before;" in text
