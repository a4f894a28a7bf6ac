"""The child's circumstances change while the escalation is open: they became subject to a
child protection plan, became looked after, or moved. Each change is one event
(``circumstances``); the engine reads the child's status from it onwards (the escalation's
own ``child_status`` stays what it was when it was raised), so the notices the policy ties
to that status fire when it is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from escalate.escalations.errors import ActionRefused
from escalate.escalations.models import ChildStatus, Escalation, Event, EventKind, Status
from escalate.escalations.services import _permitted, append_event
from escalate.partnerships.models import Person

# What changed, and the child's status it gives (a move changes no status).
CHANGES: dict[str, tuple[str, str | None]] = {
    "cp-plan": ("became subject to a child protection plan", ChildStatus.CP_PLAN),
    "looked-after": ("became looked after", ChildStatus.LOOKED_AFTER),
    "moved": ("moved (a new address, area, school or GP)", None),
}


def child_status_now(escalation: Escalation, events: Iterable[Event]) -> str:
    """The child's status as the last recorded change left it, or as raised."""
    status = escalation.child_status
    for event in events:
        if event.kind == EventKind.CIRCUMSTANCES and event.data.get("child_status"):
            status = str(event.data["child_status"])
    return status


def escalation_record_circumstances(
    *,
    escalation: Escalation,
    actor: Person,
    expected_version: int,
    change: str,
    text: str,
    now: dt.datetime | None = None,
) -> Event:
    """Record that the child's circumstances changed; anyone who may add a note may."""
    now = now or timezone.now()
    if escalation.status != Status.OPEN:
        raise ActionRefused(
            "The child's circumstances can be recorded only while the escalation is open"
        )
    if change not in CHANGES:
        raise ActionRefused("Select what changed")
    if not text.strip():
        raise ActionRefused("Enter what changed and when")
    _permitted(escalation, actor, "add-note", now=now)
    words, status = CHANGES[change]
    events = escalation.events.order_by("sequence")
    if status is not None and child_status_now(escalation, events) == status:
        raise ActionRefused(f"The escalation already records that the child {words}")
    data: dict[str, str] = {"from_stage": escalation.current_stage, "change": change}
    if status is not None:
        data["child_status"] = str(status)
    return append_event(
        escalation,
        actor=actor,
        kind=EventKind.CIRCUMSTANCES,
        expected_version=expected_version,
        now=now,
        text=text.strip(),
        data=data,
    )
