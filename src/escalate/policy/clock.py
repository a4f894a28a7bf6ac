"""The working-day clock: deadlines counted in working days and working hours.

A working day is Monday to Friday, except the bank holidays of the partnership's nation
(England, Wales, Scotland or Northern Ireland). Working hours run from ``day_start`` to
``day_end`` in London local time, which is the local time of every UK nation.

Every moment going in must be a timezone-aware ``datetime``; every moment coming out is
an aware ``datetime`` in UTC. Dates (``date``) are always London local dates.

Bank holidays come from the ``holidays`` package, which covers the years 1872 to 2100 and
also lists a holiday that falls on a weekend beside its weekday substitute ("Boxing Day
(observed)"). Weekends are never working days, so only the substitutes change an answer.
Outside the package's years only weekends are non-working days.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final, Literal, get_args
from zoneinfo import ZoneInfo

import holidays

Nation = Literal["england", "wales", "scotland", "northern-ireland"]
NATIONS: Final[tuple[Nation, ...]] = get_args(Nation)
LONDON: Final = ZoneInfo("Europe/London")

_SUBDIVISIONS: Final[dict[Nation, str]] = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
# A holidays object fills in a year's holidays the first time a date in that year is
# looked up, so a lookup changes it. The lock keeps two threads from filling it at once.
_LOOKUP_LOCK: Final = threading.Lock()
_ONE_DAY: Final = timedelta(days=1)
_SATURDAY: Final = 5


@functools.lru_cache(maxsize=len(NATIONS))
def _bank_holidays(nation: Nation) -> holidays.HolidayBase:
    """The nation's bank holidays; years are added as dates in them are looked up."""
    return holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], expand=True)


@functools.lru_cache(maxsize=16384)  # a day is looked up once: ages, deadlines, every replay
def _bank_holiday_name(nation: Nation, day: date) -> str | None:
    with _LOOKUP_LOCK:
        name = _bank_holidays(nation).get(day)
    return name if isinstance(name, str) else None


def to_utc(moment: datetime, what: str = "the moment") -> datetime:
    """``moment`` in UTC; ValueError if it has no time zone (``what`` names it in the message)."""
    if not isinstance(moment, datetime):
        raise TypeError(f"{what} must be a date and time (a datetime), not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{what} ({moment.isoformat()}) must include a time zone, for example "
            "datetime(2026, 3, 30, 17, 0, tzinfo=ZoneInfo('Europe/London'))"
        )
    return moment.astimezone(UTC)


def _check_date(day: date) -> None:
    # A datetime is also a date; taking its date silently would ignore its time zone.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(
            f"expected a date, not {type(day).__name__}. For a moment, "
            "use WorkingCalendar.local_date(moment) to get its London date"
        )


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days and hours for one nation, with working hours in London local time."""

    nation: Nation = "england"
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)

    def __post_init__(self) -> None:
        if self.nation not in NATIONS:
            raise ValueError(
                f"'{self.nation}' is not a UK nation Escalate knows. "
                f"Use one of: {', '.join(NATIONS)}"
            )
        for what, value in (("day_start", self.day_start), ("day_end", self.day_end)):
            if not isinstance(value, time):
                raise TypeError(f"{what} must be a time of day, not {type(value).__name__}")
            if value.tzinfo is not None:
                raise ValueError(
                    f"{what} must be a London local time without a time zone, like time(9, 0)"
                )
        if self.day_start >= self.day_end:
            raise ValueError(
                f"the working day must start before it ends, but it starts at "
                f"{self.day_start:%H:%M} and ends at {self.day_end:%H:%M}"
            )

    # Days

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not one of the nation's bank holidays."""
        _check_date(day)
        return day.weekday() < _SATURDAY and _bank_holiday_name(self.nation, day) is None

    def holiday_name(self, day: date) -> str | None:
        """The name of the nation's bank holiday on ``day`` (weekends included), or None."""
        _check_date(day)
        return _bank_holiday_name(self.nation, day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        _check_date(day)
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def start_of(self, day: date) -> datetime:
        """The start of working hours on ``day``, in UTC."""
        _check_date(day)
        return datetime.combine(day, self.day_start, tzinfo=LONDON).astimezone(UTC)

    def end_of(self, day: date) -> datetime:
        """The end of working hours on ``day``, in UTC."""
        _check_date(day)
        return datetime.combine(day, self.day_end, tzinfo=LONDON).astimezone(UTC)

    def local_date(self, moment: datetime) -> date:
        """The London date of ``moment``."""
        return to_utc(moment).astimezone(LONDON).date()

    # Deadlines

    def add_working_days(self, moment: datetime, n: int) -> datetime:
        """The deadline "within ``n`` working days": the end of the nth working day after.

        Working days are counted from the moment's London date, and that date itself never
        counts, whatever the time of day.
        """
        _check_count(n, "working days")
        day = self.local_date(moment)
        for _ in range(n):
            day = self.next_working_day(day)
        return self.end_of(day)

    def same_working_day(self, moment: datetime) -> datetime:
        """The end of the moment's day if it is a working day not yet over, else of the next."""
        moment = to_utc(moment)
        day = self.local_date(moment)
        if self.is_working_day(day) and moment < self.end_of(day):
            return self.end_of(day)
        return self.end_of(self.next_working_day(day))

    def add_working_hours(self, moment: datetime, hours: int) -> datetime:
        """``hours`` of working time after ``moment``, counting only working hours.

        Counting starts at the moment if it is inside working hours on a working day, at the
        start of the day if it is earlier that working day, and otherwise at the start of
        the next working day. A result exactly at the end of a day stays on that day.
        """
        _check_count(hours, "working hours")
        return self.add_working_time(moment, timedelta(hours=hours))

    def add_working_time(self, moment: datetime, amount: timedelta) -> datetime:
        """``amount`` of working time after ``moment``, counted as ``add_working_hours``
        counts (``amount`` may be any length, such as the working time a pause took)."""
        cursor = to_utc(moment)
        day = self.local_date(cursor)
        if not self.is_working_day(day) or cursor >= self.end_of(day):
            day = self.next_working_day(day)
            cursor = self.start_of(day)
        cursor = max(cursor, self.start_of(day))
        remaining = amount
        while True:
            left_today = self.end_of(day) - cursor
            if remaining <= left_today:
                return cursor + remaining
            remaining -= left_today
            day = self.next_working_day(day)
            cursor = self.start_of(day)

    # Reporting

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """How much working time lies between ``start`` and ``end`` (none if not after)."""
        start = to_utc(start, "the start")
        end = to_utc(end, "the end")
        total = timedelta(0)
        day = self.local_date(start)
        last = self.local_date(end)
        while start < end and day <= last:
            if self.is_working_day(day):
                overlap = min(end, self.end_of(day)) - max(start, self.start_of(day))
                total += max(overlap, timedelta(0))
            day += _ONE_DAY
        return total

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """How many working days fall after ``start``'s date, up to and including ``end``'s.

        0 if ``end`` is not after ``start``.
        """
        start = to_utc(start, "the start")
        end = to_utc(end, "the end")
        if end <= start:
            return 0
        first, last = self.local_date(start), self.local_date(end)
        if last <= first:
            return 0
        # Counted, not walked: the weekdays after ``first`` up to ``last``, less the nation's
        # bank holidays on weekdays among them (the dashboard asks the age of every open
        # escalation it lists; walking day by day took a year's days for a year-old one).
        weekdays = _weekdays_to(last) - _weekdays_to(first)
        holidays_off = sum(
            1
            for year in range(first.year, last.year + 1)
            for day in _weekday_holidays(self.nation, year)
            if first < day <= last
        )
        return weekdays - holidays_off


def _weekdays_to(day: date) -> int:
    """How many Mondays to Fridays there are from 1 January of year 1 (a Monday) to ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@functools.lru_cache(maxsize=1024)
def _weekday_holidays(nation: Nation, year: int) -> tuple[date, ...]:
    """The nation's bank holidays in ``year`` that fall on a weekday (as ``is_working_day``
    finds them, substitutes included)."""
    first = date(year, 1, 1)
    days = (first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days))
    return tuple(d for d in days if d.weekday() < _SATURDAY and _bank_holiday_name(nation, d))


def _check_count(n: int, unit: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"the number of {unit} must be a whole number, not {type(n).__name__}")
    if n < 1:
        raise ValueError(f"the number of {unit} must be 1 or more, not {n}")
