"""Reads: an escalation's documents, the notices its policy asks for, the agreed outcome and
who has confirmed it, and the confirmations waiting for a person."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    Q,
    QuerySet,
    When,
)
from django.http import Http404
from django.utils import timezone

from escalate.compiled import Compiled, Listing
from escalate.documents import rules
from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.notice import notice_due, reached_notice_visits
from escalate.escalations.models import Escalation, Event, EventKind, Participant, Status
from escalate.escalations.participants import party_now_as
from escalate.partnerships.models import Agency, Person, managed_by
from escalate.policy.case import CaseState, StageVisit
from escalate.policy.schema import Policy, Stage

_DOCUMENTS: Compiled[IssuedDocument] = Compiled(
    IssuedDocument,
    lambda escalation: (
        IssuedDocument.objects.filter(escalation_id=escalation)
        .defer("content", "fields")
        .select_related("created_by")
        .annotate(
            completed=ExpressionWrapper(
                Q(fields__has_key="resolution"), output_field=BooleanField()
            )
        )
        .order_by("created_at")
    ),
    prepared=True,
)


def documents_of(escalation: Escalation) -> list[IssuedDocument]:
    """Every document issued on the escalation, oldest first, without their bytes, each
    marked ``superseded`` if a later one of them replaces it (a corrected or completed
    notice supersedes one of its own escalation's: worked out from the list, not with a
    subquery, which took the ORM longer to build than the database to run; the query is
    compiled once, ``escalate.compiled``)."""
    documents = _DOCUMENTS.instances(escalation=escalation.pk)
    replaced = {document.supersedes_id for document in documents}
    for document in documents:
        document.escalation = escalation
        document.superseded = document.pk in replaced  # type: ignore[attr-defined]
    return documents


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
    def completed(self) -> bool:
        """The issued notice has its second part (completed at resolution)."""
        return self.issued is not None and bool(getattr(self.issued, "completed", False))

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
    """A resolved escalation whose agreed outcome the person may still confirm."""

    escalation: Escalation
    resolved_at: dt.datetime
    agencies: list[Agency]  # the sides they may confirm for, by agency


def confirmations_waiting_for(person: Person) -> QuerySet[Participant]:
    """The person's participations in resolved escalations whose agreed outcome they may
    confirm and nobody has yet confirmed for their side (``rules.side_people``: the raiser or
    the receiving professional and their line managers; the receiving agency's people party
    to it where the professional is not in the directory), those waiting longest first.
    A page is the first rows of the index ``participant_to_confirm``, which holds only the
    escalations still waiting, however many the person has been party to; each row's side
    is checked on the escalation's stored ``raising_confirmed``/``receiving_confirmed``.
    ``waiting_rows`` says which sides each row of a page is waiting for; the page reads it
    compiled once (``waiting_listing``)."""
    if person.agency_id is None:
        return Participant.objects.none()
    return _waiting(**_waiting_values(person))


def waiting_listing(person: Person) -> Listing | list[Participant]:
    """``confirmations_waiting_for`` compiled once (``escalate.compiled``), for ``paginate``:
    building and compiling it took the ORM about 2 ms a page, running it 0.4 ms."""
    if person.agency_id is None:
        return []
    return _WAITING.listing(**_waiting_values(person))


def _waiting_values(person: Person) -> dict[str, Any]:
    assert person.agency_id is not None
    leads = (person.pk, *managed_by(person))
    return {
        "person": person.pk,
        "agency": person.agency_id,
        "roles": tuple(sorted(person.role_keys())),
        "raising_leads": leads,
        "receiving_leads": leads,
        "receiving_agency": person.agency_id,
    }


def _waiting(
    person: int,
    agency: int,
    roles: tuple[str, ...],
    raising_leads: tuple[int, ...],
    receiving_leads: tuple[int, ...],
    receiving_agency: int,
) -> QuerySet[Participant]:
    unnamed = Q(
        escalation__receiving_professional__isnull=True,
        escalation__receiving_agency_id=receiving_agency,
    )
    receiving = Q(escalation__receiving_professional_id__in=receiving_leads) | unnamed
    mine = Q(escalation__raised_by_id__in=raising_leads, escalation__raising_confirmed=False) | (
        receiving & Q(escalation__receiving_confirmed=False)
    )
    return (
        Participant.objects.filter(party_now_as(person, agency, roles), to_confirm=True)
        # As a CASE, not as the conditions themselves: PostgreSQL then guesses that half the
        # rows pass (they nearly all do: the person is the raiser, the professional or their
        # manager), not one in a hundred (it cannot see that the escalation's raiser is the
        # participation's person). With that guess it reads the index in order and stops at
        # the page's last row; with the other it read every waiting row, joined each to its
        # escalation and sorted them (533 on the 100k bench: 10.5 ms, now 0.4 ms).
        .filter(Case(When(mine, then=True), default=False, output_field=BooleanField()))
        .select_related(
            "escalation__partnership",
            "escalation__raising_agency",
            "escalation__receiving_agency",
        )
        .order_by("resolved_at", "escalation_id")
    )


_WAITING: Compiled[Participant] = Compiled(Participant, _waiting)


def waiting_rows(person: Person, participations: list[Participant]) -> list[Waiting]:
    """What each escalation of a page of ``confirmations_waiting_for`` waits for ``person``
    to confirm, from what that query read (no further queries)."""
    leads = {person.pk, *managed_by(person)}
    rows = []
    for participation in participations:
        e = participation.escalation
        agencies = []
        if e.raised_by_id in leads and not e.raising_confirmed:
            agencies.append(e.raising_agency)
        receiving_lead = (
            e.receiving_professional_id in leads
            if e.receiving_professional_id is not None
            else e.receiving_agency_id == person.agency_id
        )
        if receiving_lead and not e.receiving_confirmed:
            agencies.append(e.receiving_agency)
        assert e.resolved_at is not None  # confirmations_waiting_for keeps only these
        rows.append(Waiting(e, e.resolved_at, agencies))
    return rows
