"""The working-day clock, at its boundaries: end of day, weekends, bank holidays, clock changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalate.policy.clock import LONDON, NATIONS, Nation, WorkingCalendar

ENGLAND = WorkingCalendar("england")
WALES = WorkingCalendar("wales")
SCOTLAND = WorkingCalendar("scotland")
NORTHERN_IRELAND = WorkingCalendar("northern-ireland")
CALENDARS = {c.nation: c for c in (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)}


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware moment given in London local time."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def assert_utc(moment: datetime) -> None:
    assert moment.tzinfo is UTC


# The shape of the calendar


def test_nations_are_the_four_uk_nations() -> None:
    assert NATIONS == ("england", "wales", "scotland", "northern-ireland")


def test_defaults_are_england_nine_to_five() -> None:
    calendar = WorkingCalendar()
    assert calendar.nation == "england"
    assert (calendar.day_start, calendar.day_end) == (time(9, 0), time(17, 0))


@pytest.mark.parametrize(("start", "end"), [(time(17, 0), time(9, 0)), (time(9, 0), time(9, 0))])
def test_working_day_must_start_before_it_ends(start: time, end: time) -> None:
    with pytest.raises(ValueError, match="must start before it ends"):
        WorkingCalendar(day_start=start, day_end=end)


def test_unknown_nation_is_rejected() -> None:
    with pytest.raises(ValueError, match="england, wales, scotland, northern-ireland"):
        WorkingCalendar("cornwall")  # type: ignore[arg-type]


def test_working_hours_with_a_time_zone_are_rejected() -> None:
    with pytest.raises(ValueError, match="London local time"):
        WorkingCalendar(day_end=time(17, 0, tzinfo=UTC))


# Naive datetimes and other wrong arguments

NAIVE = datetime(2026, 1, 14, 10, 0)  # noqa: DTZ001 - deliberately without a time zone
AWARE = london(2026, 1, 14, 10)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.local_date(NAIVE),
        lambda c: c.same_working_day(NAIVE),
        lambda c: c.add_working_days(NAIVE, 1),
        lambda c: c.add_working_hours(NAIVE, 1),
        lambda c: c.working_days_between(NAIVE, AWARE),
        lambda c: c.working_days_between(AWARE, NAIVE),
    ],
)
def test_naive_datetimes_are_rejected(call: Callable[[WorkingCalendar], object]) -> None:
    with pytest.raises(ValueError, match="must include a time zone"):
        call(ENGLAND)


@pytest.mark.parametrize("n", [0, -1])
def test_working_days_must_be_at_least_one(n: int) -> None:
    with pytest.raises(ValueError, match="1 or more"):
        ENGLAND.add_working_days(AWARE, n)


@pytest.mark.parametrize("n", [0, -3])
def test_working_hours_must_be_at_least_one(n: int) -> None:
    with pytest.raises(ValueError, match="1 or more"):
        ENGLAND.add_working_hours(AWARE, n)


@pytest.mark.parametrize(
    "call",
    [
        lambda c, d: c.is_working_day(d),
        lambda c, d: c.holiday_name(d),
        lambda c, d: c.next_working_day(d),
        lambda c, d: c.start_of(d),
        lambda c, d: c.end_of(d),
    ],
)
def test_date_methods_refuse_a_datetime(call: Callable[[WorkingCalendar, Any], object]) -> None:
    # A UTC datetime late in the evening is the next day in London in summer; taking its
    # date silently would give the wrong day, so the caller must say which date they mean.
    with pytest.raises(TypeError, match="local_date"):
        call(ENGLAND, datetime(2026, 6, 1, 23, 30, tzinfo=UTC))


# Local dates and the two clock changes of 2026


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 1, 15, 23, 30, tzinfo=UTC), date(2026, 1, 15)),  # GMT: same date
        (datetime(2026, 6, 15, 23, 30, tzinfo=UTC), date(2026, 6, 16)),  # BST: next date
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), date(2026, 3, 29)),
        (datetime(2026, 3, 29, 23, 0, tzinfo=UTC), date(2026, 3, 30)),
        (datetime(2026, 10, 24, 23, 0, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 1, 14, 20, 0, tzinfo=ZoneInfo("America/New_York")), date(2026, 1, 15)),
    ],
)
def test_local_date_is_the_london_date(moment: datetime, expected: date) -> None:
    assert ENGLAND.local_date(moment) == expected


@pytest.mark.parametrize(
    ("day", "start_utc", "end_utc"),
    [
        (date(2026, 3, 27), time(9, 0), time(17, 0)),  # Friday before spring forward: GMT
        (date(2026, 3, 30), time(8, 0), time(16, 0)),  # Monday after: BST
        (date(2026, 10, 23), time(8, 0), time(16, 0)),  # Friday before fall back: BST
        (date(2026, 10, 26), time(9, 0), time(17, 0)),  # Monday after: GMT
        (date(2026, 10, 27), time(9, 0), time(17, 0)),
    ],
)
def test_start_and_end_of_day_in_utc_across_clock_changes(
    day: date, start_utc: time, end_utc: time
) -> None:
    start, end = ENGLAND.start_of(day), ENGLAND.end_of(day)
    assert start == datetime.combine(day, start_utc, tzinfo=UTC)
    assert end == datetime.combine(day, end_utc, tzinfo=UTC)
    assert_utc(start)
    assert_utc(end)


def test_one_working_day_across_spring_forward() -> None:
    due = ENGLAND.add_working_days(london(2026, 3, 27, 10), 1)
    assert due == datetime(2026, 3, 30, 16, 0, tzinfo=UTC)
    assert due == london(2026, 3, 30, 17)
    assert_utc(due)


def test_one_working_day_across_fall_back() -> None:
    due = ENGLAND.add_working_days(london(2026, 10, 23, 10), 1)
    assert due == datetime(2026, 10, 26, 17, 0, tzinfo=UTC)
    assert_utc(due)


def test_same_working_day_on_the_sunday_of_each_clock_change() -> None:
    assert SCOTLAND.same_working_day(london(2026, 3, 29, 12)) == datetime(
        2026, 3, 30, 16, 0, tzinfo=UTC
    )
    assert SCOTLAND.same_working_day(london(2026, 10, 25, 12)) == datetime(
        2026, 10, 26, 17, 0, tzinfo=UTC
    )


def test_working_hours_across_spring_forward() -> None:
    # Friday 16:00 GMT + 2 working hours: one hour on Friday, one on Monday (now BST).
    due = ENGLAND.add_working_hours(london(2026, 3, 27, 16), 2)
    assert due == london(2026, 3, 30, 10)
    assert due == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)


def test_moments_in_other_time_zones_are_read_as_london_times() -> None:
    # 18:00 in New York on Wednesday 14 January is 23:00 in London: after the end of the day.
    new_york = datetime(2026, 1, 14, 18, 0, tzinfo=ZoneInfo("America/New_York"))
    assert ENGLAND.same_working_day(new_york) == london(2026, 1, 15, 17)
    # 10:00 UTC in summer is 11:00 in London, so six working hours end at 17:00.
    assert ENGLAND.add_working_hours(datetime(2026, 6, 17, 10, 0, tzinfo=UTC), 6) == london(
        2026, 6, 17, 17
    )


# Same working day at the end of the day and over weekends


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (london(2026, 1, 14, 0, 0), london(2026, 1, 14, 17)),  # Wednesday, before opening
        (london(2026, 1, 14, 9, 0), london(2026, 1, 14, 17)),
        (london(2026, 1, 14, 16, 59), london(2026, 1, 14, 17)),
        (london(2026, 1, 14, 17, 0), london(2026, 1, 15, 17)),  # at the end: next day
        (london(2026, 1, 14, 17, 1), london(2026, 1, 15, 17)),
        (london(2026, 1, 14, 23, 59), london(2026, 1, 15, 17)),
        (london(2026, 1, 16, 16, 59), london(2026, 1, 16, 17)),  # Friday
        (london(2026, 1, 16, 17, 0), london(2026, 1, 19, 17)),  # Friday 17:00 -> Monday
        (london(2026, 1, 16, 17, 1), london(2026, 1, 19, 17)),
        (london(2026, 1, 17, 11, 0), london(2026, 1, 19, 17)),  # Saturday -> Monday
        (london(2026, 1, 18, 8, 0), london(2026, 1, 19, 17)),  # Sunday -> Monday
    ],
)
def test_same_working_day(moment: datetime, expected: datetime) -> None:
    due = ENGLAND.same_working_day(moment)
    assert due == expected
    assert_utc(due)


def test_one_second_before_the_end_is_still_the_same_day() -> None:
    moment = london(2026, 1, 14, 17) - timedelta(seconds=1)
    assert ENGLAND.same_working_day(moment) == london(2026, 1, 14, 17)


# The day before a bank holiday


def test_one_working_day_from_the_thursday_before_easter() -> None:
    # Good Friday 3 April and Easter Monday 6 April 2026 are bank holidays in England.
    assert ENGLAND.add_working_days(london(2026, 4, 2, 10), 1) == london(2026, 4, 7, 17)


def test_same_working_day_at_the_end_of_the_thursday_before_easter() -> None:
    assert ENGLAND.same_working_day(london(2026, 4, 2, 16, 59)) == london(2026, 4, 2, 17)
    assert ENGLAND.same_working_day(london(2026, 4, 2, 17, 0)) == london(2026, 4, 7, 17)


def test_easter_monday_is_not_a_holiday_in_scotland() -> None:
    assert SCOTLAND.add_working_days(london(2026, 4, 2, 10), 1) == london(2026, 4, 6, 17)


# The README example, and England against Scotland


def test_readme_example_five_working_days_from_christmas_eve() -> None:
    # Christmas Friday 25 Dec, Boxing Day (observed) Monday 28 Dec, New Year's Day Friday 1 Jan.
    due = ENGLAND.add_working_days(london(2026, 12, 24, 10), 5)
    assert due == london(2027, 1, 5, 17)
    assert due == datetime(2027, 1, 5, 17, 0, tzinfo=UTC)
    assert_utc(due)


def test_scotland_gives_a_later_answer_over_new_year() -> None:
    # In Scotland 2 January 2027 is a Saturday, so its substitute Monday 4 January is a holiday.
    assert SCOTLAND.add_working_days(london(2026, 12, 24, 10), 5) == london(2027, 1, 6, 17)


@pytest.mark.parametrize(
    ("moment", "n", "england", "scotland"),
    [
        (london(2026, 7, 31, 10), 1, london(2026, 8, 3, 17), london(2026, 8, 4, 17)),
        (london(2026, 8, 28, 10), 1, london(2026, 9, 1, 17), london(2026, 8, 31, 17)),
        (london(2026, 11, 27, 10), 1, london(2026, 11, 30, 17), london(2026, 12, 1, 17)),
        (london(2026, 1, 1, 10), 1, london(2026, 1, 2, 17), london(2026, 1, 5, 17)),
    ],
)
def test_england_and_scotland_differ(
    moment: datetime, n: int, england: datetime, scotland: datetime
) -> None:
    assert ENGLAND.add_working_days(moment, n) == england
    assert SCOTLAND.add_working_days(moment, n) == scotland


# Every kind of bank holiday


@pytest.mark.parametrize(
    ("nation", "day", "working"),
    [
        # Christmas 2027 is a Saturday and Boxing Day a Sunday: both substitutes are holidays.
        ("england", date(2027, 12, 27), False),
        ("england", date(2027, 12, 28), False),
        ("england", date(2027, 12, 29), True),
        ("wales", date(2027, 12, 27), False),
        ("scotland", date(2027, 12, 28), False),
        ("northern-ireland", date(2027, 12, 28), False),
        # Boxing Day 2026 is a Saturday: Monday 28 December is its substitute.
        ("england", date(2026, 12, 28), False),
        # One-off holidays: the Queen's state funeral and the King's coronation.
        ("england", date(2022, 9, 19), False),
        ("wales", date(2022, 9, 19), False),
        ("scotland", date(2022, 9, 19), False),
        ("northern-ireland", date(2022, 9, 19), False),
        ("england", date(2023, 5, 8), False),
        ("scotland", date(2023, 5, 8), False),
        ("northern-ireland", date(2023, 5, 8), False),
        # Scotland only: 2 January and St Andrew's Day (Monday 30 November 2026).
        ("scotland", date(2026, 1, 2), False),
        ("england", date(2026, 1, 2), True),
        ("scotland", date(2026, 11, 30), False),
        ("england", date(2026, 11, 30), True),
        ("northern-ireland", date(2026, 11, 30), True),
        # Summer bank holiday: first Monday of August in Scotland, last Monday elsewhere.
        ("scotland", date(2026, 8, 3), False),
        ("england", date(2026, 8, 3), True),
        ("england", date(2026, 8, 31), False),
        ("wales", date(2026, 8, 31), False),
        ("scotland", date(2026, 8, 31), True),
        # Easter Monday: not in Scotland.
        ("wales", date(2026, 4, 6), False),
        ("scotland", date(2026, 4, 6), True),
        # Northern Ireland: St Patrick's Day and the Battle of the Boyne.
        ("northern-ireland", date(2026, 3, 17), False),
        ("england", date(2026, 3, 17), True),
        ("northern-ireland", date(2027, 7, 12), False),
        ("england", date(2027, 7, 12), True),
        # 12 July 2026 is a Sunday, so Monday 13 July is the substitute in Northern Ireland.
        ("northern-ireland", date(2026, 7, 13), False),
        ("england", date(2026, 7, 13), True),
        # An ordinary Wednesday.
        ("england", date(2026, 1, 14), True),
    ],
)
def test_bank_holidays(nation: Nation, day: date, working: bool) -> None:
    calendar = CALENDARS[nation]
    assert calendar.is_working_day(day) is working
    assert (calendar.holiday_name(day) is None) is working


@pytest.mark.parametrize(
    ("nation", "day", "name"),
    [
        ("england", date(2027, 12, 27), "Christmas Day (observed)"),
        ("england", date(2027, 12, 28), "Boxing Day (observed)"),
        ("england", date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        ("england", date(2023, 5, 8), "Coronation of Charles III"),
        ("scotland", date(2026, 11, 30), "Saint Andrew's Day"),
        ("northern-ireland", date(2026, 3, 17), "Saint Patrick's Day"),
        ("northern-ireland", date(2027, 7, 12), "Battle of the Boyne"),
    ],
)
def test_holiday_names(nation: Nation, day: date, name: str) -> None:
    assert CALENDARS[nation].holiday_name(day) == name


def test_a_holiday_on_a_weekend_has_a_name_but_the_weekend_was_never_a_working_day() -> None:
    saturday = date(2026, 12, 26)
    assert ENGLAND.holiday_name(saturday) == "Boxing Day"
    assert not ENGLAND.is_working_day(saturday)


@pytest.mark.parametrize("day", [date(2026, 1, 17), date(2026, 1, 18)])
def test_weekends_are_never_working_days(day: date) -> None:
    for calendar in CALENDARS.values():
        assert not calendar.is_working_day(day)
        assert calendar.holiday_name(day) is None


def test_holidays_are_found_in_any_year_in_any_order() -> None:
    assert not ENGLAND.is_working_day(date(2099, 12, 25))
    assert not ENGLAND.is_working_day(date(1990, 8, 27))  # Late Summer Bank Holiday
    assert not ENGLAND.is_working_day(date(2035, 12, 25))
    assert ENGLAND.holiday_name(date(2061, 1, 3)) == "New Year's Day (observed)"
    # Past the years the holidays package knows, only weekends are days off.
    assert ENGLAND.is_working_day(date(2150, 12, 25)) is True
    assert not ENGLAND.is_working_day(date(2150, 12, 26))


def test_next_working_day_is_strictly_after() -> None:
    assert ENGLAND.next_working_day(date(2026, 1, 14)) == date(2026, 1, 15)
    assert ENGLAND.next_working_day(date(2026, 1, 16)) == date(2026, 1, 19)
    assert ENGLAND.next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)
    assert ENGLAND.next_working_day(date(2027, 12, 24)) == date(2027, 12, 29)


# Working hours


@pytest.mark.parametrize(
    ("moment", "hours", "expected"),
    [
        # Monday 12 January 2026.
        (london(2026, 1, 12, 7, 30), 2, london(2026, 1, 12, 11)),  # before opening
        (london(2026, 1, 12, 9, 0), 8, london(2026, 1, 12, 17)),  # the whole day
        (london(2026, 1, 12, 9, 0), 9, london(2026, 1, 13, 10)),
        (london(2026, 1, 12, 16, 0), 1, london(2026, 1, 12, 17)),  # lands exactly on 17:00
        (london(2026, 1, 12, 16, 0), 2, london(2026, 1, 13, 10)),
        (london(2026, 1, 12, 16, 30), 1, london(2026, 1, 13, 9, 30)),
        (london(2026, 1, 12, 17, 0), 1, london(2026, 1, 13, 10)),  # at closing
        (london(2026, 1, 12, 18, 0), 2, london(2026, 1, 13, 11)),  # after closing
        (london(2026, 1, 12, 9, 0), 40, london(2026, 1, 16, 17)),  # a whole week
        (london(2026, 1, 16, 15, 0), 3, london(2026, 1, 19, 10)),  # over a weekend
        (london(2026, 1, 17, 10, 0), 1, london(2026, 1, 19, 10)),  # from a Saturday
        (london(2026, 4, 2, 16, 0), 3, london(2026, 4, 7, 11)),  # over Easter
        (london(2026, 4, 3, 10, 0), 1, london(2026, 4, 7, 10)),  # from Good Friday
        (london(2026, 12, 24, 16, 0), 9, london(2026, 12, 29, 17)),  # over Christmas
        (london(2026, 12, 24, 16, 0), 10, london(2026, 12, 30, 10)),
    ],
)
def test_add_working_hours(moment: datetime, hours: int, expected: datetime) -> None:
    due = ENGLAND.add_working_hours(moment, hours)
    assert due == expected
    assert_utc(due)


def test_working_hours_keep_minutes_and_seconds() -> None:
    moment = datetime(2026, 1, 12, 10, 30, 15, tzinfo=LONDON)
    assert ENGLAND.add_working_hours(moment, 1) == datetime(2026, 1, 12, 11, 30, 15, tzinfo=LONDON)


# Working days between two moments (how late something was)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (london(2026, 1, 14, 10), london(2026, 1, 14, 16), 0),  # same day
        (london(2026, 1, 14, 10), london(2026, 1, 14, 9), 0),  # end before start
        (london(2026, 1, 14, 10), london(2026, 1, 14, 10), 0),
        (london(2026, 1, 14, 10), london(2026, 1, 13, 10), 0),
        (london(2026, 1, 14, 17), london(2026, 1, 15, 9), 1),
        (london(2026, 1, 16, 17), london(2026, 1, 19, 9), 1),  # Friday to Monday
        (london(2026, 1, 17, 10), london(2026, 1, 18, 10), 0),  # Saturday to Sunday
        (london(2026, 4, 2, 17), london(2026, 4, 7, 9), 1),  # over Easter
        (london(2026, 1, 12, 10), london(2026, 1, 26, 10), 10),
        (london(2026, 12, 24, 10), london(2027, 1, 5, 17), 5),
    ],
)
def test_working_days_between(start: datetime, end: datetime, expected: int) -> None:
    assert ENGLAND.working_days_between(start, end) == expected


def test_working_days_between_uses_london_dates() -> None:
    # 23:30 UTC on a summer Monday is already Tuesday in London.
    start = london(2026, 6, 15, 10)
    assert ENGLAND.working_days_between(start, datetime(2026, 6, 15, 23, 30, tzinfo=UTC)) == 1


# A calendar with other working hours

SHORT_DAY = WorkingCalendar("england", day_start=time(8, 0), day_end=time(16, 0))


def test_custom_calendar_same_working_day() -> None:
    assert SHORT_DAY.same_working_day(london(2026, 1, 14, 15, 59)) == london(2026, 1, 14, 16)
    assert SHORT_DAY.same_working_day(london(2026, 1, 14, 16, 0)) == london(2026, 1, 15, 16)


def test_custom_calendar_working_days_end_at_its_day_end() -> None:
    assert SHORT_DAY.add_working_days(london(2026, 4, 2, 10), 1) == london(2026, 4, 7, 16)
    assert SHORT_DAY.end_of(date(2026, 3, 30)) == datetime(2026, 3, 30, 15, 0, tzinfo=UTC)


def test_custom_calendar_working_hours() -> None:
    assert SHORT_DAY.add_working_hours(london(2026, 1, 14, 15), 2) == london(2026, 1, 15, 9)
    assert SHORT_DAY.add_working_hours(london(2026, 1, 14, 7), 1) == london(2026, 1, 14, 9)
    assert SHORT_DAY.add_working_hours(london(2026, 1, 14, 16, 30), 8) == london(2026, 1, 15, 16)


# Properties over 2020-2030

moments = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2030, 12, 31, 23, 59),  # noqa: DTZ001
    timezones=st.just(LONDON),
)
counts = st.integers(min_value=1, max_value=40)
calendars = st.sampled_from([*CALENDARS.values(), SHORT_DAY])


def ends_a_working_day(calendar: WorkingCalendar, moment: datetime) -> bool:
    local = moment.astimezone(LONDON)
    return (
        calendar.is_working_day(local.date())
        and local.time() == calendar.day_end
        and moment == calendar.end_of(local.date())
    )


@given(calendar=calendars, moment=moments, n=counts)
def test_working_days_deadline_ends_a_working_day_after_the_start(
    calendar: WorkingCalendar, moment: datetime, n: int
) -> None:
    due = calendar.add_working_days(moment, n)
    assert due > moment
    assert_utc(due)
    assert ends_a_working_day(calendar, due)
    assert calendar.working_days_between(moment, due) == n


@given(calendar=calendars, moment=moments, n=counts)
def test_working_days_grow_strictly_with_n(
    calendar: WorkingCalendar, moment: datetime, n: int
) -> None:
    assert calendar.add_working_days(moment, n + 1) > calendar.add_working_days(moment, n)


@given(calendar=calendars, moment=moments, a=counts, b=counts)
def test_working_days_add_up(calendar: WorkingCalendar, moment: datetime, a: int, b: int) -> None:
    first = calendar.add_working_days(moment, a)
    assert calendar.add_working_days(first, b) == calendar.add_working_days(moment, a + b)


@given(calendar=calendars, moment=moments)
def test_same_working_day_ends_a_working_day_not_before_the_start(
    calendar: WorkingCalendar, moment: datetime
) -> None:
    due = calendar.same_working_day(moment)
    assert due > moment
    assert_utc(due)
    assert ends_a_working_day(calendar, due)
    assert due <= calendar.add_working_days(moment, 1)


@given(calendar=calendars, moment=moments, hours=counts)
def test_working_hours_deadline_falls_within_working_hours(
    calendar: WorkingCalendar, moment: datetime, hours: int
) -> None:
    due = calendar.add_working_hours(moment, hours)
    assert due >= moment.astimezone(UTC) + timedelta(hours=hours)
    assert_utc(due)
    day = calendar.local_date(due)
    assert calendar.is_working_day(day)
    assert calendar.start_of(day) < due <= calendar.end_of(day)


@given(calendar=calendars, moment=moments, a=counts, b=counts)
def test_working_hours_add_up(calendar: WorkingCalendar, moment: datetime, a: int, b: int) -> None:
    first = calendar.add_working_hours(moment, a)
    assert calendar.add_working_hours(first, b) == calendar.add_working_hours(moment, a + b)


@given(calendar=calendars, moment=moments, hours=counts)
def test_working_hours_grow_strictly(
    calendar: WorkingCalendar, moment: datetime, hours: int
) -> None:
    assert calendar.add_working_hours(moment, hours + 1) > calendar.add_working_hours(moment, hours)


def _walked(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    """Working days between, found by looking at each day in turn (the definition)."""
    day, last, count = calendar.local_date(start) + timedelta(days=1), calendar.local_date(end), 0
    while end > start and day <= last:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


@given(calendar=calendars, start=moments, end=moments)
def test_working_days_between_counts_as_walking_each_day_would(
    calendar: WorkingCalendar, start: datetime, end: datetime
) -> None:
    assert calendar.working_days_between(start, end) == _walked(calendar, start, end)


@pytest.mark.parametrize("calendar", [*CALENDARS.values()], ids=lambda c: c.nation)
def test_working_days_between_over_years_and_each_nations_holidays(
    calendar: WorkingCalendar,
) -> None:
    start = london(2019, 12, 20, 10)
    for end in (london(2020, 1, 2, 9), london(2026, 5, 4, 12), london(2031, 12, 31, 18)):
        assert calendar.working_days_between(start, end) == _walked(calendar, start, end)
    # 2026 in England and Wales: 261 weekdays less 8 bank holidays, all on weekdays.
    assert ENGLAND.working_days_between(london(2025, 12, 31, 12), london(2026, 12, 31, 12)) == 253
