"""/api/v1/escalations: list, read, raise, act."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from ninja import Status as Answer

from escalate.api import reading, writing
from escalate.api.auth import needs
from escalate.api.listing import ListQuery, escalation_page
from escalate.api.models import Scope
from escalate.api.problems import problems
from escalate.api.schemas import ActionIn, EscalationDetail, EscalationPage, RaiseIn
from escalate.escalations.selectors import escalation_for

router = Router(tags=["escalations"])


@router.get("", response={200: EscalationPage, **problems(403, 422)})
def list_escalations(request: HttpRequest, query: Query[ListQuery]) -> dict[str, object]:
    """The escalations the token's person may see, newest first, a page at a time."""
    person = needs(request, Scope.READ)
    page, next_cursor = escalation_page(person, query)
    return {"items": [reading.summary(e) for e in page], "next_cursor": next_cursor}


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
