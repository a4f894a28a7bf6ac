"""Work that workers side by side take from a table, each row held by one of them at a time:
emails to send (``notifications.claims``) and webhook deliveries (``webhooks.outbox``).

A row waits as ``pending`` and is due at ``next_attempt_at``; a claim sets it ``sending``
under a lease (``claimed_until``) that names its holder (``claimed_by``). The token is new
for every claim, so a worker whose lease ran out (it was paused, or died) can neither mark
nor renew a row another worker has claimed since: every write after the claim is
conditional on ``claimed_by = token``. The lease is kept in real time (``timezone.now()``)
whatever moment the pass works for, since it is shared by processes; the worker also keeps
it on its own monotonic clock, measured from before the claim or renewal was sent.

On PostgreSQL a claim skips the rows another worker is claiming (``FOR UPDATE SKIP
LOCKED``); SQLite runs one writing transaction at a time, so claims there queue instead.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

PENDING = "pending"
SENDING = "sending"

M = TypeVar("M", bound=models.Model)


def claimable(real_now: dt.datetime) -> Q:
    """Waiting, or claimed by a worker whose lease has run out."""
    return Q(status=PENDING) | Q(status=SENDING, claimed_until__lt=real_now)


@dataclass
class Claim:
    """The rows one claim holds, in the order they are to be done."""

    token: str
    lease_seconds: float
    held: list[int] = field(default_factory=list)
    valid_until: float = 0.0  # time.monotonic() when the lease runs out, at the earliest

    def left(self) -> float:
        return self.valid_until - time.monotonic()

    def needs_renewal(self) -> bool:
        return self.left() < self.lease_seconds / 2


def new_token(worker: str) -> str:
    return f"{worker[:80]}/{uuid.uuid4().hex[:12]}"


def claim(rows: QuerySet[M], *, worker: str, limit: int, lease_seconds: float) -> Claim:
    """Claim up to ``limit`` of ``rows`` (the due ones, in the order to do them) that no
    live lease holds, in one transaction."""
    taken = Claim(token=new_token(worker), lease_seconds=lease_seconds)
    started = time.monotonic()
    real_now = timezone.now()
    with transaction.atomic():
        pks = list(
            rows.filter(claimable(real_now))
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if pks:
            rows.model._default_manager.filter(claimable(real_now), pk__in=pks).update(
                status=SENDING,
                claimed_by=taken.token,
                claimed_until=real_now + dt.timedelta(seconds=lease_seconds),
            )
    taken.held = pks
    taken.valid_until = started + lease_seconds
    return taken


def _mine(model: type[models.Model], taken: Claim, pks: list[int]) -> QuerySet[Any]:
    return model._default_manager.filter(pk__in=pks, claimed_by=taken.token, status=SENDING)


def renew(model: type[models.Model], taken: Claim, pks: list[int]) -> None:
    """Extend the lease on ``pks`` (the rows not yet done); any that are no longer ours are
    dropped from ``taken.held``."""
    started = time.monotonic()
    real_now = timezone.now()
    renewed = _mine(model, taken, pks).update(
        claimed_until=real_now + dt.timedelta(seconds=taken.lease_seconds)
    )
    if renewed != len(pks):
        lost = set(pks) - set(_mine(model, taken, pks).values_list("pk", flat=True))
        taken.held = [pk for pk in taken.held if pk not in lost]
    taken.valid_until = started + taken.lease_seconds


def release(model: type[models.Model], taken: Claim, pks: list[int]) -> None:
    """Give back rows not done (the pass's time is up, or the far end went away)."""
    if pks:
        _mine(model, taken, pks).update(status=PENDING, claimed_by="", claimed_until=None)


def finish(model: type[models.Model], taken: Claim, pk: int, **values: Any) -> bool:
    """Record what became of one row (``values``: its new status, attempts, error...) and
    let it go: one statement, only by the claim's holder. False if it was no longer ours."""
    mine = model._default_manager.filter(pk=pk, claimed_by=taken.token)
    return mine.update(claimed_by="", claimed_until=None, **values) == 1
