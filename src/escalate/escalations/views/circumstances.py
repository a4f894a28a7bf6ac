"""Record that the child's circumstances changed: anyone who may add a note to the open
escalation; anyone else gets 404 (``rules.can_record_circumstances``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.escalations import rules
from escalate.escalations.circumstances import (
    CHANGES,
    child_status_now,
    escalation_record_circumstances,
)
from escalate.escalations.errors import ActionRefused, ConcurrentChange
from escalate.escalations.forms import VersionedForm
from escalate.escalations.models import ChildStatus, Event
from escalate.escalations.selectors import escalation_for, history
from escalate.escalations.services import escalation_state
from escalate.partnerships.models import Person


class CircumstancesForm(VersionedForm):
    change = forms.ChoiceField(
        label="What has changed for the child?",
        widget=forms.RadioSelect,
        choices=[(key, f"The child {words}") for key, (words, _) in CHANGES.items()],
        error_messages={"required": "Select what has changed for the child"},
    )
    text = forms.CharField(
        label="What happened, and when",
        max_length=5000,
        widget=forms.Textarea,
        help_text=(
            "For example, the date of the conference that made the plan. Do not write the "
            "child's new address."
        ),
        error_messages={
            "required": "Enter what happened, and when",
            "max_length": "What happened must be 5,000 characters or fewer",
        },
    )


@login_required
def escalation_circumstances(request: HttpRequest, reference: str) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    escalation = escalation_for(person, reference)
    state = escalation_state(escalation)
    if not rules.can_record_circumstances(person, escalation, state.allowed_actions):
        raise Http404("The child's circumstances cannot be recorded on this escalation now")
    changes: list[Event] = []
    form = CircumstancesForm(
        request.POST if request.method == "POST" else None,
        initial={"version": escalation.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            escalation_record_circumstances(
                escalation=escalation,
                actor=person,
                expected_version=data["version"],
                change=data["change"],
                text=data["text"],
            )
        except ConcurrentChange as change:
            changes = change.events
            escalation.refresh_from_db()
            fresh = request.POST.copy()
            fresh["version"] = str(escalation.version)
            form = CircumstancesForm(fresh)
            form.is_valid()
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, "Change recorded: everyone the policy names for it has been told"
            )
            return redirect("escalation", reference=escalation.reference)
    status = child_status_now(escalation, history(escalation))
    return render(
        request,
        "escalations/circumstances.html",
        {
            "escalation": escalation,
            "form": form,
            "changes": changes,
            "status": ChildStatus(status).label,
        },
    )
