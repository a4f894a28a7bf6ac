"""Clock hours ("within 24 hours") beside working hours and days (issue 14, item 1)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, Event
from escalate.policy.clock import WorkingCalendar
from escalate.policy.deadlines import before
from escalate.policy.durations import Duration, DurationError, parse_duration
from escalate.policy.engine import evaluate
from escalate.policy.loader import PolicyError
from escalate.policy.render import policy_text

ENGLAND = WorkingCalendar()


@pytest.mark.parametrize(
    "text", ["24 hours", "24 hrs", "24 clock hours", "24 calendar hours", "twenty-four hours"]
)
def test_hours_without_working_are_clock_hours(text: str) -> None:
    if text.startswith("twenty"):
        with pytest.raises(DurationError):
            parse_duration(text)
        return
    assert parse_duration(text) == Duration("clock_hours", 24)


def test_one_hour_reads_back() -> None:
    assert str(Duration("clock_hours", 1)) == "1 clock hour"
    assert str(parse_duration("48 hours")) == "48 clock hours"
    assert parse_duration("two hours") == Duration("clock_hours", 2)


def test_48_hours_is_not_taken_for_48_working_hours() -> None:
    assert parse_duration("48 hours") != parse_duration("48 working hours")
    # 48 working hours from Friday 16:00 is six working days later; 48 hours is Sunday.
    start = london("2026-10-02T16:00")
    assert parse_duration("48 hours").due(ENGLAND, start) == london("2026-10-04T16:00")
    assert parse_duration("48 working hours").due(ENGLAND, start) == london("2026-10-12T16:00")


def test_a_message_says_which_hours_are_which() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("48 business hours")
    message = str(caught.value)
    assert '"48 working hours"' in message
    assert "N hours (clock hours, nights and weekends included)" in message
    assert "N working hours" in message


def test_across_midnight_and_a_weekend() -> None:
    due = parse_duration("24 hours").due(ENGLAND, london("2026-10-02T22:30"))  # Friday
    assert due == london("2026-10-03T22:30")  # Saturday: no working day needed
    assert due.tzinfo is UTC
    assert parse_duration("2 hours").due(ENGLAND, london("2026-10-02T23:15")) == london(
        "2026-10-03T01:15"
    )


def test_across_the_spring_clock_change_counts_elapsed_hours() -> None:
    # Clocks go forward at 01:00 GMT on Sunday 29 March 2026: 24 elapsed hours from
    # Saturday 12:00 GMT end at 13:00 BST on Sunday.
    due = parse_duration("24 hours").due(ENGLAND, london("2026-03-28T12:00"))
    assert due == london("2026-03-29T13:00")
    assert (due - london("2026-03-28T12:00").astimezone(UTC)).total_seconds() == 24 * 3600


def test_across_the_autumn_clock_change_counts_elapsed_hours() -> None:
    # Clocks go back at 02:00 BST (01:00 UTC) on Sunday 25 October 2026.
    due = parse_duration("24 hours").due(ENGLAND, london("2026-10-24T12:00"))
    assert due == london("2026-10-25T11:00")
    # 00:30 BST is 23:30 UTC; two hours later is 01:30 UTC, the second 01:30 on the clock.
    due = parse_duration("2 hours").due(ENGLAND, london("2026-10-25T00:30"))
    assert due == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_advance_notice_in_clock_hours_counts_back_on_the_clock() -> None:
    deadline = london("2026-03-29T13:00")
    assert before(ENGLAND, deadline, Duration("clock_hours", 24)) == london("2026-03-28T12:00")


def test_a_stage_due_within_24_hours_in_the_engine() -> None:
    stages = THREE_STAGES.replace("deadline: 2 working days", "deadline: 24 hours", 1)
    ladder = policy(stages)
    raised = london("2026-04-02T17:30")  # Thursday before Good Friday, after hours
    state = evaluate(ladder, CaseFacts(), [Event("raised", raised)], raised)
    assert state.current.deadline == london("2026-04-03T17:30")  # Good Friday itself
    assert "Deadline: 24 clock hours from the start of the stage" in policy_text(ladder)


def test_a_bad_clock_hour_count_is_located() -> None:
    stages = THREE_STAGES.replace("deadline: 2 working days", "deadline: 0 hours", 1)
    with pytest.raises(PolicyError) as caught:
        policy(stages)
    (problem,) = caught.value.problems
    assert problem.path == ("stages", 0, "deadline", "within")
    assert "the number of hours must be 1 or more" in problem.message
