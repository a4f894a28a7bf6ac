"""The worker's deadline job: reminders, overdue alerts and time-triggered notifications.

It looks only at open escalations whose stored next deadline has come (an indexed range
query) and puts what is now due in the outbox, in the same transaction as the marks that
say it was done (``overdue_alerted_for``, ``reminded_on``).
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import transaction
from django.db.models import F, Q

from escalate.escalations.models import Escalation, Status
from escalate.escalations.services import escalation_state
from escalate.notifications import compose
from escalate.notifications.outbox import enqueue
from escalate.notifications.timing import next_working_moment, reminder_time
from escalate.partnerships.models import PolicyVersion
from escalate.policy.clock import LONDON
from escalate.policy.engine import calendar_for

log = logging.getLogger(__name__)
SCAN_BATCH = 500
# A pass scans for at most this long, so sending is never starved; the next pass goes on.
SCAN_SECONDS = 20.0


def reminding_versions(now: dt.datetime) -> list[int]:
    """The policy versions whose reminders may go out now: today is a working day in their
    calendar and the reminder time has come. (A handful of rows, parsed once and cached.)"""
    chosen = []
    for version in PolicyVersion.objects.select_related("partnership").order_by("pk"):
        try:
            calendar = calendar_for(version.policy)
        except Exception:  # A broken version: its escalations are reported one by one.
            chosen.append(version.pk)
            continue
        today = calendar.local_date(now)
        remind_from = dt.datetime.combine(today, reminder_time(calendar), LONDON)
        if calendar.is_working_day(today) and now >= remind_from:
            chosen.append(version.pk)
    return chosen


def due_escalation_ids(
    now: dt.datetime,
    limit: int | None = None,
    after: tuple[dt.datetime, int] | None = None,
    reminding: list[int] | None = None,
) -> list[tuple[dt.datetime, int]]:
    """(next deadline, id) of open escalations with something to do now, in that order after
    ``after``: a deadline passed that has not been alerted; or a deadline falling by the end
    of today with no reminder sent today, where reminders may go out now (so nothing that
    must wait for the morning or for Monday is read again and again); or a warning before a
    deadline whose moment has come (``next_warning``, moved on once sent). Range scans of the
    partial indexes on open escalations' next deadline and next warning."""
    today = now.astimezone(LONDON).date()
    end_of_today = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), LONDON)
    passed = Q(next_deadline__lte=now) & (
        Q(overdue_alerted_for__isnull=True) | ~Q(overdue_alerted_for=F("next_deadline"))
    )
    if reminding is None:
        reminding = reminding_versions(now)
    due_today = Q(policy_version_id__in=reminding) & (
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    )
    warning = Q(next_warning__lte=now)
    rows = Escalation.objects.filter(status=Status.OPEN).filter(
        Q(next_deadline__lt=end_of_today) & (passed | due_today) | warning
    )
    if after is not None:
        rows = rows.filter(
            Q(next_deadline__gt=after[0]) | Q(next_deadline=after[0], pk__gt=after[1])
        )
    found = rows.order_by("next_deadline", "pk").values_list("next_deadline", "pk")
    return [(deadline, pk) for deadline, pk in found[: limit or SCAN_BATCH] if deadline]


def _scan_one(escalation: Escalation, now: dt.datetime) -> int:
    policy = escalation.policy
    calendar = calendar_for(policy)
    state = escalation_state(escalation, now)
    deadline = state.next_deadline
    today = calendar.local_date(now)
    with transaction.atomic():
        send_at = next_working_moment(calendar, now)
        timed = [
            n
            for n in state.notifications_due
            if n.trigger in ("before-deadline", "deadline-passed")
        ]
        messages = [m for due in timed for m in compose.for_policy(escalation, policy, state, due)]
        if deadline is not None and deadline <= now and escalation.overdue_alerted_for != deadline:
            messages += compose.overdue_alerts(escalation, policy, state)
            Escalation.objects.filter(pk=escalation.pk).update(overdue_alerted_for=deadline)
        remind_from = dt.datetime.combine(today, reminder_time(calendar), LONDON)
        if (
            deadline is not None
            and calendar.local_date(deadline) <= today
            and escalation.reminded_on != today
            and calendar.is_working_day(today)
            and now >= remind_from
        ):
            # The morning the overdue alert goes out, it is the day's one message about this
            # escalation for the people who must act: no reminder saying the same beside it.
            # Where the policy sends reminders only, no alert goes out: the reminder does.
            alerted_today = (
                not state.current.reminders_only
                and deadline <= now
                and calendar.local_date(next_working_moment(calendar, deadline)) == today
            )
            if not alerted_today:
                messages += compose.reminders(escalation, policy, state, today)
            Escalation.objects.filter(pk=escalation.pk).update(reminded_on=today)
        if escalation.next_warning != state.next_warning:  # sent: the next one, if any
            Escalation.objects.filter(pk=escalation.pk).update(next_warning=state.next_warning)
        return enqueue(escalation, messages, now=now, send_at=send_at)


def deadlines_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The deadline scan: every escalation with something due now, a batch at a time in
    order, until none is left (or ``SCAN_SECONDS`` have gone: the next pass goes on). One
    bad escalation never stops the others."""
    counts = {"scanned": 0, "enqueued": 0, "errors": 0}
    stop_at = time.monotonic() + SCAN_SECONDS
    reminding = reminding_versions(now)
    after: tuple[dt.datetime, int] | None = None
    while time.monotonic() < stop_at:
        batch = due_escalation_ids(now, SCAN_BATCH, after, reminding)
        if not batch:
            break
        after = batch[-1]
        escalations = Escalation.objects.select_related(
            "policy_version", "partnership", "raised_by", "receiving_professional"
        ).in_bulk([pk for _, pk in batch])
        for _, pk in batch:
            escalation = escalations.get(pk)
            if escalation is None:
                continue  # gone since the batch was read
            counts["scanned"] += 1
            try:
                counts["enqueued"] += _scan_one(escalation, now)
            except Exception:  # One bad escalation must not stop the others.
                log.exception("Could not work out notifications for %s", escalation.reference)
                counts["errors"] += 1
    return counts
