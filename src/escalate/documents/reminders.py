"""Reminders to confirm the agreed outcome, for the notification worker.

``outcome_send_reminders(now=...)`` does one pass: it notes escalations newly resolved (a
look at the events added since the last pass, by id, so it never scans the whole table),
then reminds the sides that have not confirmed the agreed outcome, one working day, three
and five working days after the resolution: one reminder per person per escalation per day,
however many of the schedule's days have passed. Each reminder is claimed with an UPDATE whose
row count says who won, so workers side by side never send the same one twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from django.conf import settings
from django.db import transaction

from escalate.documents import rules
from escalate.documents.messages import outcome_reminder
from escalate.documents.models import OutcomeReminder, ScanMark
from escalate.documents.selectors import outcome_status
from escalate.escalations.models import Escalation, Event, EventKind
from escalate.notifications import outbox
from escalate.notifications.compose import Message
from escalate.partnerships.models import Person
from escalate.policy.clock import LONDON, WorkingCalendar
from escalate.policy.engine import calendar_for

MARK: Final = "outcome-reminders"
# Events are numbered as they are inserted, but a slow transaction may commit a lower number
# after a higher one was seen: each pass looks this far back again.
OVERLAP: Final = 1000
SCHEDULE: Final = (1, 3, 5)  # working days after the resolution
TOO_OLD: Final = dt.timedelta(days=14)  # resolved before Escalate kept reminders: none sent
BATCH: Final = 200


def _reminder_time(calendar: WorkingCalendar) -> dt.time:
    configured = settings.REMINDER_TIME
    if configured:
        hours, _, minutes = configured.partition(":")
        return dt.time(int(hours), int(minutes or 0))
    return calendar.day_start


def reminder_at(calendar: WorkingCalendar, resolved_at: dt.datetime, days: int) -> dt.datetime:
    """The reminder time on the ``days``-th working day after the day of resolution."""
    day = calendar.local_date(resolved_at)
    for _ in range(days):
        day = calendar.next_working_day(day)
    return dt.datetime.combine(day, _reminder_time(calendar), LONDON).astimezone(dt.UTC)


def _working_moment(calendar: WorkingCalendar, now: dt.datetime) -> dt.datetime:
    """Now, inside working hours; otherwise the start of the next working day."""
    day = calendar.local_date(now)
    if calendar.is_working_day(day) and now < calendar.end_of(day):
        return max(now, calendar.start_of(day))
    return calendar.start_of(calendar.next_working_day(day))


def track_resolutions(now: dt.datetime) -> int:
    """Start keeping reminders for escalations resolved since the last pass; an escalation
    resolved again (a dispute reopened it) starts the schedule again from the new
    resolution. Returns how many schedules were started."""
    mark, _ = ScanMark.objects.get_or_create(name=MARK)
    top = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    latest: dict[int, Event] = {}
    for event in Event.objects.filter(
        pk__gt=max(mark.last_event_id - OVERLAP, 0),
        pk__lte=top,
        kind=EventKind.RESOLVED,
        at__gte=now - TOO_OLD,
    ).select_related("escalation__policy_version", "escalation__partnership"):
        if event.escalation_id not in latest or event.at > latest[event.escalation_id].at:
            latest[event.escalation_id] = event
    known = dict(
        OutcomeReminder.objects.filter(escalation_id__in=list(latest)).values_list(
            "escalation_id", "resolved_at"
        )
    )

    def first(event: Event) -> dt.datetime:
        return reminder_at(calendar_for(event.escalation.policy), event.at, SCHEDULE[0])

    rows = [
        OutcomeReminder(escalation_id=pk, resolved_at=event.at, next_at=first(event))
        for pk, event in latest.items()
        if pk not in known
    ]
    OutcomeReminder.objects.bulk_create(rows, ignore_conflicts=True)
    restarted = 0
    for pk, event in latest.items():
        if pk in known and event.at > known[pk]:
            restarted += OutcomeReminder.objects.filter(
                escalation_id=pk, resolved_at__lt=event.at
            ).update(resolved_at=event.at, sent=0, next_at=first(event))
    ScanMark.objects.filter(pk=mark.pk, last_event_id__lt=top).update(last_event_id=top)
    return len(rows) + restarted


def _whom(escalation: Escalation, side: rules.Side) -> list[Person]:
    """The raiser, or the receiving professional; where that professional is not in the
    directory, the receiving agency's people who are party to it."""
    lead = escalation.raised_by if side == "raising" else escalation.receiving_professional
    if lead is not None:
        return [lead] if lead.is_active else []
    return rules.side_people(escalation, side)


def _remind_one(pk: int, now: dt.datetime) -> int:
    with transaction.atomic():
        row = OutcomeReminder.objects.select_related(
            "escalation__policy_version",
            "escalation__partnership",
            "escalation__raised_by",
            "escalation__raising_agency",
            "escalation__receiving_agency",
            "escalation__receiving_professional",
        ).get(pk=pk)
        if row.next_at is None or row.next_at > now:
            return 0
        escalation = row.escalation
        calendar = calendar_for(escalation.policy)
        # Catching up (the worker was stopped, or the schedule's days have passed): one
        # reminder now, for the latest one due, never one for each day missed.
        number = row.sent + 1
        while (
            number < len(SCHEDULE)
            and reminder_at(calendar, row.resolved_at, SCHEDULE[number]) <= now
        ):
            number += 1
        following = (
            reminder_at(calendar, row.resolved_at, SCHEDULE[number])
            if number < len(SCHEDULE)
            else None
        )
        won = OutcomeReminder.objects.filter(pk=pk, sent=row.sent, next_at=row.next_at).update(
            sent=number, next_at=following
        )
        if won != 1:
            return 0
        status = outcome_status(escalation)
        if status is None or not status.pending:
            OutcomeReminder.objects.filter(pk=pk).update(next_at=None)
            return 0
        messages: list[Message] = [
            outcome_reminder(
                escalation=escalation,
                person=person,
                agency_name=confirmation.agency.name,
                number=number,
                day=calendar.local_date(now),
            )
            for confirmation in status.pending
            for person in _whom(escalation, confirmation.side)
        ]
        return outbox.enqueue(escalation, messages, now=now, send_at=_working_moment(calendar, now))


def outcome_send_reminders(*, now: dt.datetime) -> int:
    """One pass: returns how many outbox rows (in the app and by email) it wrote."""
    track_resolutions(now)
    due = list(
        OutcomeReminder.objects.filter(next_at__lte=now)
        .order_by("next_at")
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(_remind_one(pk, now) for pk in due)


def outcome_reminders_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The worker's job for reminders to confirm agreed outcomes."""
    return {"enqueued": outcome_send_reminders(now=now)}
