"""Claiming emails to send: a batch in one statement, each row held under a lease that names
its holder, renewed as the batch goes.

A claim's token is new for every batch, so a worker whose lease ran out (it was paused, or
died) can neither mark nor renew a row that another worker has claimed since: every write
after the claim is conditional on ``claimed_by = token``. The lease is kept in real time
(``timezone.now()``) whatever moment the pass is working for, since it is shared by
processes; the worker also keeps it on its own monotonic clock, measured from before each
claim or renewal was sent, and hands a message to SMTP only while at least half the lease
is left (the settings make half the lease longer than every SMTP step at its timeout).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from escalate.notifications.models import Channel, Delivery, Notification


def lease_seconds() -> float:
    return float(settings.NOTIFY_LEASE_SECONDS)


def claimable(real_now: dt.datetime) -> Q:
    """Waiting to be sent, or claimed by a worker whose lease has run out."""
    return Q(status=Delivery.PENDING) | Q(status=Delivery.SENDING, claimed_until__lt=real_now)


def due(now: dt.datetime) -> bool:
    """Is any email due? (One indexed look-up; the batch is only claimed when the mail
    server answers.)"""
    return (
        Notification.objects.filter(
            claimable(timezone.now()), channel=Channel.EMAIL, next_attempt_at__lte=now
        )
        .order_by()
        .exists()
    )


@dataclass
class Claim:
    """The rows one batch holds, in the order they are sent."""

    token: str
    held: list[int] = field(default_factory=list)
    valid_until: float = 0.0  # time.monotonic() when the lease runs out, at the earliest

    def left(self) -> float:
        return self.valid_until - time.monotonic()

    def needs_renewal(self) -> bool:
        return self.left() < lease_seconds() / 2


def new_token(worker: str) -> str:
    return f"{worker[:80]}/{uuid.uuid4().hex[:12]}"


def claim_batch(now: dt.datetime, worker: str, limit: int) -> Claim:
    """Claim up to ``limit`` due emails, oldest first. On PostgreSQL rows another worker is
    claiming are skipped (SKIP LOCKED); SQLite runs one writing transaction at a time."""
    claim = Claim(token=new_token(worker))
    started = time.monotonic()
    real_now = timezone.now()
    with transaction.atomic():
        pks = list(
            Notification.objects.filter(
                claimable(real_now), channel=Channel.EMAIL, next_attempt_at__lte=now
            )
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if pks:
            Notification.objects.filter(claimable(real_now), pk__in=pks).update(
                status=Delivery.SENDING,
                claimed_by=claim.token,
                claimed_until=real_now + dt.timedelta(seconds=lease_seconds()),
            )
    claim.held = pks
    claim.valid_until = started + lease_seconds()
    return claim


def _mine(claim: Claim, pks: list[int]) -> Q:
    return Q(pk__in=pks, claimed_by=claim.token, status=Delivery.SENDING)


def renew(claim: Claim, pks: list[int]) -> None:
    """Extend the lease on ``pks`` (the batch's rows not yet handed over); any that are no
    longer ours are dropped from ``claim.held``."""
    started = time.monotonic()
    real_now = timezone.now()
    renewed = Notification.objects.filter(_mine(claim, pks)).update(
        claimed_until=real_now + dt.timedelta(seconds=lease_seconds())
    )
    if renewed != len(pks):
        still = set(Notification.objects.filter(_mine(claim, pks)).values_list("pk", flat=True))
        lost = set(pks) - still
        claim.held = [pk for pk in claim.held if pk not in lost]
    claim.valid_until = started + lease_seconds()


def release(claim: Claim, pks: list[int]) -> None:
    """Give back rows not sent (the pass's time is up, or the mail server went away)."""
    if pks:
        Notification.objects.filter(_mine(claim, pks)).update(
            status=Delivery.PENDING, claimed_by="", claimed_until=None
        )


def mark_sent(claim: Claim, pk: int, now: dt.datetime) -> bool:
    """Record that SMTP accepted the message: one statement, only by the claim's holder."""
    return (
        Notification.objects.filter(pk=pk, claimed_by=claim.token).update(
            status=Delivery.SENT,
            attempts=F("attempts") + 1,
            sent_at=now,
            claimed_by="",
            claimed_until=None,
            last_error="",
        )
        == 1
    )


def mark_unsent(claim: Claim, pk: int, **values: object) -> None:
    """Record a failed try (to wait, retry or fail), only by the claim's holder."""
    Notification.objects.filter(pk=pk, claimed_by=claim.token).update(
        claimed_by="", claimed_until=None, **values
    )
