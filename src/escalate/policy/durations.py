"""Deadlines as written in policy files, such as "5 working days" or "same working day".

Two kinds of hours: "N working hours" count only working time; "N hours" (or "N clock
hours") are hours on the clock, nights, weekends and holidays included, as a procedure's
"within 24 hours" means.

``parse_duration`` turns the text into a ``Duration``; ``Duration.due`` works out the
deadline from a starting moment with a ``WorkingCalendar``. A working week is five
working days and is kept as such, so "1 working week" reads back as "5 working days".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal, get_args

from escalate.policy.clock import WorkingCalendar, to_utc

DurationKind = Literal[
    "immediately", "same_working_day", "working_hours", "working_days", "clock_hours"
]
DURATION_KINDS: Final[tuple[DurationKind, ...]] = get_args(DurationKind)

DAYS_PER_WORKING_WEEK: Final = 5
MAX_NUMBER: Final = 999
"""The largest number a deadline may give; anything larger is surely a typing mistake."""

_NUMBER_WORDS: Final[dict[str, int]] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_ACCEPTED: Final = (
    "immediately, same working day, N working hours, N working days, N working weeks, "
    "N hours (clock hours, nights and weekends included)"
)
_EXAMPLE: Final = "5 working days"
_WORKING: Final = re.compile(r"^(?P<number>\S+) working (?P<unit>hour|day|week)s?$")
_CLOCK: Final = re.compile(r"^(?P<number>\S+) (?:clock |calendar )?(?:hour|hr)s?$")
# Near misses: a number and a unit without "working", or with a word in its place.
_NEAR_MISS: Final = re.compile(
    r"^(?P<number>\S+) (?:(?:calendar|business|work|working|clear) )?"
    r"(?P<unit>day|week|wk)s?$"
)
_NEAR_HOURS: Final = re.compile(
    r"^(?P<number>[0-9]+|[a-z]+) (?:business|work|office) (?:hour|hr)s?$"
)
_UNITS: Final[dict[str, str]] = {"hr": "hour", "wk": "week"}
_SAME_DAY: Final = frozenset({"same day", "the same day", "same-day", "same working-day"})


class DurationError(ValueError):
    """Text that is not a deadline Escalate understands, with what to write instead."""


@dataclass(frozen=True)
class Duration:
    """A deadline: how long after a starting moment something is due.

    ``amount`` is the number of working hours, working days or clock hours, and 0 for
    "immediately" and "same working day".
    """

    kind: DurationKind
    amount: int = 0

    def __post_init__(self) -> None:
        if self.kind not in DURATION_KINDS:
            raise DurationError(
                f"'{self.kind}' is not a kind of deadline. Use one of: {', '.join(DURATION_KINDS)}"
            )
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise DurationError(
                f"the amount must be a whole number, not {type(self.amount).__name__}"
            )
        if self.kind in ("immediately", "same_working_day"):
            if self.amount != 0:
                raise DurationError(f"a '{self.kind}' deadline has no amount; leave it at 0")
        elif self.amount < 1:
            unit = self.kind.replace("_", " ")
            raise DurationError(f"the number of {unit} must be 1 or more, not {self.amount}")

    def __str__(self) -> str:
        if self.kind == "immediately":
            return "immediately"
        if self.kind == "same_working_day":
            return "same working day"
        plural = "" if self.amount == 1 else "s"
        if self.kind == "clock_hours":
            return f"{self.amount} clock hour{plural}"
        unit = "hour" if self.kind == "working_hours" else "day"
        return f"{self.amount} working {unit}{plural}"

    def due(self, calendar: WorkingCalendar, start: datetime) -> datetime:
        """When something that starts at ``start`` is due, in UTC."""
        if self.kind == "immediately":
            return to_utc(start, "the start")
        if self.kind == "same_working_day":
            return calendar.same_working_day(start)
        if self.kind == "working_hours":
            return calendar.add_working_hours(start, self.amount)
        if self.kind == "clock_hours":
            return to_utc(start, "the start") + timedelta(hours=self.amount)
        return calendar.add_working_days(start, self.amount)


def parse_duration(text: object) -> Duration:
    """The deadline ``text`` says, such as "2 working hours"; DurationError if it is not one.

    Takes any value, so that a number or an empty entry in a policy file gets a plain
    message rather than a type error.
    """
    if not isinstance(text, str):
        raise DurationError(_not_text(text))
    words = " ".join(text.split()).lower()
    if not words:
        raise DurationError(
            f'the deadline is empty. Write one of: {_ACCEPTED} (for example "{_EXAMPLE}")'
        )
    if words == "immediately":
        return Duration("immediately")
    if words in ("same working day", "the same working day"):
        return Duration("same_working_day")
    match = _WORKING.match(words)
    if match is not None:
        number = _number(match["number"], text, f"working {match['unit']}s")
        if match["unit"] == "hour":
            return Duration("working_hours", number)
        if match["unit"] == "week":
            return Duration("working_days", number * DAYS_PER_WORKING_WEEK)
        return Duration("working_days", number)
    match = _CLOCK.match(words)
    if match is not None:
        return Duration("clock_hours", _number(match["number"], text, "hours"))
    raise DurationError(_not_understood(text, words))


def _not_text(value: object) -> str:
    advice = f'write the deadline as text, for example "{_EXAMPLE}"'
    if value is None:
        return f"the deadline is empty: {advice}"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' is not a deadline: {advice}"
    if isinstance(value, int | float):
        return f"{value} is a number without a unit: {advice}"
    return f"a deadline cannot be a {type(value).__name__}: {advice}"


def _number(token: str, text: str, units: str) -> int:
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    if re.fullmatch(r"[+-]?[0-9]+", token) is None:
        raise DurationError(
            f"'{text.strip()}' is not a deadline Escalate understands: it must start with a "
            "whole number of 1 or more, in digits or as a word from one to ten, "
            f'like "3 {units}"'
        )
    number = int(token)
    if number < 1:
        raise DurationError(
            f"'{text.strip()}' is not a deadline Escalate understands: the number of {units} "
            'must be 1 or more. For no delay at all, write "immediately"'
        )
    if number > MAX_NUMBER:
        raise DurationError(
            f"'{text.strip()}' is too long for a deadline: the number of {units} must be "
            f"at most {MAX_NUMBER}"
        )
    return number


def _not_understood(text: str, words: str) -> str:
    example = _EXAMPLE
    near = _NEAR_MISS.match(words)
    hours = _NEAR_HOURS.match(words)
    if words in _SAME_DAY:
        example = "same working day"
    elif hours is not None:
        plural = "" if hours["number"] in ("1", "one") else "s"
        example = f"{hours['number']} working hour{plural}"
    elif near is not None and (
        near["number"] in _NUMBER_WORDS or re.fullmatch(r"[0-9]+", near["number"])
    ):
        unit = _UNITS.get(near["unit"], near["unit"])
        plural = "" if near["number"] in ("1", "one") else "s"
        example = f"{near['number']} working {unit}{plural}"
    return (
        f"'{text.strip()}' is not a deadline Escalate understands. Write one of: "
        f'{_ACCEPTED} (for example "{example}").'
    )
