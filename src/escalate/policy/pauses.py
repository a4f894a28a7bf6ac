"""Pausing the clock: while an escalation waits for something the policy allows waiting
for (``pause_reasons``), its deadlines stand still.

A pause runs from a ``paused`` event to the ``resumed`` event after it, or to the end of
the stage it was on (escalated, skipped, resolved, withdrawn or decided), whichever comes
first. Paused time never counts: a deadline is moved later by exactly the time the clock
was paused between its start and it, in the deadline's own terms (working time for
working hours and days, elapsed time for clock hours). While a pause that started before
a deadline is still on, the deadline cannot be known and is None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from escalate.policy.clock import WorkingCalendar
from escalate.policy.durations import Duration
from escalate.policy.errors import EngineError


@dataclass
class Pause:
    reason: str
    visit: int
    start: datetime
    end: datetime | None = None


def pause_or_resume(
    pauses: list[Pause],
    reasons: set[str],
    visit: int,
    kind: str,
    reason: str | None,
    at: datetime,
) -> None:
    """Apply a ``paused`` or ``resumed`` event to ``pauses``, refusing one out of turn."""
    current = pauses[-1] if pauses and pauses[-1].end is None else None
    if kind == "resumed":
        if current is None:
            raise EngineError("the clock is not paused, so it cannot be resumed")
        current.end = at
        return
    if current is not None:
        raise EngineError("the clock is already paused; resume it before pausing again")
    if reason not in reasons:
        allowed = ", ".join(sorted(reasons)) or "none (the policy allows no pause)"
        raise EngineError(
            f"'{reason}' is not something this policy allows the clock to wait for. "
            f"It allows: {allowed}"
        )
    pauses.append(Pause(reason or "", visit, at))


def shifted(
    calendar: WorkingCalendar,
    duration: Duration,
    start: datetime,
    pauses: Iterable[Pause],
) -> datetime | None:
    """When ``duration`` from ``start`` is due, with the paused time after ``start`` left out."""
    due = duration.due(calendar, start)
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.end is not None and pause.end <= start:
            continue
        if pause.start >= due:
            break
        if pause.end is None:
            return None
        begin = max(pause.start, start)
        if duration.kind == "clock_hours":
            due += pause.end - begin
            continue
        lost = calendar.working_time_between(begin, pause.end)
        if lost > timedelta(0):
            due = calendar.add_working_time(due, lost)
    return due
