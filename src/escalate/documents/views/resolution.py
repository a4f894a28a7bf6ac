"""Completing the Escalation Resolution form once the escalation is resolved or decided."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.documents import rules
from escalate.documents.forms import ResolutionForm
from escalate.documents.models import DocumentKind
from escalate.documents.resolution import (
    closing_event,
    level_of,
    resolution_initial,
    timescale_rows,
)
from escalate.documents.selectors import documents_of, events_of
from escalate.documents.services import (
    document_issue_resolution_form,
    late_stages,
    resolution_recipients,
)
from escalate.documents.views.common import changed_form_data, visible
from escalate.escalations.services import ActionRefused, ConcurrentChange, escalation_state


@login_required
def resolution_form(request: HttpRequest, reference: str) -> HttpResponse:
    person, escalation = visible(request, reference)
    if not rules.can_complete_resolution_form(person, escalation):
        raise Http404("The resolution form is completed once the escalation is resolved")
    policy = escalation.policy
    state = escalation_state(escalation)
    late = late_stages(escalation)
    events = events_of(escalation)
    changes: list[Any] = []
    if request.method == "POST":
        form = ResolutionForm(request.POST, late=late)
        if form.is_valid():
            try:
                document = document_issue_resolution_form(
                    escalation=escalation,
                    author=person,
                    answers=form.cleaned_data,
                    reasons=form.reasons(),
                    expected_version=form.cleaned_data["version"],
                )
            except ConcurrentChange as change:
                changes = change.events
                form = ResolutionForm(changed_form_data(request, escalation), late=late)
                form.is_valid()
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Resolution form completed and sent")
                return redirect("documents-document", escalation.reference, document.pk)
    else:
        initial = resolution_initial(escalation, events)
        form = ResolutionForm(initial={**initial, "version": escalation.version}, late=late)
    issued = [d for d in documents_of(escalation) if d.kind == DocumentKind.RESOLUTION_FORM]
    return render(
        request,
        "documents/resolution_form.html",
        {
            "escalation": escalation,
            "state": state,
            "rows": timescale_rows(state),
            "closing": closing_event(events),
            "level": level_of(policy, state.current.key),
            "form": form,
            "reason_fields": [form[f"reason_{key}"] for key, _ in late],
            "issued": issued,
            "recipients": [p for p, _ in resolution_recipients(escalation, policy)],
            "changes": changes,
        },
    )
