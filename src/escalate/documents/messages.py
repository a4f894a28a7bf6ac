"""What the emails about documents say. Like every Escalate message, they name the
escalation by its reference only: no child's details, just a link to sign in and read."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from escalate.documents.models import DocumentKind
from escalate.escalations.models import Escalation
from escalate.notifications.compose import FOOTER, Message, link, when
from escalate.partnerships.models import Person


def document_link(escalation: Escalation, document_id: uuid.UUID) -> str:
    path = reverse("documents-document", args=[escalation.reference, document_id])
    return f"{settings.BASE_URL}{path}"


def document_ready(
    *,
    escalation: Escalation,
    document_id: uuid.UUID,
    kind: DocumentKind,
    issued_by: Person,
    at: dt.datetime,
    recipients: Iterable[tuple[Person, bool, str]],
    due: dt.datetime | None = None,
) -> list[Message]:
    """One message per person: (person, is a copy, what the policy says about it)."""
    messages: list[Message] = []
    seen: set[int] = set()
    agency = f" ({issued_by.agency.name})" if issued_by.agency else ""
    for person, copy, policy_text in recipients:
        if person.pk in seen or person == issued_by:
            continue
        seen.add(person.pk)
        subject = f"{escalation.reference}: {kind.label} ready{' (copy)' if copy else ''}"
        body = (
            f"Escalation {escalation.reference} ({escalation.partnership.short_name})\n\n"
            f"{kind.label} issued by {issued_by.display_name}{agency}, "
            f"{when(at)}.\n"
            + ("You are sent a copy for information.\n" if copy else "")
            + (f"The policy says: {policy_text}\n" if policy_text else "")
            + (f"It was due by {when(due)}.\n" if due else "")
            + f"\nRead it and download the PDF: {document_link(escalation, document_id)}\n"
            f"The escalation: {link(escalation)}\n\n{FOOTER}\n"
        )
        messages.append(Message(f"document:{document_id}", person, subject, body, None))
    return messages


def outcome_reminder(
    *, escalation: Escalation, person: Person, agency_name: str, number: int, day: dt.date
) -> Message:
    """The ``number``-th reminder; keyed by ``day``, so a person has at most one a day."""
    path = reverse("documents-outcome", args=[escalation.reference])
    body = (
        f"Escalation {escalation.reference} ({escalation.partnership.short_name})\n\n"
        f"The escalation was resolved. The agreed outcome still needs to be confirmed for "
        f"{agency_name}: the policy asks that the parties agree a written statement of the "
        "outcome and of how any outstanding issue will be pursued.\n\n"
        f"Read and confirm it: {settings.BASE_URL}{path}\n\n{FOOTER}\n"
    )
    return Message(
        f"outcome-reminder:{day.isoformat()}",
        person,
        f"{escalation.reference}: reminder: please confirm the agreed outcome",
        body,
        None,
    )
