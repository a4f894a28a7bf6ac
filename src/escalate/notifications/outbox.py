"""Putting messages in the outbox. Called inside the transaction that records the event, so
a message exists exactly when its cause does; the unique key makes enqueueing idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from escalate.escalations.models import Escalation, Event
from escalate.notifications import compose
from escalate.notifications.models import Channel, Delivery, Notification
from escalate.policy.case import CaseState
from escalate.policy.schema import Policy


def enqueue(
    escalation: Escalation,
    messages: Iterable[compose.Message],
    *,
    now: dt.datetime,
    send_at: dt.datetime | None = None,
) -> int:
    """One in-app row (shown at once) and one email row (sent by the worker) per message."""
    rows: list[Notification] = []
    for message in messages:
        common = {
            "escalation": escalation,
            "partnership_id": escalation.partnership_id,
            "key": message.key[:200],
            "recipient": message.recipient,
            "subject": message.subject[:200],
            "body": message.body,
            "due": message.due,
            "created_at": now,
        }
        rows.append(
            Notification(
                channel=Channel.APP,
                status=Delivery.SENT,
                sent_at=now,
                next_attempt_at=now,
                **common,
            )
        )
        if message.recipient.email:
            rows.append(
                Notification(
                    channel=Channel.EMAIL,
                    status=Delivery.PENDING,
                    next_attempt_at=send_at or now,
                    **common,
                )
            )
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def enqueue_for_event(
    escalation: Escalation,
    policy: Policy,
    state: CaseState,
    event: Event,
    *,
    now: dt.datetime,
    everyone: bool = False,
) -> None:
    """Everything an event causes: messages about it (to every person party to the escalation
    when ``everyone``), and the notifications the policy asks for that are now due."""
    messages = compose.for_event(escalation, policy, state, event, everyone=everyone)
    for due in state.notifications_due:
        messages += compose.for_policy(escalation, policy, state, due)
    enqueue(escalation, messages, now=now)


def retry_failed(rows: QuerySet[Notification], *, now: dt.datetime) -> int:
    """Send failed emails again (an officer asked): from the first attempt, at once."""
    return rows.filter(status=Delivery.FAILED, channel=Channel.EMAIL).update(
        status=Delivery.PENDING, attempts=0, next_attempt_at=now
    )
