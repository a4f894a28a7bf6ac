"""/api/v1/escalations: list, read, raise, act."""

from __future__ import annotations

from typing import Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer

from escalate.api import reading, writing
from escalate.api.auth import needs
from escalate.api.models import Scope
from escalate.api.problems import problems
from escalate.api.schemas import ActionIn, EscalationDetail, EscalationPage, RaiseIn
from escalate.escalations.models import Status
from escalate.escalations.selectors import escalation_for, visible_to

router = Router(tags=["escalations"])

CLOSED = (Status.RESOLVED, Status.WITHDRAWN, Status.DECIDED)


class ListQuery(Schema):
    status: Literal["open", "closed", "resolved", "withdrawn", "decided", "any"] = "any"
    stage: str = ""
    agency: int | None = None
    overdue: bool = False
    cursor: int | None = Field(None, ge=1, description="the next_cursor of the page before")
    limit: int = Field(25, ge=1, le=100, description="how many to a page")


@router.get("", response={200: EscalationPage, **problems(403, 422)})
def list_escalations(request: HttpRequest, query: Query[ListQuery]) -> dict[str, object]:
    """The escalations the token's person may see, newest first, a page at a time."""
    person = needs(request, Scope.READ)
    found = visible_to(person).select_related("raising_agency", "receiving_agency")
    if query.status == "closed":
        found = found.filter(status__in=CLOSED)
    elif query.status != "any":
        found = found.filter(status=query.status)
    if query.overdue:
        found = found.filter(status=Status.OPEN, next_deadline__lt=timezone.now())
    if query.stage:
        found = found.filter(current_stage=query.stage)
    if query.agency is not None:
        found = found.filter(
            Q(raising_agency_id=query.agency) | Q(receiving_agency_id=query.agency)
        )
    if query.cursor is not None:
        found = found.filter(pk__lt=query.cursor)
    page = list(found.order_by("-pk")[: query.limit + 1])
    more = len(page) > query.limit
    page = page[: query.limit]
    return {
        "items": [reading.summary(e) for e in page],
        "next_cursor": page[-1].pk if more else None,
    }


@router.get("/{reference}", response={200: EscalationDetail, **problems(403, 404)})
def read_escalation(request: HttpRequest, reference: str) -> dict[str, object]:
    """One escalation with its events, stages, deadlines and what the person may do now."""
    person = needs(request, Scope.READ)
    escalation = escalation_for(person, reference)
    return reading.detail(person, escalation)


@router.post("", response={201: EscalationDetail, **problems(403, 422)})
def raise_escalation(request: HttpRequest, body: RaiseIn) -> Answer[dict[str, object]]:
    """Raise an escalation as the token's person, checked as the raise pages check it."""
    person = needs(request, Scope.WRITE)
    escalation = writing.raise_escalation(person, body)
    return Answer(201, reading.detail(person, escalation_for(person, escalation.reference)))


@router.post(
    "/{reference}/actions", response={200: EscalationDetail, **problems(403, 404, 409, 422)}
)
def take_action(request: HttpRequest, reference: str, body: ActionIn) -> dict[str, object]:
    """Take one of the escalation's allowed_actions, naming the version last read."""
    person = needs(request, Scope.WRITE)
    escalation = escalation_for(person, reference)
    writing.act(person, escalation, body)
    return reading.detail(person, escalation_for(person, reference))
