"""Claiming emails to send: a batch in one statement, each row held under a lease that names
its holder, renewed as the batch goes (the rules are ``escalate.leases``'s, shared with the
webhook deliveries).

The worker hands a message to SMTP only while at least half the lease is left (the settings
make half the lease longer than every SMTP step at its timeout).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from escalate import leases
from escalate.leases import Claim
from escalate.notifications.models import Channel, Delivery, Notification


def lease_seconds() -> float:
    return float(settings.NOTIFY_LEASE_SECONDS)


def due(now: dt.datetime) -> bool:
    """Is any email due? (One indexed look-up; the batch is only claimed when the mail
    server answers.)"""
    return (
        Notification.objects.filter(
            leases.claimable(timezone.now()), channel=Channel.EMAIL, next_attempt_at__lte=now
        )
        .order_by()
        .exists()
    )


def claim_batch(now: dt.datetime, worker: str, limit: int) -> Claim:
    """Claim up to ``limit`` due emails, oldest first."""
    rows = Notification.objects.filter(channel=Channel.EMAIL, next_attempt_at__lte=now)
    return leases.claim(
        rows.order_by("next_attempt_at", "pk"),
        worker=worker,
        limit=limit,
        lease_seconds=lease_seconds(),
    )


def renew(claim: Claim, pks: list[int]) -> None:
    """Extend the lease on ``pks`` (the batch's rows not yet handed over)."""
    leases.renew(Notification, claim, pks)


def release(claim: Claim, pks: list[int]) -> None:
    """Give back rows not sent (the pass's time is up, or the mail server went away)."""
    leases.release(Notification, claim, pks)


def mark_sent(claim: Claim, pk: int, now: dt.datetime) -> bool:
    """Record that SMTP accepted the message: one statement, only by the claim's holder."""
    return leases.finish(
        Notification,
        claim,
        pk,
        status=Delivery.SENT,
        attempts=F("attempts") + 1,
        sent_at=now,
        last_error="",
    )


def mark_unsent(claim: Claim, pk: int, **values: object) -> None:
    """Record a failed try (to wait, retry or fail), only by the claim's holder."""
    leases.finish(Notification, claim, pk, **values)
