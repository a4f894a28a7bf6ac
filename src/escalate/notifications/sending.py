"""The worker's email job: sends the outbox's due emails, each exactly once.

A batch is claimed in one statement under a lease (``claims.py``) renewed as it goes; each
message is marked sent, by the claim's holder only, as soon as SMTP accepts it and before
the next is handed over. So the only message that can go twice is the one being handed to
SMTP when a worker dies (or a mail server accepts it and the connection drops before it
says so): it is sent again once the lease runs out. On PostgreSQL the marks are committed
without waiting for the disk (``synchronous_commit`` off for this job's statements): a
worker that dies loses none of them; a database server that crashes can lose the last
fraction of a second of them, and those messages go again.

What a failure means decides what happens (``classify``): a mail server that cannot be
reached, times out or says "try later" is not the message's fault, so the message waits
(``outage.py``) however long that takes; a permanent refusal of this message (a 5xx for
the recipient or its content) fails it at once, for the officers to see and retry; any
other error is retried with backoff and fails after ``ESCALATE_NOTIFY_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db

from escalate.leases import Claim
from escalate.notifications import claims, outage
from escalate.notifications.models import Delivery, Notification

log = logging.getLogger(__name__)
SEND_BATCH = 200
NOTIFICATION_HEADER = "X-Escalate-Notification"  # the outbox row a message is
SERVER = "server"  # the mail server is away or unusable: stop, and wait
LATER = "later"  # this message, not now (4xx for the recipient): retry, never fail
REFUSED = "refused"  # this message, never (5xx for the recipient or its content): fail
ERROR = "error"  # anything else: retry with backoff, fail after the maximum attempts


def classify(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return REFUSED if codes and all(500 <= code < 600 for code in codes) else LATER
    if isinstance(error, smtplib.SMTPDataError):
        return REFUSED if 500 <= error.smtp_code < 600 else LATER
    if isinstance(error, smtplib.SMTPException | OSError):  # refused, timed out, dropped
        return SERVER
    return ERROR


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 ... minutes, at most six hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@contextmanager
def _marks_without_waiting_for_disk() -> Iterator[None]:
    if db.vendor != "postgresql":
        yield
        return
    with db.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with db.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def send(now: dt.datetime, counts: dict[str, int], me: str, limit: int = SEND_BATCH) -> None:
    """Send due emails, a batch at a time, for at most ``ESCALATE_NOTIFY_PASS_SECONDS``."""
    if not claims.due(now) or not outage.may_try(now):
        return
    connection = get_connection()
    try:
        connection.open()  # One SMTP session for the pass, not one per message.
    except Exception as error:  # The mail server is away: the emails wait.
        if classify(error) != SERVER:
            raise
        outage.server_away(now, error)
        counts["mail server away"] = counts.get("mail server away", 0) + 1
        return
    outage.server_back(now)
    stop_at = time.monotonic() + settings.NOTIFY_PASS_SECONDS
    try:
        with _marks_without_waiting_for_disk():
            while time.monotonic() < stop_at:
                claim = claims.claim_batch(now, me, limit)
                if not claim.held:
                    break
                if not _send_batch(claim, now, connection, counts, stop_at):
                    break
    finally:
        connection.close()


def _send_batch(
    claim: Claim,
    now: dt.datetime,
    connection: BaseEmailBackend,
    counts: dict[str, int],
    stop_at: float,
) -> bool:
    """Send what ``claim`` holds; False when the pass must stop (time up, server away)."""
    rows = {
        row.pk: row
        for row in Notification.objects.filter(pk__in=claim.held, claimed_by=claim.token)
        .select_related("recipient")
        .order_by()
    }
    order = [pk for pk in claim.held if pk in rows]
    for index, pk in enumerate(order):
        if time.monotonic() >= stop_at:
            claims.release(claim, order[index:])
            return False
        if claim.needs_renewal():
            claims.renew(claim, order[index:])
        if pk not in claim.held or claim.needs_renewal():
            continue  # no longer ours (we were paused past the lease): never send it
        if not _deliver(claim, rows[pk], now, connection, counts):
            claims.release(claim, order[index + 1 :])
            return False
    return True


def _deliver(
    claim: Claim,
    row: Notification,
    now: dt.datetime,
    connection: BaseEmailBackend,
    counts: dict[str, int],
) -> bool:
    """Hand one message to SMTP and record what came of it; False if the server is away."""
    try:
        EmailMessage(
            subject=f"[Escalate] {row.subject}",
            body=row.body,
            to=[row.recipient.email],
            connection=connection,
            headers={NOTIFICATION_HEADER: str(row.pk)},  # for a backend that tracks delivery
        ).send()
    except Exception as error:  # SMTP fails in many ways; what it means decides what next.
        return _record_failure(claim, row, now, error, counts)
    if not claims.mark_sent(claim, row.pk, now):
        log.error("Email %s was sent after its claim was lost; it may go twice", row.pk)
    counts["sent"] = counts.get("sent", 0) + 1
    return True


def _record_failure(
    claim: Claim, row: Notification, now: dt.datetime, error: Exception, counts: dict[str, int]
) -> bool:
    kind = classify(error)
    text = f"{type(error).__name__}: {error}"[:2000]
    if kind == SERVER:
        # Not the message's fault: no attempt counted; it goes when the server is back.
        claims.mark_unsent(
            claim, row.pk, status=Delivery.PENDING, last_error=f"Waiting: {text}"[:2000]
        )
        outage.server_away(now, error)
        counts["mail server away"] = counts.get("mail server away", 0) + 1
        return False
    attempts = row.attempts + 1
    failed = kind == REFUSED or (kind == ERROR and attempts >= settings.NOTIFY_MAX_ATTEMPTS)
    wait = min(backoff(attempts), dt.timedelta(hours=1)) if kind == LATER else backoff(attempts)
    claims.mark_unsent(
        claim,
        row.pk,
        status=Delivery.FAILED if failed else Delivery.PENDING,
        attempts=attempts,
        last_error=text,
        next_attempt_at=now + wait,
    )
    outcome = "failed" if failed else "retrying"
    counts[outcome] = counts.get(outcome, 0) + 1
    return True


def emails_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """Send the due emails (for at most ``ESCALATE_NOTIFY_PASS_SECONDS``)."""
    counts = {"sent": 0, "failed": 0}
    send(now, counts, worker)
    return counts
