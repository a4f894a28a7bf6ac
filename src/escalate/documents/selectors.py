"""Reads: an escalation's documents, the notices its policy asks for, the agreed outcome and
who has confirmed it, and the confirmations waiting for a person."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from escalate.documents import rules
from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.notice import notice_due, reached_notice_visits
from escalate.escalations.models import Escalation, Event, EventKind, Status
from escalate.partnerships.models import Agency, Person
from escalate.policy.case import CaseState, StageVisit
from escalate.policy.schema import Policy, Stage


def documents_of(escalation: Escalation) -> list[IssuedDocument]:
    """Every document issued on the escalation, oldest first, without their bytes."""
    return list(
        IssuedDocument.objects.filter(escalation=escalation)
        .defer("content", "fields")
        .select_related("created_by")
        .order_by("created_at")
    )


def document_of(escalation: Escalation, document_id: uuid.UUID) -> IssuedDocument:
    """One issued document of this escalation; 404 for any other id."""
    found = IssuedDocument.objects.filter(escalation=escalation, pk=document_id).first()
    if found is None:
        raise Http404("No document found")
    return found


def events_of(escalation: Escalation) -> list[Event]:
    return list(escalation.events.select_related("actor", "actor__agency").order_by("sequence"))


@dataclass(frozen=True)
class NoticeStatus:
    """A stage that asks for an Escalation Notice, reached by this case."""

    stage: Stage
    visit: StageVisit
    due: dt.datetime | None
    issued: IssuedDocument | None

    @property
    def overdue(self) -> bool:
        if self.issued is not None or self.due is None or self.visit.ended_at is not None:
            return False
        return timezone.now() > self.due


def notices_for(
    escalation: Escalation,
    policy: Policy,
    state: CaseState,
    documents: list[IssuedDocument] | None = None,
) -> list[NoticeStatus]:
    documents = documents_of(escalation) if documents is None else documents
    issued = {d.stage: d for d in documents if d.kind == DocumentKind.ESCALATION_NOTICE}
    return [
        NoticeStatus(stage, visit, notice_due(policy, state, visit), issued.get(stage.key))
        for stage, visit in reached_notice_visits(policy, state)
    ]


@dataclass(frozen=True)
class Confirmation:
    side: rules.Side
    agency: Agency
    event: Event | None


@dataclass(frozen=True)
class OutcomeStatus:
    """The written outcome agreed at resolution and each side's confirmation of it."""

    resolved: Event
    confirmations: tuple[Confirmation, ...]

    @property
    def text(self) -> str:
        return self.resolved.text

    @property
    def outstanding(self) -> str:
        return str(self.resolved.data.get("outstanding", ""))

    @property
    def pending(self) -> list[Confirmation]:
        return [c for c in self.confirmations if c.event is None]

    def waiting_for(self, side: rules.Side) -> bool:
        return any(c.side == side for c in self.pending)


def outcome_status(
    escalation: Escalation, events: list[Event] | None = None
) -> OutcomeStatus | None:
    """None unless the escalation is resolved (a final decision is not an agreed outcome)."""
    if escalation.status != Status.RESOLVED:
        return None
    events = events_of(escalation) if events is None else events
    resolved = next((e for e in reversed(events) if e.kind == EventKind.RESOLVED), None)
    if resolved is None:
        return None
    confirmed: dict[str, Event] = {}
    for event in events:
        if (
            event.kind == EventKind.OUTCOME_CONFIRMED
            and event.data.get("resolved") == resolved.sequence
        ):
            confirmed.setdefault(str(event.data.get("side")), event)
    agencies = {"raising": escalation.raising_agency, "receiving": escalation.receiving_agency}
    return OutcomeStatus(
        resolved,
        tuple(Confirmation(side, agencies[side], confirmed.get(side)) for side in rules.SIDES),
    )


@dataclass(frozen=True)
class Waiting:
    escalation: Escalation
    sides: list[rules.Side]
    status: OutcomeStatus


def confirmations_waiting_for(person: Person) -> list[Waiting]:
    """Resolved escalations whose agreed outcome ``person`` may confirm and nobody has yet
    confirmed for their side."""
    found: list[Waiting] = []
    candidates = (
        Escalation.objects.filter(status=Status.RESOLVED, participants__person=person)
        .select_related(
            "partnership",
            "raised_by",
            "raising_agency",
            "receiving_agency",
            "receiving_professional",
        )
        .order_by("-raised_at")
    )
    for escalation in candidates:
        status = outcome_status(escalation)
        if status is None:
            continue
        sides = [s for s in rules.sides_of(person, escalation) if status.waiting_for(s)]
        if sides:
            found.append(Waiting(escalation, sides, status))
    return found
