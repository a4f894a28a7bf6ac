"""The worker's email job: sends the outbox's due emails, at most once per message.

Each email is claimed with an UPDATE whose row count says who won, so any number of
workers can run side by side; a failure is recorded on the row and retried with backoff.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Q

from escalate.notifications.models import Channel, Delivery, Notification

log = logging.getLogger(__name__)
CLAIM_FOR = dt.timedelta(minutes=5)
SEND_BATCH = 200


def _claim(pk: int, now: dt.datetime, me: str) -> bool:
    claimable = Q(status=Delivery.PENDING) | Q(status=Delivery.SENDING, claimed_until__lt=now)
    won = Notification.objects.filter(claimable, pk=pk, next_attempt_at__lte=now).update(
        status=Delivery.SENDING, claimed_by=me, claimed_until=now + CLAIM_FOR
    )
    return won == 1


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 ... minutes, at most six hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def send(now: dt.datetime, counts: dict[str, int], me: str, limit: int = SEND_BATCH) -> None:
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
        counts["errors"] = counts.get("errors", 0) + 1
    try:
        for pk in candidates:
            if not _claim(pk, now, me):
                continue
            _deliver(pk, now, connection, counts)
    finally:
        connection.close()


def _deliver(
    pk: int, now: dt.datetime, connection: BaseEmailBackend, counts: dict[str, int]
) -> None:
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
        counts["failed"] = counts.get("failed", 0) + 1
        return
    Notification.objects.filter(pk=pk).update(
        status=Delivery.SENT,
        attempts=row.attempts + 1,
        sent_at=now,
        claimed_by="",
        claimed_until=None,
        last_error="",
    )
    counts["sent"] = counts.get("sent", 0) + 1


def emails_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """Send one batch of due emails."""
    counts = {"sent": 0, "failed": 0}
    send(now, counts, worker)
    return counts
