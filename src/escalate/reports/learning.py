"""Learning from escalations: lessons, training needs, gaps in policy, answers and debriefs.

Anyone party to an escalation may record learning at any time, open or closed. Each item goes
to the queue the policy names (``reports.queues``) and is tracked until an officer answers it.
A gap in policy is reported through the engine (``report-policy-gap``), so the policy's own
notifications about gaps (to the chair) go out as well.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.services import (
    ActionRefused,
    ConcurrentChange,
    escalation_act,
    escalation_add_record,
)
from escalate.notifications.compose import when
from escalate.partnerships.models import Partnership, Person
from escalate.reports import notices, rules
from escalate.reports.facts import facts_refresh
from escalate.reports.models import Debrief, LearningItem, LearningKind, LearningStatus
from escalate.reports.queues import GAP, QUEUE_OF_KIND, queues_for


def learning_record(
    *,
    escalation: Escalation,
    actor: Person,
    kind: str,
    text: str,
    expected_version: int,
    now: dt.datetime | None = None,
) -> LearningItem:
    """Record a lesson, a training need or a gap in policy, in the queue that answers it."""
    now = now or timezone.now()
    if kind not in LearningKind.values:
        raise ActionRefused("Select whether it is a lesson, a training need or a gap in policy")
    if not text.strip():
        raise ActionRefused(f"Enter the {LearningKind(kind).label.lower()}")
    if not rules.can_record_learning(actor, escalation):
        raise ActionRefused("Only people party to this escalation can record learning from it")
    queue = queues_for(escalation.policy)[QUEUE_OF_KIND[kind]]
    with transaction.atomic():
        if kind == LearningKind.GAP:
            event = escalation_act(
                escalation=escalation,
                actor=actor,
                action="report-policy-gap",
                expected_version=expected_version,
                text=text,
                data={"queue": queue.label},
                now=now,
            )
        else:
            event = escalation_add_record(
                escalation=escalation,
                actor=actor,
                kind=EventKind.LEARNING,
                expected_version=expected_version,
                text=text,
                data={"learning": kind, "queue": queue.label},
                now=now,
            )
        if kind == LearningKind.GAP:  # queued by the writer with its event (queue_gap)
            item = LearningItem.objects.get(event=event)
        else:
            item = LearningItem.objects.create(
                escalation=escalation,
                partnership_id=escalation.partnership_id,
                kind=kind,
                text=text.strip(),
                queue_key=queue.key,
                queue=queue.label,
                raised_by=actor,
                raised_at=now,
                event=event,
            )
        facts_refresh(escalation=escalation, now=now)
    return item


def queue_gap(escalation: Escalation, event: Event) -> None:
    """Told of each new event in the transaction that records it: a gap in policy joins
    the chair's queue at once, however it was reported."""
    if event.kind != EventKind.POLICY_GAP:
        return
    queue = queues_for(escalation.policy)[GAP]
    LearningItem.objects.create(
        escalation=escalation,
        partnership_id=escalation.partnership_id,
        kind=LearningKind.GAP,
        text=event.text,
        queue_key=queue.key,
        queue=queue.label,
        raised_by_id=event.actor_id,
        raised_at=event.at,
        event=event,
    )


def learning_collect_gaps(*, partnership: Partnership) -> int:
    """The repair path: gaps in policy not yet in the chair's queue join it (the writer
    queues each one as it is recorded, ``queue_gap``; these are gaps recorded before it
    did, or whose queueing failed). Served by the ``event_policy_gap`` index."""
    unqueued = (
        Event.objects.filter(escalation__partnership=partnership, kind=EventKind.POLICY_GAP)
        .annotate(queued=Exists(LearningItem.objects.filter(event=OuterRef("pk"))))
        .filter(queued=False)
        .select_related("escalation__policy_version")
    )
    items = []
    for event in unqueued:
        queue = queues_for(event.escalation.policy)[GAP]
        items.append(
            LearningItem(
                escalation=event.escalation,
                partnership=partnership,
                kind=LearningKind.GAP,
                text=event.text,
                queue_key=queue.key,
                queue=queue.label,
                raised_by_id=event.actor_id,
                raised_at=event.at,
                event=event,
            )
        )
    return len(LearningItem.objects.bulk_create(items, ignore_conflicts=True))


def gaps_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The worker's job: queue any gap in policy the writer did not."""
    queued = sum(
        learning_collect_gaps(partnership=partnership) for partnership in Partnership.objects.all()
    )
    return {"gaps queued": queued}


def learning_answer(
    *, item: LearningItem, actor: Person, answer: str, now: dt.datetime | None = None
) -> LearningItem:
    """An officer answers an item in a queue; the answer goes on the escalation's record."""
    now = now or timezone.now()
    if not rules.can_answer_learning(actor, item.partnership_id):
        raise ActionRefused("Only the partnership's officers can answer learning")
    if not answer.strip():
        raise ActionRefused("Enter the answer")
    for _ in range(3):
        escalation = Escalation.objects.get(pk=item.escalation_id)
        try:
            with transaction.atomic():
                answered = LearningItem.objects.filter(
                    pk=item.pk, status=LearningStatus.OPEN
                ).update(
                    status=LearningStatus.ANSWERED,
                    answer=answer.strip(),
                    answered_by=actor,
                    answered_at=now,
                )
                if answered != 1:
                    item.refresh_from_db()
                    who = item.answered_by.display_name if item.answered_by else "someone"
                    raise ActionRefused(
                        f"This was answered by {who} on {when(item.answered_at)}. Read the "
                        "answer below"
                    )
                escalation_add_record(
                    escalation=escalation,
                    actor=actor,
                    kind=EventKind.LEARNING,
                    expected_version=escalation.version,
                    text=answer,
                    data={"learning": "answer", "item_kind": item.kind, "queue": item.queue},
                    now=now,
                )
                item.refresh_from_db()
                notices.learning_answered(item, now=now, actor=actor)
                facts_refresh(escalation=escalation, now=now)
            return item
        except ConcurrentChange:
            continue
    raise ActionRefused("The escalation is busy just now. Try answering again")


def debrief_schedule(
    *,
    escalation: Escalation,
    actor: Person,
    starts_at: dt.datetime,
    place: str,
    attendees: str,
    expected_version: int,
    now: dt.datetime | None = None,
) -> Debrief:
    """Arrange a debrief after a difficult dispute, to keep working relationships good."""
    now = now or timezone.now()
    if not rules.can_record_learning(actor, escalation):
        raise ActionRefused("Only people party to this escalation can arrange a debrief")
    if not place.strip():
        raise ActionRefused("Enter where the debrief will be held")
    if not attendees.strip():
        raise ActionRefused("Enter who is asked to come to the debrief")
    with transaction.atomic():
        event = escalation_add_record(
            escalation=escalation,
            actor=actor,
            kind=EventKind.LEARNING,
            expected_version=expected_version,
            text=f"Debrief arranged for {when(starts_at)}, at {place.strip()}. "
            f"Asked to come: {attendees.strip()}",
            data={"learning": "debrief", "starts_at": starts_at.isoformat()},
            now=now,
        )
        debrief = Debrief.objects.create(
            escalation=escalation,
            scheduled_by=actor,
            scheduled_at=now,
            starts_at=starts_at,
            place=place.strip(),
            attendees=attendees.strip(),
            event=event,
        )
        notices.debrief_scheduled(debrief, now=now, actor=actor)
        facts_refresh(escalation=escalation, now=now)
    return debrief
