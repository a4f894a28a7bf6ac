"""What every documents page does first: find the escalation the person may see (404
otherwise) and log that they looked at the child's record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from escalate.documents.models import IssuedDocument
from escalate.escalations.models import Escalation
from escalate.escalations.selectors import escalation_for
from escalate.partnerships.models import Person


def visible(request: HttpRequest, reference: str) -> tuple[Person, Escalation]:
    person: Person = request.user  # type: ignore[assignment]
    escalation = escalation_for(person, reference)
    return person, escalation


def changed_form_data(request: HttpRequest, escalation: Escalation) -> Any:
    """The person's answers with the escalation's new version: nothing they typed is lost."""
    escalation.refresh_from_db()
    fresh = request.POST.copy()
    fresh["version"] = str(escalation.version)
    return fresh


def shown(escalation: Escalation) -> Callable[[IssuedDocument], HttpResponse]:
    """Where a form that issued a document goes next: that document's page."""
    return lambda document: redirect("documents-document", escalation.reference, document.pk)
