"""Deadline expressions from policy files: what is accepted, what is refused and why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalate.policy.clock import LONDON, WorkingCalendar
from escalate.policy.durations import Duration, DurationError, parse_duration

ENGLAND = WorkingCalendar("england")
ACCEPTED = (
    "Write one of: immediately, same working day, N working hours, N working days, "
    "N working weeks, N hours (clock hours, nights and weekends included)"
)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# Accepted spellings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("immediately", Duration("immediately")),
        ("Immediately", Duration("immediately")),
        ("  IMMEDIATELY \n", Duration("immediately")),
        ("same working day", Duration("same_working_day")),
        ("the same working day", Duration("same_working_day")),
        ("The  Same\tWorking Day", Duration("same_working_day")),
        ("1 working hour", Duration("working_hours", 1)),
        ("2 working hours", Duration("working_hours", 2)),
        ("one working hour", Duration("working_hours", 1)),
        ("four working hours", Duration("working_hours", 4)),
        ("24 working hours", Duration("working_hours", 24)),
        ("1 working day", Duration("working_days", 1)),
        ("5 working days", Duration("working_days", 5)),
        ("5   Working   Days", Duration("working_days", 5)),
        ("ten working days", Duration("working_days", 10)),
        ("Three Working Days", Duration("working_days", 3)),
        ("20 working days", Duration("working_days", 20)),
        ("1 working week", Duration("working_days", 5)),
        ("one working week", Duration("working_days", 5)),
        ("2 working weeks", Duration("working_days", 10)),
        ("two working weeks", Duration("working_days", 10)),
        ("1 working days", Duration("working_days", 1)),  # number and plural need not agree
        ("3 working day", Duration("working_days", 3)),
        ("999 working days", Duration("working_days", 999)),
    ],
)
def test_accepted_spellings(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
    ],
)
def test_numbers_as_words(word: str, number: int) -> None:
    assert parse_duration(f"{word} working days") == Duration("working_days", number)
    assert parse_duration(f"{word} working hours") == Duration("working_hours", number)
    assert parse_duration(f"{word} working weeks") == Duration("working_days", 5 * number)


# Canonical text


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (Duration("immediately"), "immediately"),
        (Duration("same_working_day"), "same working day"),
        (Duration("working_hours", 1), "1 working hour"),
        (Duration("working_hours", 2), "2 working hours"),
        (Duration("working_days", 1), "1 working day"),
        (Duration("working_days", 5), "5 working days"),
    ],
)
def test_canonical_text(duration: Duration, text: str) -> None:
    assert str(duration) == text
    assert parse_duration(text) == duration


def test_a_working_week_reads_back_as_five_working_days() -> None:
    assert str(parse_duration("1 working week")) == "5 working days"


# Refused input, each with a message that says what to write


def test_days_without_working_gets_the_full_message() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("5 days")
    assert str(caught.value) == (
        "'5 days' is not a deadline Escalate understands. Write one of: immediately, "
        "same working day, N working hours, N working days, N working weeks, "
        "N hours (clock hours, nights and weekends included) "
        '(for example "5 working days").'
    )


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("3 business hours", ["'3 business hours' is not a deadline", '"3 working hours"']),
        ("1 work hour", ["'1 work hour'", '"1 working hour"']),
        ("3 calendar hour days", ["'3 calendar hour days'", ACCEPTED]),
        ("2 weeks", ["'2 weeks'", ACCEPTED, '"2 working weeks"']),
        ("1 week", ["'1 week'", '"1 working week"']),
        ("5 calendar days", ["'5 calendar days'", '"5 working days"']),
        ("10 business days", ["'10 business days'", '"10 working days"']),
        ("same day", ["'same day'", '"same working day"']),
        ("asap", ["'asap' is not a deadline Escalate understands", ACCEPTED]),
        ("5 working months", ["'5 working months'", ACCEPTED]),
        ("within 5 working days", ["'within 5 working days'", ACCEPTED]),
        ("5working days", ["'5working days'", ACCEPTED]),
        ("0 working days", ["'0 working days'", "1 or more", '"immediately"']),
        ("-2 working hours", ["'-2 working hours'", "working hours must be 1 or more"]),
        ("zero working days", ["'zero working days'", "whole number of 1 or more"]),
        ("1.5 working days", ["'1.5 working days'", "whole number"]),
        ("eleven working days", ["'eleven working days'", "a word from one to ten"]),
        ("a working week", ["'a working week'", '"3 working weeks"']),
        ("1000 working days", ["'1000 working days'", "at most 999"]),
        ("", ["the deadline is empty", ACCEPTED]),
        ("   ", ["the deadline is empty"]),
    ],
)
def test_refused_text(text: str, fragments: list[str]) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    for fragment in fragments:
        assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (5, "5 is a number without a unit"),
        (2.5, "2.5 is a number without a unit"),
        (None, "the deadline is empty"),
        (True, "'true' is not a deadline"),
        (["5 working days"], "a deadline cannot be a list"),
        ({"within": "5 working days"}, "a deadline cannot be a dict"),
    ],
)
def test_values_that_are_not_text(value: object, fragment: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert fragment in str(caught.value)
    assert 'write the deadline as text, for example "5 working days"' in str(caught.value)


def test_duration_error_is_a_value_error() -> None:
    assert issubclass(DurationError, ValueError)


@pytest.mark.parametrize(
    ("kind", "amount", "fragment"),
    [
        ("working_days", 0, "working days must be 1 or more"),
        ("working_hours", -1, "working hours must be 1 or more"),
        ("immediately", 2, "has no amount"),
        ("same_working_day", 1, "has no amount"),
        ("fortnightly", 0, "not a kind of deadline"),
    ],
)
def test_invalid_durations_cannot_be_built(kind: str, amount: int, fragment: str) -> None:
    with pytest.raises(DurationError, match=fragment):
        Duration(kind, amount)  # type: ignore[arg-type]


# Working out when something is due


def test_immediately_is_due_at_the_start_in_utc() -> None:
    start = london(2026, 6, 17, 11, 15)
    due = Duration("immediately").due(ENGLAND, start)
    assert due == start
    assert due.tzinfo is UTC
    assert due == datetime(2026, 6, 17, 10, 15, tzinfo=UTC)


def test_immediately_on_a_sunday_is_still_immediately() -> None:
    start = london(2026, 1, 18, 3)
    assert Duration("immediately").due(ENGLAND, start) == start


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("same working day", london(2026, 1, 14, 16, 59), london(2026, 1, 14, 17)),
        ("same working day", london(2026, 1, 14, 17, 0), london(2026, 1, 15, 17)),
        ("2 working hours", london(2026, 1, 12, 16), london(2026, 1, 13, 10)),
        ("1 working day", london(2026, 4, 2, 10), london(2026, 4, 7, 17)),
        ("5 working days", london(2026, 12, 24, 10), london(2027, 1, 5, 17)),
        ("one working week", london(2026, 12, 24, 10), london(2027, 1, 5, 17)),
    ],
)
def test_due(text: str, start: datetime, expected: datetime) -> None:
    due = parse_duration(text).due(ENGLAND, start)
    assert due == expected
    assert due.tzinfo is UTC


def test_due_depends_on_the_nation() -> None:
    duration = parse_duration("5 working days")
    start = london(2026, 12, 24, 10)
    assert duration.due(WorkingCalendar("scotland"), start) == london(2027, 1, 6, 17)


@pytest.mark.parametrize(
    "duration",
    [
        Duration("immediately"),
        Duration("same_working_day"),
        Duration("working_hours", 2),
        Duration("working_days", 1),
    ],
)
def test_due_rejects_a_naive_start(duration: Duration) -> None:
    naive = datetime(2026, 1, 14, 10, 0)  # noqa: DTZ001 - deliberately without a time zone
    with pytest.raises(ValueError, match="must include a time zone"):
        duration.due(ENGLAND, naive)


# Properties

durations = st.one_of(
    st.just(Duration("immediately")),
    st.just(Duration("same_working_day")),
    st.builds(Duration, st.just("working_hours"), st.integers(min_value=1, max_value=40)),
    st.builds(Duration, st.just("working_days"), st.integers(min_value=1, max_value=40)),
    st.builds(Duration, st.just("clock_hours"), st.integers(min_value=1, max_value=200)),
)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2030, 12, 31, 23, 59),  # noqa: DTZ001
    timezones=st.just(LONDON),
)


@given(duration=durations)
def test_canonical_text_reads_back_as_the_same_duration(duration: Duration) -> None:
    assert parse_duration(str(duration)) == duration
    assert parse_duration(f"  {str(duration).upper()}  ") == duration


@given(duration=durations, start=moments)
def test_a_deadline_never_precedes_its_start(duration: Duration, start: datetime) -> None:
    due = duration.due(ENGLAND, start)
    assert due >= start
    assert due.tzinfo is UTC


@given(text=st.text(max_size=30))
def test_any_text_is_a_duration_or_a_duration_error(text: str) -> None:
    message = ""
    try:
        duration = parse_duration(text)
    except DurationError as error:
        message = str(error)
    if message:
        assert message.startswith(f"'{text.strip()}' is not a deadline") or (
            "the deadline is empty" in message or "too long for a deadline" in message
        )
    else:
        assert parse_duration(str(duration)) == duration
