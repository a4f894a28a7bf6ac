"""The agreed outcome as its own letter: what was agreed, how any outstanding issue will be
pursued, and each agency's confirmation, as a PDF for both agencies' files. Made on request;
if nothing has happened since the last one, that one is given again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.selectors import OutcomeStatus, outcome_status
from escalate.documents.services import store_document
from escalate.documents.wording import long_date, long_datetime, person_line
from escalate.escalations import rules as escalation_rules
from escalate.escalations.models import Escalation, Event
from escalate.escalations.services import ActionRefused
from escalate.partnerships.models import Person
from escalate.policy.schema import Policy


def _policy_words(policy: Policy) -> list[str]:
    """What the policy says about the written outcome (its notifications that carry it)."""
    notes = [*policy.notify, *(n for stage in policy.stages for n in stage.notify)]
    return [n.text for n in notes if n.document == "outcome-letter"]


def _confirmed(event: Event | None) -> str:
    if event is None:
        return "Waiting for confirmation"
    return f"Confirmed by {person_line(event.actor)} on {long_date(event.at)}"


def letter_content(
    *, escalation: Escalation, status: OutcomeStatus, made_by: Person, now: dt.datetime
) -> dict[str, Any]:
    """What the letter says, as plain values."""
    policy = escalation.policy_version.policy
    resolved = status.resolved
    stage = resolved.stage or escalation.current_stage
    return {
        "title": "Agreed outcome",
        "reference": escalation.reference,
        "partnership": escalation.partnership.name,
        "policy_title": policy.title,
        "agencies": [escalation.raising_agency.name, escalation.receiving_agency.name],
        "raised_by": person_line(escalation.raised_by),
        "with": escalation.receiving_professional_display,
        "child_name": escalation.child_name,
        "child_date_of_birth": long_date(escalation.child_date_of_birth),
        "resolved_on": long_date(resolved.at),
        "resolved_by": person_line(resolved.actor),
        "stage_title": policy.stage(stage).title,
        "outcome": status.text,
        "outstanding": status.outstanding,
        "confirmations": [
            {"agency": c.agency.name, "text": _confirmed(c.event)} for c in status.confirmations
        ],
        "policy_words": _policy_words(policy),
        "made_by": made_by.display_name,
        "made_at": long_datetime(now),
    }


@transaction.atomic
def document_issue_outcome_letter(
    *, escalation: Escalation, requester: Person, now: dt.datetime | None = None
) -> IssuedDocument:
    """The letter confirming the agreed outcome; the last one again if nothing has happened
    since it was made (a confirmation makes a new one)."""
    now = now or timezone.now()
    escalation.refresh_from_db()
    status = outcome_status(escalation)
    if status is None or not escalation_rules.can_view(requester, escalation):
        raise ActionRefused("There is no agreed outcome: the escalation is not resolved")
    latest = (
        IssuedDocument.objects.filter(escalation=escalation, kind=DocumentKind.OUTCOME_LETTER)
        .select_related("event")
        .order_by("-created_at")
        .first()
    )
    if latest is not None and latest.event.sequence == escalation.version:
        return latest
    return store_document(
        escalation=escalation,
        kind=DocumentKind.OUTCOME_LETTER,
        actor=requester,
        expected_version=escalation.version,
        content=letter_content(escalation=escalation, status=status, made_by=requester, now=now),
        now=now,
        stage=escalation.current_stage,
    )
