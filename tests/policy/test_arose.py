"""The clock starts when the disagreement arose: "raise within 2 working days of the
disagreement" (issue 14, item 2)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from policy_ladder import london, policy

from escalate.policy.case import CaseFacts, CaseState, Event
from escalate.policy.engine import EngineError, evaluate
from escalate.policy.loader import PolicyError
from escalate.policy.render import policy_text

RAISE_WITHIN = "\nraise_within: 2 working days\n"
AROSE = london("2026-04-01T00:00")  # Wednesday; 2 working days: Thursday, then Tuesday 7 April


def _state(raised: str, arose: datetime | None = AROSE, **kwargs: str) -> CaseState:
    ladder = policy(top=RAISE_WITHIN, **kwargs)
    at = london(raised)
    return evaluate(ladder, CaseFacts(arose_at=arose), [Event("raised", at)], at)


def test_raised_at_the_last_moment_is_on_time() -> None:
    state = _state("2026-04-07T17:00")
    assert state.raise_due == london("2026-04-07T17:00")
    assert state.raised_late is False


def test_raised_a_moment_later_is_late() -> None:
    state = _state("2026-04-07T17:01")
    assert state.raised_late is True
    assert state.arose_at == AROSE


def test_without_an_answer_it_arose_when_raised() -> None:
    state = _state("2026-04-07T17:01", arose=None)
    assert state.arose_at == london("2026-04-07T17:01")
    assert state.raised_late is False


def test_an_answer_after_raising_is_taken_as_raising() -> None:
    later = london("2026-04-09T10:00")
    state = _state("2026-04-07T12:00", arose=later)
    assert state.arose_at == london("2026-04-07T12:00")


def test_a_policy_without_raise_within_never_says_late() -> None:
    ladder = policy()
    at = london("2026-05-01T10:00")
    state = evaluate(ladder, CaseFacts(arose_at=AROSE), [Event("raised", at)], at)
    assert state.raise_due is None
    assert state.raised_late is False


def test_the_target_may_count_from_when_it_arose() -> None:
    ladder = policy(top=RAISE_WITHIN, target="10 working days, from: arose")
    at = london("2026-04-07T12:00")
    state = evaluate(ladder, CaseFacts(arose_at=AROSE), [Event("raised", at)], at)
    # 10 working days after Wednesday 1 April: 2, 7-10 and 13-17 April.
    assert state.target_due == london("2026-04-17T17:00")
    assert "Target: 10 working days from when the disagreement arose" in policy_text(ladder)
    assert "Raise within: 2 working days of the disagreement arising" in policy_text(ladder)


def test_a_time_without_a_zone_is_refused() -> None:
    naive = AROSE.replace(tzinfo=None)
    with pytest.raises(EngineError):
        _state("2026-04-07T12:00", arose=naive)


def test_a_bad_raise_within_is_located() -> None:
    with pytest.raises(PolicyError) as caught:
        policy(top="\nraise_within: 2 days\n")
    (problem,) = caught.value.problems
    assert problem.path == ("raise_within",)
    assert '"2 working days"' in problem.message


def test_clock_hours_from_when_it_arose() -> None:
    ladder = policy(top="\nraise_within: 24 hours\n")
    arose = london("2026-03-28T12:00")  # the day before the clocks go forward
    at = london("2026-03-29T13:00")
    state = evaluate(ladder, CaseFacts(arose_at=arose), [Event("raised", at)], at)
    assert state.raise_due == at
    assert not state.raised_late
    late = at + timedelta(minutes=1)
    assert evaluate(ladder, CaseFacts(arose_at=arose), [Event("raised", late)], late).raised_late
