"""Writing deliveries in the event's own transaction, and sending them from the worker: one
claimed at a time under a lease naming its holder (``escalate.leases``, as the emails are),
marked only by that holder, retried with backoff; a receiver that answers 2xx has it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.db.models import F, Q
from django.utils import timezone

from escalate import leases
from escalate.escalations.models import Escalation, Event
from escalate.leases import Claim
from escalate.webhooks.models import Delivery, Endpoint, Status

LEASE = dt.timedelta(minutes=2)
TIMEOUT_SECONDS = 10
MAX_ATTEMPTS = 12  # about a day and a half of backoff
BATCH = 100


def enqueue_for_event(escalation: Escalation, event: Event) -> None:
    endpoints = Endpoint.objects.filter(partnership_id=escalation.partnership_id, active=True)
    endpoints = endpoints.filter(
        Q(agency__isnull=True)
        | Q(agency_id__in=[escalation.raising_agency_id, escalation.receiving_agency_id])
    )
    rows = [
        Delivery(
            endpoint=e,
            reference=escalation.reference,
            event_id=event.pk,
            kind=event.kind,
            at=event.at,
            next_attempt_at=event.at,
        )
        for e in endpoints
        if not e.kinds or event.kind in e.kinds
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret, in hex."""
    message = timestamp.encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _claim(worker: str, now: dt.datetime) -> tuple[Delivery, Claim] | None:
    """The next due delivery, held under a lease naming this worker (``escalate.leases``)."""
    due = Delivery.objects.filter(next_attempt_at__lte=now).order_by("next_attempt_at", "pk")
    taken = leases.claim(due, worker=worker, limit=1, lease_seconds=LEASE.total_seconds())
    if not taken.held:
        return None
    return Delivery.objects.select_related("endpoint").get(pk=taken.held[0]), taken


def _post(delivery: Delivery) -> tuple[int | None, str]:
    body = json.dumps(
        {
            "reference": delivery.reference,
            "event": delivery.kind,
            "event_id": delivery.event_id,
            "at": delivery.at.isoformat(),
        },
    ).encode("utf-8")
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Escalate-Webhooks/1",
            "Escalate-Delivery": str(delivery.pk),
            "Escalate-Timestamp": timestamp,
            "Escalate-Signature": "sha256=" + signature(delivery.endpoint.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (OSError, ValueError) as error:
        return None, f"{type(error).__name__}: {error}"[:400]


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


def deliver_one(worker: str, now: dt.datetime) -> str | None:
    claimed = _claim(worker, now)
    if claimed is None:
        return None
    delivery, taken = claimed
    status, error = _post(delivery)
    done = timezone.now()
    if status is not None and 200 <= status < 300:
        leases.finish(
            Delivery,
            taken,
            delivery.pk,
            status=Status.SENT,
            sent_at=done,
            attempts=F("attempts") + 1,
            last_status=status,
            last_error="",
        )
        return "sent"
    attempts = delivery.attempts + 1
    failed = attempts >= MAX_ATTEMPTS
    leases.finish(
        Delivery,
        taken,
        delivery.pk,
        status=Status.FAILED if failed else Status.PENDING,
        attempts=attempts,
        last_status=status,
        last_error=error or f"HTTP {status}",
        next_attempt_at=done + _backoff(attempts),
    )
    return "failed" if failed else "retrying"


def webhooks_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    for _ in range(BATCH):
        outcome = deliver_one(worker, now)
        if outcome is None:
            break
        counts[outcome] += 1
    return counts
