"""Many escalations quickly, for query-budget tests: copies of one raised through the
services, with its events and participants, written in bulk.

    original = raise_escalation(cast)
    copies_of(original, 50)          # 50 more like it, each raised an hour earlier
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import TypeVar

from escalate.escalations.models import Escalation, Event, Participant

Row = TypeVar("Row", Event, Participant)


def copies_of(
    escalation: Escalation, n: int, *, earlier: dt.timedelta = dt.timedelta(hours=1)
) -> list[Escalation]:
    """``n`` more escalations like ``escalation``: the same people, policy, stage, events and
    participants; each raised ``earlier`` before the one before it; new references."""
    base = Escalation.objects.get(pk=escalation.pk)
    events = list(Event.objects.filter(escalation=base))
    participants = list(Participant.objects.filter(escalation=base))
    prefix = base.reference.rsplit("-", 1)[0]
    first = Escalation.objects.count() + 5000
    made = []
    for i in range(n):
        clone = copy(base)
        clone.pk = None
        clone.reference = f"{prefix}-{first + i}"
        clone.raised_at = base.raised_at - earlier * (i + 1)
        made.append(clone)
    made = Escalation.objects.bulk_create(made)
    Event.objects.bulk_create(
        [_moved(event, clone) for clone in made for event in events], batch_size=500
    )
    Participant.objects.bulk_create(
        [_moved(part, clone) for clone in made for part in participants], batch_size=500
    )
    return made


def _moved(row: Row, escalation: Escalation) -> Row:
    moved = copy(row)
    moved.pk = None
    moved.escalation = escalation
    if isinstance(moved, Participant):  # its copies of the escalation's list keys
        moved.status = escalation.status
        moved.next_deadline = escalation.next_deadline
        moved.raised_at = escalation.raised_at
        moved.to_confirm = escalation.waits_for_confirmation
        moved.resolved_at = escalation.resolved_at
    return moved


def notes_on(escalation: Escalation, n: int) -> None:
    """Make sure ``escalation`` has at least ``n`` events, adding notes by its raiser (in
    bulk, as ``escalation_add_record`` would leave them) and moving its version on."""
    escalation.refresh_from_db()
    have = escalation.version
    last = Event.objects.filter(escalation=escalation).order_by("-sequence").first()
    assert last is not None
    Event.objects.bulk_create(
        Event(
            escalation=escalation,
            sequence=sequence,
            kind="note",
            actor=escalation.raised_by,
            at=last.at,
            stage=escalation.current_stage,
            text=f"Note {sequence}: called the school back.",
        )
        for sequence in range(have + 1, n + 1)
    )
    Escalation.objects.filter(pk=escalation.pk).update(version=max(have, n))
    escalation.refresh_from_db()
