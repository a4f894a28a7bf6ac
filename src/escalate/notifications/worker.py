"""The worker: finds what has become due, and sends the outbox, at most once per message.

A pass has two parts. ``scan`` looks only at open escalations whose stored next deadline
has come (an indexed range query) and puts reminders, overdue alerts and time-triggered
policy notifications in the outbox. ``send`` claims each due email with an UPDATE whose
row count says who won, so any number of workers can run side by side.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from escalate.documents.reminders import outcome_send_reminders
from escalate.escalations.models import Escalation, Status
from escalate.escalations.services import escalation_state
from escalate.notifications import compose
from escalate.notifications.models import Channel, Delivery, Notification
from escalate.notifications.outbox import enqueue
from escalate.partnerships.models import Partnership
from escalate.policy.clock import LONDON, WorkingCalendar
from escalate.policy.engine import calendar_for
from escalate.reports.facts import facts_refresh, stale

log = logging.getLogger(__name__)
CLAIM_FOR = dt.timedelta(minutes=5)
SCAN_BATCH = 500
SEND_BATCH = 200


@dataclass
class PassReport:
    scanned: int = 0
    enqueued: int = 0
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _reminder_time(calendar: WorkingCalendar) -> dt.time:
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


def due_escalation_ids(now: dt.datetime, limit: int = SCAN_BATCH) -> list[int]:
    """Open escalations with something newly due: a deadline passed that has not been
    alerted, or a deadline falling by the end of today with no reminder sent today.
    One range scan of the partial index on open escalations' next deadline."""
    today = now.astimezone(LONDON).date()
    end_of_today = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), LONDON)
    passed = Q(next_deadline__lte=now) & (
        Q(overdue_alerted_for__isnull=True) | ~Q(overdue_alerted_for=F("next_deadline"))
    )
    due_today = Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    return list(
        Escalation.objects.filter(status=Status.OPEN, next_deadline__lt=end_of_today)
        .filter(passed | due_today)
        .order_by("next_deadline")
        .values_list("pk", flat=True)[:limit]
    )


def _scan_one(escalation: Escalation, now: dt.datetime) -> int:
    policy = escalation.policy_version.policy
    calendar = calendar_for(policy)
    state = escalation_state(escalation, now)
    deadline = state.next_deadline
    today = calendar.local_date(now)
    count = 0
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
        remind_from = dt.datetime.combine(today, _reminder_time(calendar), LONDON)
        if (
            deadline is not None
            and calendar.local_date(deadline) <= today
            and escalation.reminded_on != today
            and calendar.is_working_day(today)
            and now >= remind_from
        ):
            messages += compose.reminders(escalation, policy, state, today)
            Escalation.objects.filter(pk=escalation.pk).update(reminded_on=today)
        count = enqueue(escalation, messages, now=now, send_at=send_at)
    return count


def scan(now: dt.datetime, report: PassReport) -> None:
    _scan_escalations(now, report)
    try:
        report.enqueued += outcome_send_reminders(now=now)
    except Exception as error:  # Reminders to confirm can wait a pass; the rest cannot.
        log.exception("Could not send reminders to confirm agreed outcomes")
        report.errors.append(f"outcome reminders: {error}")


def _scan_escalations(now: dt.datetime, report: PassReport) -> None:
    for pk in due_escalation_ids(now):
        report.scanned += 1
        escalation = Escalation.objects.select_related(
            "policy_version", "partnership", "raised_by", "receiving_professional"
        ).get(pk=pk)
        try:
            report.enqueued += _scan_one(escalation, now)
        except Exception as error:  # One bad escalation must not stop the others.
            log.exception("Could not work out notifications for %s", escalation.reference)
            report.errors.append(f"{escalation.reference}: {error}")


def _claim(pk: int, now: dt.datetime, me: str) -> bool:
    claimable = Q(status=Delivery.PENDING) | Q(status=Delivery.SENDING, claimed_until__lt=now)
    won = Notification.objects.filter(claimable, pk=pk, next_attempt_at__lte=now).update(
        status=Delivery.SENDING, claimed_by=me, claimed_until=now + CLAIM_FOR
    )
    return won == 1


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 ... minutes, at most six hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def send(now: dt.datetime, report: PassReport, me: str, limit: int = SEND_BATCH) -> None:
    candidates = list(
        Notification.objects.filter(
            Q(status=Delivery.PENDING) | Q(status=Delivery.SENDING, claimed_until__lt=now),
            channel=Channel.EMAIL,
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    if not candidates:
        return
    connection = get_connection()
    try:
        connection.open()  # One SMTP session for the batch, not one per message.
    except Exception as error:  # The mail server is away: leave the rows for the next pass.
        log.warning("Cannot reach the mail server: %s", error)
        report.errors.append(f"mail server: {error}")
    try:
        for pk in candidates:
            if not _claim(pk, now, me):
                continue
            _deliver(pk, now, connection, report)
    finally:
        connection.close()


def _deliver(pk: int, now: dt.datetime, connection: BaseEmailBackend, report: PassReport) -> None:
    row = Notification.objects.select_related("recipient").get(pk=pk)
    try:
        EmailMessage(
            subject=f"[Escalate] {row.subject}",
            body=row.body,
            to=[row.recipient.email],
            connection=connection,
        ).send()
    except Exception as error:  # SMTP fails in many ways; record it and retry later.
        attempts = row.attempts + 1
        failed = attempts >= settings.NOTIFY_MAX_ATTEMPTS
        Notification.objects.filter(pk=pk, claimed_by=row.claimed_by).update(
            status=Delivery.FAILED if failed else Delivery.PENDING,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=now + backoff(attempts),
            claimed_by="",
            claimed_until=None,
        )
        report.failed += 1
        return
    Notification.objects.filter(pk=pk).update(
        status=Delivery.SENT,
        attempts=row.attempts + 1,
        sent_at=now,
        claimed_by="",
        claimed_until=None,
        last_error="",
    )
    report.sent += 1


def run_pass(now: dt.datetime | None = None, me: str | None = None) -> PassReport:
    now = now or timezone.now()
    report = PassReport()
    scan(now, report)
    send(now, report, me or worker_id())
    refresh_report_facts(now, report)
    return report


def refresh_report_facts(now: dt.datetime, report: PassReport, limit: int = 200) -> None:
    """Keep the Board report's stored facts up to date with the events, a batch a pass;
    one escalation that cannot be worked out never holds up the rest."""
    for partnership in Partnership.objects.all():
        for escalation in stale(partnership).order_by("pk")[:limit]:
            try:
                facts_refresh(escalation=escalation, now=now)
            except Exception as error:  # The report can wait; the messages cannot.
                log.exception("Could not refresh report facts for %s", escalation.reference)
                report.errors.append(f"{escalation.reference} (report facts): {error}")


class Stopper:
    """Stops the loop cleanly on SIGTERM or SIGINT, after the message in hand."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.event.set())


def run_forever(interval: float, stopper: Stopper) -> None:
    while not stopper.event.is_set():
        try:
            report = run_pass()
            if report.enqueued or report.sent or report.failed:
                log.info(
                    "scanned %d, enqueued %d, sent %d, failed %d",
                    report.scanned,
                    report.enqueued,
                    report.sent,
                    report.failed,
                )
        except Exception:  # The database may be away; wait and try again, never crash-loop.
            log.exception("Worker pass failed; trying again in %s seconds", interval)
        stopper.event.wait(interval)
