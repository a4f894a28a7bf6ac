"""A reporting period: whole days in Europe/London, from a start date to an end date
inclusive. A year up to today by default; any dates may be chosen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from escalate.policy.clock import LONDON


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(0, 0), tzinfo=LONDON)

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (exclusive)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0, 0), tzinfo=LONDON)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    @property
    def label(self) -> str:
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def slug(self) -> str:
        return f"{self.start.isoformat()}-to-{self.end.isoformat()}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def year_to(today: dt.date) -> Period:
    """The year up to and including ``today``."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(year_ago + dt.timedelta(days=1), today)
