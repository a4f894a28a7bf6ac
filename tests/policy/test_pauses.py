"""Pausing the clock with a reason, resumed by an event: paused time never counts
(issue 14, item 11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, CaseState, Event
from escalate.policy.clock import LONDON, WorkingCalendar
from escalate.policy.durations import Duration
from escalate.policy.engine import EngineError, evaluate
from escalate.policy.pauses import Pause, shifted

REASONS = """
pause_reasons:
  - {key: strategy-meeting, label: the outcome of the strategy meeting}
  - {key: health-records, label: health records from another area}
"""
ENGLAND = WorkingCalendar()
RAISED = london("2026-03-30T10:00")  # Monday; stage 1's 2 working days end Wednesday 1 April


def _paused(*events: Event, now: datetime, stages: str = THREE_STAGES) -> CaseState:
    ladder = policy(stages, top=REASONS)
    return evaluate(ladder, CaseFacts(), [Event("raised", RAISED), *events], now)


def test_while_paused_no_deadline_runs_and_nothing_is_overdue() -> None:
    pause = Event("paused", london("2026-03-31T10:00"), reason="strategy-meeting")
    state = _paused(pause, now=london("2026-04-20T10:00"))
    assert state.current.deadline is None
    assert state.next_deadline is None
    assert state.overdue == ()
    paused = state.paused
    assert (paused.reason, paused.label) == (
        "strategy-meeting",
        "the outcome of the strategy meeting",
    )
    assert state.allows("resume")
    assert not state.allows("pause")


def test_a_pause_across_the_easter_bank_holidays() -> None:
    # Paused Tuesday 31 March 10:00, resumed Tuesday 7 April 10:00. Working time lost: the
    # rest of Tuesday (7 h), Wednesday and Thursday (16 h), Good Friday and Easter Monday
    # none, Tuesday 7 April to 10:00 (1 h): 24 h, three working days. Wednesday 1 April
    # 17:00 moves three working days on: Thursday 2, Tuesday 7, Wednesday 8 April.
    pause = Event("paused", london("2026-03-31T10:00"), reason="health-records")
    resume = Event("resumed", london("2026-04-07T10:00"))
    state = _paused(pause, resume, now=london("2026-04-07T10:00"))
    assert state.current.deadline == london("2026-04-08T17:00")
    (period,) = state.current.pauses
    assert (period.start, period.end) == (pause.at.astimezone(UTC), resume.at.astimezone(UTC))
    assert state.paused is None
    # The target (one working week from Monday 30 March: Wednesday 8 April) moves on the
    # same three working days: Thursday 9, Friday 10, Monday 13 April.
    assert state.target_due == london("2026-04-13T17:00")


def test_a_pause_outside_working_hours_costs_nothing() -> None:
    pause = Event("paused", london("2026-03-30T17:30"), reason="health-records")
    resume = Event("resumed", london("2026-03-31T08:30"))
    state = _paused(pause, resume, now=london("2026-03-31T09:00"))
    assert state.current.deadline == london("2026-04-01T17:00")


def test_clock_hours_lose_the_whole_pause() -> None:
    stages = THREE_STAGES.replace("deadline: 2 working days", "deadline: 24 hours", 1)
    pause = Event("paused", london("2026-03-30T20:00"), reason="health-records")
    resume = Event("resumed", london("2026-03-31T02:00"))
    state = _paused(pause, resume, now=london("2026-03-31T02:00"), stages=stages)
    assert state.current.deadline == london("2026-03-31T16:00")


def test_escalating_ends_the_pause_and_the_next_stage_runs() -> None:
    pause = Event("paused", london("2026-03-31T10:00"), reason="health-records")
    moved = Event("escalated", london("2026-03-31T15:00"))
    state = _paused(pause, moved, now=london("2026-03-31T15:00"))
    assert state.paused is None
    assert state.current.key == "managers"
    # 5 working days from Tuesday 31 March, nothing paused: 1, 2, 7, 8, 9 April.
    assert state.current.deadline == london("2026-04-09T17:00")
    assert state.history[0].pauses[0].end == moved.at.astimezone(UTC)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([Event("paused", london("2026-03-31T10:00"), reason="tea")], "'tea' is not something"),
        ([Event("resumed", london("2026-03-31T10:00"))], "the clock is not paused"),
        (
            [
                Event("paused", london("2026-03-31T10:00"), reason="health-records"),
                Event("paused", london("2026-03-31T11:00"), reason="health-records"),
            ],
            "already paused",
        ),
    ],
)
def test_refused_pauses_say_why(events: list[Event], message: str) -> None:
    with pytest.raises(EngineError, match=message):
        _paused(*events, now=london("2026-03-31T12:00"))


def test_a_policy_without_reasons_offers_no_pause() -> None:
    ladder = policy()
    state = evaluate(ladder, CaseFacts(), [Event("raised", RAISED)], RAISED)
    assert not state.allows("pause")
    with pytest.raises(EngineError, match="allows: none"):
        evaluate(
            ladder,
            CaseFacts(),
            [Event("raised", RAISED), Event("paused", RAISED, reason="x")],
            RAISED,
        )


# Properties

durations = st.one_of(
    st.just(Duration("same_working_day")),
    st.builds(Duration, st.just("working_hours"), st.integers(min_value=1, max_value=40)),
    st.builds(Duration, st.just("working_days"), st.integers(min_value=1, max_value=20)),
    st.builds(Duration, st.just("clock_hours"), st.integers(min_value=1, max_value=200)),
)
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(LONDON),
)
minutes = st.integers(min_value=1, max_value=60 * 24 * 20)


def _counted(duration: Duration, start: datetime, end: datetime, pauses: list[Pause]) -> timedelta:
    """The time that counts between ``start`` and ``end``: all of it less the pauses."""
    measure = (
        (lambda a, b: max(b - a, timedelta(0)))
        if duration.kind == "clock_hours"
        else ENGLAND.working_time_between
    )
    total = measure(start, end)
    for pause in pauses:
        assert pause.end is not None
        total -= measure(max(pause.start, start), min(pause.end, end))
    return total


@given(duration=durations, start=moments, offsets=st.lists(st.tuples(minutes, minutes), max_size=3))
def test_paused_time_never_counts(
    duration: Duration, start: datetime, offsets: list[tuple[int, int]]
) -> None:
    pauses: list[Pause] = []
    cursor = start.astimezone(UTC)
    for gap, length in offsets:
        begin = cursor + timedelta(minutes=gap)
        pauses.append(Pause("waiting", 0, begin, begin + timedelta(minutes=length)))
        cursor = begin + timedelta(minutes=length)
    plain = duration.due(ENGLAND, start)
    due = shifted(ENGLAND, duration, start, pauses)
    assert due is not None
    # The time that counts up to the new deadline is the time the deadline always allowed.
    assert _counted(duration, start, due, pauses) == _counted(duration, start, plain, [])


@given(duration=durations, start=moments, gap=minutes, length=minutes)
def test_a_deadline_never_precedes_its_start_nor_its_unpaused_self(
    duration: Duration, start: datetime, gap: int, length: int
) -> None:
    begin = start.astimezone(UTC) + timedelta(minutes=gap)
    pause = Pause("waiting", 0, begin, begin + timedelta(minutes=length))
    due = shifted(ENGLAND, duration, start, [pause])
    assert due is not None
    assert due >= start
    assert due >= duration.due(ENGLAND, start)
    assert shifted(ENGLAND, duration, start, [Pause("waiting", 0, begin)]) in (
        None,
        duration.due(ENGLAND, start),
    )


def test_show_lists_what_the_clock_may_wait_for() -> None:
    from escalate.policy.render import policy_text

    assert "The clock may wait for: health records from another area" in policy_text(
        policy(top=REASONS)
    )
