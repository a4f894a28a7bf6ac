"""Due emails in the outbox, made in bulk, for the worker's fault tests."""

from __future__ import annotations

import datetime as dt

from cast import CHILD, Cast

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.notifications.models import Channel, Notification
from escalate.policy.clock import LONDON

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)


def one_escalation(cast: Cast, now: dt.datetime = MONDAY) -> Escalation:
    return escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        categories=["thresholds"],
        disagreement="A disagreement.",
        outcome_wanted="An outcome.",
        immediate_risk=False,
        now=now,
        **CHILD,  # type: ignore[arg-type]
    )


def due_emails(
    cast: Cast,
    count: int,
    now: dt.datetime = MONDAY,
    escalation: Escalation | None = None,
    label: str = "message",
) -> list[str]:
    """``count`` due emails (and nothing else in the outbox); returns their subjects as sent."""
    if escalation is None:
        escalation = quiet_escalation(cast, now)
    subjects = [f"{label} {i}" for i in range(count)]
    Notification.objects.bulk_create(
        Notification(
            escalation=escalation,
            partnership_id=escalation.partnership_id,
            key=f"fault:{i}",
            recipient=cast.other,
            channel=Channel.EMAIL,
            subject=subject,
            body="A reminder.",
            next_attempt_at=now,
            created_at=now,
        )
        for i, subject in enumerate(subjects)
    )
    return [f"[Escalate] {s}" for s in subjects]


def quiet_escalation(cast: Cast, now: dt.datetime = MONDAY) -> Escalation:
    """An escalation with nothing in the outbox."""
    escalation = one_escalation(cast, now)
    Notification.objects.all().delete()
    return escalation
