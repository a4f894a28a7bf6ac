"""The agreed outcome: each party confirms it; what is waiting for a person."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.documents import rules
from escalate.documents.forms import ConfirmForm
from escalate.documents.letter import document_issue_outcome_letter
from escalate.documents.selectors import (
    outcome_status,
    waiting_listing,
    waiting_rows,
)
from escalate.documents.services import outcome_confirm
from escalate.documents.views.common import visible
from escalate.escalations.services import ConcurrentChange
from escalate.escalations.views.submitting import submit
from escalate.paging import paginate
from escalate.partnerships.models import Person


@login_required
def outcome(request: HttpRequest, reference: str) -> HttpResponse:
    person, escalation = visible(request, reference)
    status = outcome_status(escalation)
    if status is None:
        raise Http404("There is no agreed outcome: the escalation is not resolved")
    mine = [c for c in status.pending if c.side in rules.sides_of(person, escalation)]
    choices = [(c.side, c.agency.name) for c in mine]
    changes: list[Any] = []
    form: ConfirmForm | None = None
    if request.method == "POST":
        if not mine:
            raise Http404("You cannot confirm this outcome")
        response, form, changes = submit(
            request,
            escalation,
            lambda data: ConfirmForm(data, sides=choices),
            lambda data: outcome_confirm(
                escalation=escalation,
                person=person,
                side=data["side"],
                expected_version=data["version"],
            ),
            done="Agreed outcome confirmed",
            then="escalation",
        )
        if response is not None:
            return response
    elif mine:
        form = ConfirmForm(initial={"version": escalation.version}, sides=choices)
    return render(
        request,
        "documents/outcome.html",
        {
            "escalation": escalation,
            "status": status,
            "form": form,
            "confirming_for": mine,
            "changes": changes,
        },
    )


@login_required
def outcome_letter(request: HttpRequest, reference: str) -> HttpResponse:
    """Issue the letter (or give the last one again if nothing has happened since)."""
    person, escalation = visible(request, reference)
    if outcome_status(escalation) is None:
        raise Http404("There is no agreed outcome: the escalation is not resolved")
    if request.method != "POST":
        return redirect("documents-outcome", escalation.reference)
    for _ in range(3):
        try:
            issued = document_issue_outcome_letter(escalation=escalation, requester=person)
        except ConcurrentChange:
            continue
        return redirect("documents-download", escalation.reference, issued.pk)
    return redirect("documents-outcome", escalation.reference)


@login_required
def to_confirm(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    page = paginate(request, waiting_listing(person))
    return render(
        request,
        "documents/to_confirm.html",
        {"page": page, "waiting": waiting_rows(person, page.rows)},
    )
