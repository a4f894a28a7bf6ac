"""An Escalation Notice issued again: corrected while the escalation is open, or completed
with the template's second part (date and level of resolution, issues raised, lessons
learnt) once it is resolved or decided. Each is a new document that supersedes the one
before; that one is kept, as issued, and marked superseded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from escalate.documents import rules
from escalate.documents.messages import document_ready
from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.notice import addressees, notice_content
from escalate.documents.selectors import notices_for
from escalate.documents.services import store_document
from escalate.documents.wording import long_date, long_datetime
from escalate.escalations.models import Escalation
from escalate.escalations.services import ActionRefused, escalation_state
from escalate.notifications import outbox
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState


def current_notice(escalation: Escalation, stage: str) -> IssuedDocument | None:
    """The notice for ``stage`` that nothing supersedes: the last one issued."""
    return (
        IssuedDocument.objects.filter(
            escalation=escalation, kind=DocumentKind.ESCALATION_NOTICE, stage=stage
        )
        .order_by("-created_at")
        .first()
    )


def resolution_part(state: CaseState) -> tuple[dt.datetime, str]:
    """When and at which stage the escalation was resolved (or decided)."""
    visit = state.current
    if visit.ended_at is None:
        raise ActionRefused("The escalation is not resolved yet")
    return visit.ended_at, visit.title


def _send(escalation: Escalation, document: IssuedDocument, by: Person, now: dt.datetime) -> None:
    policy = escalation.policy_version.policy
    to = addressees(escalation, policy, policy.stage(document.stage))
    outbox.enqueue(
        escalation,
        document_ready(
            escalation=escalation,
            document_id=document.id,
            kind=DocumentKind.ESCALATION_NOTICE,
            issued_by=by,
            at=now,
            recipients=[(p, a.copy, a.text) for a in to for p in a.people],
        ),
        now=now,
    )


def _issue(
    escalation: Escalation,
    previous: IssuedDocument,
    person: Person,
    content: dict[str, Any],
    expected_version: int,
    now: dt.datetime,
) -> IssuedDocument:
    content["supersedes"] = str(previous.pk)
    content["supersedes_issued_at"] = previous.fields.get("issued_at", "")
    document = store_document(
        escalation=escalation,
        kind=DocumentKind.ESCALATION_NOTICE,
        actor=person,
        expected_version=expected_version,
        content=content,
        now=now,
        stage=previous.stage,
        supersedes=previous,
    )
    _send(escalation, document, person, now)
    return document


@transaction.atomic
def document_correct_notice(
    *,
    escalation: Escalation,
    signer: Person,
    stage: str,
    information: str,
    signer_role: str,
    reason: str,
    expected_version: int,
    now: dt.datetime | None = None,
) -> IssuedDocument:
    """Sign and issue a corrected notice for ``stage``: it supersedes the one issued."""
    now = now or timezone.now()
    policy = escalation.policy_version.policy
    state = escalation_state(escalation, now)
    if not rules.can_issue_notice(signer, escalation, state):
        raise ActionRefused(
            "Only someone in the raising agency who may act on this open escalation can sign "
            "a corrected Escalation Notice"
        )
    previous = current_notice(escalation, stage)
    if previous is None:
        raise ActionRefused("There is no Escalation Notice to correct at this stage")
    if previous.fields.get("resolution"):
        raise ActionRefused("The notice has been completed at resolution; it is not corrected")
    for value, message in (
        (information, "Enter the information of concern"),
        (signer_role, "Enter your role"),
        (reason, "Enter what the correction is and why"),
    ):
        if not value.strip():
            raise ActionRefused(message)
    wanted = next(n for n in notices_for(escalation, policy, state) if n.stage.key == stage)
    content = notice_content(
        escalation=escalation,
        policy=policy,
        stage=wanted.stage,
        due=wanted.due,
        to=addressees(escalation, policy, wanted.stage),
        signer=signer,
        signer_role=signer_role,
        information=information,
        now=now,
    )
    content["correction"] = reason.strip()
    return _issue(escalation, previous, signer, content, expected_version, now)


@transaction.atomic
def document_complete_notice(
    *,
    escalation: Escalation,
    author: Person,
    stage: str,
    issues: str,
    lessons: str,
    expected_version: int,
    now: dt.datetime | None = None,
) -> IssuedDocument:
    """Complete the notice's second part once resolved: the notice as signed, with the date
    and level of resolution, the issues raised and the lessons learnt."""
    now = now or timezone.now()
    if not rules.can_complete_notice(author, escalation):
        raise ActionRefused(
            "The notice's second part is completed by the agency that issued it, or the "
            "partnership's officers, once the escalation is resolved or decided"
        )
    previous = current_notice(escalation, stage)
    if previous is None:
        raise ActionRefused("No Escalation Notice was issued at this stage")
    if previous.fields.get("resolution"):
        raise ActionRefused(
            f"The notice's second part was completed on {previous.fields['resolution']['on']}"
        )
    if not issues.strip():
        raise ActionRefused("Enter the issues raised")
    if not lessons.strip():
        raise ActionRefused("Enter the lessons learnt")
    resolved_at, level = resolution_part(escalation_state(escalation, now))
    content = dict(previous.fields)
    content.pop("correction", None)  # this version completes, it does not correct
    content["resolution"] = {
        "date": long_date(resolved_at),
        "level": level,
        "issues": issues.strip(),
        "lessons": lessons.strip(),
        "by": author.display_name,
        "on": long_datetime(now),
    }
    return _issue(escalation, previous, author, content, expected_version, now)
