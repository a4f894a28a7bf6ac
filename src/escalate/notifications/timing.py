"""When messages may go: the working day, the reminder time, the next working moment."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from escalate.policy.clock import WorkingCalendar


def reminder_time(calendar: WorkingCalendar) -> dt.time:
    """ESCALATE_REMINDER_TIME, or the policy's start of the working day."""
    configured = settings.REMINDER_TIME
    if configured:
        hours, _, minutes = configured.partition(":")
        return dt.time(int(hours), int(minutes or 0))
    return calendar.day_start


def in_working_hours(calendar: WorkingCalendar, now: dt.datetime) -> bool:
    day = calendar.local_date(now)
    return calendar.is_working_day(day) and calendar.start_of(day) <= now < calendar.end_of(day)


def next_working_moment(calendar: WorkingCalendar, now: dt.datetime) -> dt.datetime:
    """Now, if inside working hours; otherwise the start of the next working day."""
    if in_working_hours(calendar, now):
        return now
    day = calendar.local_date(now)
    if calendar.is_working_day(day) and now < calendar.start_of(day):
        return calendar.start_of(day)
    return calendar.start_of(calendar.next_working_day(day))
