"""Issuing documents and confirming the agreed outcome: the only code that writes them.

A document is rendered (HTML, then PDF) before anything is written, then stored with its
SHA-256 and recorded as a 'document-issued' event in one transaction, with the messages
that say it is ready. Every action names the version of the escalation the person was
looking at, as every change to an escalation does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from escalate.documents import rules
from escalate.documents.messages import document_ready
from escalate.documents.models import DocumentKind, IssuedDocument, OutcomeReminder
from escalate.documents.notice import addressees, notice_content
from escalate.documents.pdf import pdf_for, sha256
from escalate.documents.prepared import ready_for
from escalate.documents.record import record_content
from escalate.documents.resolution import resolution_content, timescale_rows
from escalate.documents.selectors import events_of, notices_for, outcome_status
from escalate.documents.wording import long_date, person_line
from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.participants import people_for
from escalate.escalations.services import (
    ActionRefused,
    escalation_add_record,
    escalation_state,
)
from escalate.notifications import outbox
from escalate.partnerships.models import Person
from escalate.policy.schema import Party, Policy

TEMPLATES = {
    DocumentKind.ESCALATION_NOTICE: "documents/pdf/notice.html",
    DocumentKind.RESOLUTION_FORM: "documents/pdf/resolution_form.html",
    DocumentKind.CASE_RECORD: "documents/pdf/record.html",
    DocumentKind.OUTCOME_LETTER: "documents/pdf/outcome_letter.html",
}
FILE_NAMES = {
    DocumentKind.ESCALATION_NOTICE: "escalation-notice",
    DocumentKind.RESOLUTION_FORM: "escalation-resolution-form",
    DocumentKind.CASE_RECORD: "record-for-the-childs-file",
    DocumentKind.OUTCOME_LETTER: "agreed-outcome-letter",
}
BUSINESS_MANAGER = Party(role="business-manager", side="partnership")


def document_render(kind: DocumentKind, content: Mapping[str, Any]) -> bytes:
    """The PDF of a document's content (render + PDF; nothing stored)."""
    return pdf_for(TEMPLATES[kind], {"doc": content})


def _filename(escalation: Escalation, kind: DocumentKind, now: dt.datetime) -> str:
    day = timezone.localtime(now).date().isoformat()
    return f"{escalation.reference}-{FILE_NAMES[kind]}-{day}.pdf"


def store_document(
    *,
    escalation: Escalation,
    kind: DocumentKind,
    actor: Person,
    expected_version: int,
    content: dict[str, Any],
    now: dt.datetime,
    stage: str = "",
    pdf: bytes | None = None,
    supersedes: IssuedDocument | None = None,
) -> IssuedDocument:
    """Render (unless ``pdf`` is the content made already), then record the event and store
    the bytes; the caller's transaction holds."""
    pdf = document_render(kind, content) if pdf is None else pdf
    digest = sha256(pdf)
    document_id = uuid.uuid4()
    filename = _filename(escalation, kind, now)
    event = escalation_add_record(
        escalation=escalation,
        actor=actor,
        kind=EventKind.DOCUMENT_ISSUED,
        expected_version=expected_version,
        text=f"{kind.label} issued",
        data={
            "document": str(document_id),
            "sha256": digest,
            "kind": kind.value,
            "filename": filename,
        },
        now=now,
    )
    document = IssuedDocument(
        id=document_id,
        escalation=escalation,
        kind=kind,
        event=event,
        stage=stage,
        covers_sequence=expected_version,
        filename=filename,
        content=pdf,
        sha256=digest,
        size=len(pdf),
        fields=content,
        created_at=now,
        created_by=actor,
        supersedes=supersedes,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_issue_notice(
    *,
    escalation: Escalation,
    signer: Person,
    stage: str,
    information: str,
    signer_role: str,
    expected_version: int,
    now: dt.datetime | None = None,
) -> IssuedDocument:
    """Sign and issue the Escalation Notice for ``stage``; send it to whom the policy says."""
    now = now or timezone.now()
    policy = escalation.policy
    state = escalation_state(escalation, now)
    if not rules.can_issue_notice(signer, escalation, state):
        raise ActionRefused(
            "Only someone in the raising agency who may act on this open escalation can sign "
            "its Escalation Notice"
        )
    wanted = next((n for n in notices_for(escalation, policy, state) if n.stage.key == stage), None)
    if wanted is None:
        raise ActionRefused("The policy does not ask for an Escalation Notice at this stage")
    if wanted.issued is not None:
        raise ActionRefused(
            f"The Escalation Notice for {wanted.stage.title} was issued on "
            f"{long_date(wanted.issued.created_at)}. Correct it from the escalation's page"
        )
    if not information.strip():
        raise ActionRefused("Enter the information of concern")
    if not signer_role.strip():
        raise ActionRefused("Enter your role")
    to = addressees(escalation, policy, wanted.stage)
    content = notice_content(
        escalation=escalation,
        policy=policy,
        stage=wanted.stage,
        due=wanted.due,
        to=to,
        signer=signer,
        signer_role=signer_role,
        information=information,
        now=now,
    )
    document = store_document(
        escalation=escalation,
        kind=DocumentKind.ESCALATION_NOTICE,
        actor=signer,
        expected_version=expected_version,
        content=content,
        now=now,
        stage=stage,
    )
    recipients = [(p, a.copy, a.text) for a in to for p in a.people]
    outbox.enqueue(
        escalation,
        document_ready(
            escalation=escalation,
            document_id=document.id,
            kind=DocumentKind.ESCALATION_NOTICE,
            issued_by=signer,
            at=now,
            recipients=recipients,
            due=wanted.due,
        ),
        now=now,
    )
    return document


def resolution_recipients(escalation: Escalation, policy: Policy) -> list[tuple[Person, str]]:
    """Who receives the resolution form: the parties the policy names for it (St Helens: the
    business manager), and under every policy the partnership's business manager."""
    parties: list[tuple[Party, str]] = [
        (party, note.text)
        for note in policy.notify
        if note.document == "resolution-form"
        for party in note.to
    ]
    parties.append((BUSINESS_MANAGER, ""))
    found: dict[Person, str] = {}
    for party, text in parties:
        for person in people_for(escalation, party):
            found.setdefault(person, text)
    return list(found.items())


def late_stages(escalation: Escalation, now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """(key, title) of each stage that did not keep to its timescale: a reason is asked for."""
    state = escalation_state(escalation, now)
    return [(row.key, row.title) for row in timescale_rows(state) if row.met is False]


@transaction.atomic
def document_issue_resolution_form(
    *,
    escalation: Escalation,
    author: Person,
    answers: Mapping[str, Any],
    reasons: Mapping[str, str],
    expected_version: int,
    now: dt.datetime | None = None,
) -> IssuedDocument:
    """Complete and issue the Escalation Resolution form; send it to the business manager."""
    now = now or timezone.now()
    if not rules.can_complete_resolution_form(author, escalation):
        raise ActionRefused(
            "The resolution form is completed once the escalation is resolved or decided"
        )
    policy = escalation.policy
    state = escalation_state(escalation, now)
    for key, title in late_stages(escalation, now):
        if not reasons.get(key, "").strip():
            raise ActionRefused(f"Enter why the timescale for {title} was not met")
    to = resolution_recipients(escalation, policy)
    sent_to = [person_line(p) for p, _ in to] or [
        f"The business manager of {escalation.partnership.name} (nobody holds the role yet)"
    ]
    content = resolution_content(
        escalation=escalation,
        policy=policy,
        state=state,
        events=events_of(escalation),
        answers=answers,
        reasons=reasons,
        author=author,
        sent_to=sent_to,
        now=now,
    )
    document = store_document(
        escalation=escalation,
        kind=DocumentKind.RESOLUTION_FORM,
        actor=author,
        expected_version=expected_version,
        content=content,
        now=now,
        stage=state.current.key,
    )
    outbox.enqueue(
        escalation,
        document_ready(
            escalation=escalation,
            document_id=document.id,
            kind=DocumentKind.RESOLUTION_FORM,
            issued_by=author,
            at=now,
            recipients=[(p, False, text) for p, text in to],
        ),
        now=now,
    )
    return document


@transaction.atomic
def document_issue_case_record(
    *, escalation: Escalation, requester: Person, now: dt.datetime | None = None
) -> IssuedDocument:
    """The record for the child's file as a PDF. If nothing has happened since the last one
    was made, that one is given again (same bytes); otherwise a new one is issued."""
    now = now or timezone.now()
    if not rules.can_make_case_record(requester, escalation):
        raise ActionRefused("You cannot see this escalation")
    escalation.refresh_from_db()
    latest = (
        IssuedDocument.objects.filter(escalation=escalation, kind=DocumentKind.CASE_RECORD)
        .select_related("event")
        .order_by("-created_at")
        .first()
    )
    if latest is not None and latest.event.sequence == escalation.version:
        return latest
    prepared = ready_for(escalation, now)  # made by the worker since the last change
    if prepared is not None:
        return store_document(
            escalation=escalation,
            kind=DocumentKind.CASE_RECORD,
            actor=requester,
            expected_version=escalation.version,
            content=prepared.fields,
            now=now,
            stage=escalation.current_stage,
            pdf=bytes(prepared.content),
        )
    events = events_of(escalation)
    content = record_content(
        escalation=escalation,
        policy=escalation.policy,
        state=escalation_state(escalation, now),
        events=events,
        made_by=requester,
        now=now,
    )
    return store_document(
        escalation=escalation,
        kind=DocumentKind.CASE_RECORD,
        actor=requester,
        expected_version=escalation.version,
        content=content,
        now=now,
        stage=escalation.current_stage,
    )


@transaction.atomic
def outcome_confirm(
    *,
    escalation: Escalation,
    person: Person,
    side: rules.Side,
    expected_version: int,
    now: dt.datetime | None = None,
) -> Event:
    """``person`` confirms, for their side, the written outcome agreed at resolution."""
    now = now or timezone.now()
    status = outcome_status(escalation)
    if status is None:
        raise ActionRefused("There is no agreed outcome to confirm: the escalation is not resolved")
    if side not in rules.sides_of(person, escalation):
        raise ActionRefused(
            "Only the professional who raised the escalation, the professional it is with, or "
            "their line managers can confirm the agreed outcome"
        )
    agency = escalation.raising_agency if side == "raising" else escalation.receiving_agency
    if not status.waiting_for(side):
        raise ActionRefused(f"The agreed outcome has already been confirmed for {agency.name}")
    event = escalation_add_record(
        escalation=escalation,
        actor=person,
        kind=EventKind.OUTCOME_CONFIRMED,
        expected_version=expected_version,
        text=f"Agreed outcome confirmed for {agency.name}",
        data={"side": side, "resolved": status.resolved.sequence},
        now=now,
    )
    if len(status.pending) == 1:
        OutcomeReminder.objects.filter(escalation=escalation).update(next_at=None)
    return event
