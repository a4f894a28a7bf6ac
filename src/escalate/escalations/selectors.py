"""Reads: what a person may see, and the lists on their home page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from escalate.escalations import rules
from escalate.escalations.models import Escalation, Participant, Status, ViewRecord
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person


@dataclass(frozen=True)
class HomeRow:
    escalation: Escalation
    must_act: bool
    overdue: bool

    @property
    def stage_title(self) -> str:
        return self.escalation.policy_version.policy.stage(self.escalation.current_stage).title


def escalation_for(person: Person, reference: str) -> Escalation:
    """The escalation, if ``person`` may see it; 404 otherwise (also for a wrong reference)."""
    escalation = (
        Escalation.objects.select_related(
            "partnership",
            "policy_version",
            "raised_by",
            "raising_agency",
            "receiving_agency",
            "receiving_professional",
        )
        .filter(reference=reference)
        .first()
    )
    if escalation is None or not rules.can_view(person, escalation):
        raise Http404("No escalation found")
    return escalation


def record_view(person: Person, escalation: Escalation, path: str) -> None:
    ViewRecord.objects.create(escalation=escalation, person=person, at=timezone.now(), path=path)


def _overdue(escalation: Escalation, now: datetime) -> bool:
    deadline = escalation.next_deadline
    return escalation.status == Status.OPEN and deadline is not None and deadline < now


def home_rows(person: Person) -> list[HomeRow]:
    mine = Participant.objects.filter(escalation=OuterRef("pk"), person=person)
    acting = mine.filter(acts=True)
    visible: QuerySet[Escalation] = Escalation.objects.annotate(must_act=Exists(acting))
    partnership_id = person.partnership_id
    if partnership_id is not None and is_officer(person, partnership_id):
        visible = visible.filter(Q(partnership_id=partnership_id) | Exists(mine))
    else:
        visible = visible.filter(Exists(mine))
    now = timezone.now()
    rows = [
        HomeRow(e, bool(getattr(e, "must_act", False)), _overdue(e, now))
        for e in visible.select_related(
            "raising_agency", "receiving_agency", "policy_version"
        ).order_by("status", "next_deadline", "-raised_at")
    ]
    rows.sort(key=lambda r: (r.escalation.status != Status.OPEN, not r.overdue, not r.must_act))
    return rows
