"""Acting on an escalation: one page per action, each a small form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.escalations import agreement
from escalate.escalations.acting import action_payload, allowed_action
from escalate.escalations.forms import DiscussionForm, ReasonForm, ResolveForm
from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.selectors import escalation_for, history
from escalate.escalations.services import (
    ActionRefused,
    ConcurrentChange,
    escalation_act,
    escalation_dispute,
    escalation_record_mash_referral,
)
from escalate.partnerships.models import Person
from escalate.policy.case import AllowedAction

FormFactory = Callable[..., forms.Form]


def _reason(label: str, required: str, name: str) -> FormFactory:
    def build(*args: Any, **kwargs: Any) -> forms.Form:
        return ReasonForm(*args, label=label, required=required, name=name, **kwargs)

    return build


# action -> (page heading, form, button, message on success)
ACTIONS: dict[str, tuple[str, FormFactory, str, str]] = {
    "record-discussion": (
        "Record a discussion",
        DiscussionForm,
        "Save the discussion",
        "Discussion recorded",
    ),
    "add-note": (
        "Add a note",
        _reason("Note", "Enter the note", "The note"),
        "Save the note",
        "Note added",
    ),
    "complete-step": (
        "Record a step as done",
        _reason("What was done", "Enter what was done", "What was done"),
        "Record it as done",
        "Step recorded as done",
    ),
    "escalate": (
        "Escalate to the next stage",
        _reason("Why are you escalating it?", "Enter why you are escalating it", "The reason"),
        "Escalate",
        "Escalated",
    ),
    "skip": (
        "Skip to a later stage",
        _reason(
            "Why are you skipping to this stage?",
            "Enter why you are skipping to this stage",
            "The reason",
        ),
        "Skip to this stage",
        "Moved to the later stage",
    ),
    "resolve": (
        "Record that it is resolved",
        ResolveForm,
        "Record as resolved",
        "Recorded as resolved",
    ),
    "withdraw": (
        "Withdraw the escalation",
        _reason("Why are you withdrawing it?", "Enter why you are withdrawing it", "The reason"),
        "Withdraw it",
        "Withdrawn",
    ),
    "record-decision": (
        "Record the decision",
        _reason("The decision", "Enter the decision", "The decision"),
        "Record the decision",
        "Decision recorded",
    ),
    "report-policy-gap": (
        "Report a gap in policy or procedure",
        _reason(
            "What gap in policy or procedure did this show?",
            "Enter the gap in policy or procedure",
            "The gap",
        ),
        "Report the gap",
        "Gap reported to the partnership",
    ),
    "dispute": (
        "Say you do not agree with the outcome",
        _reason(
            "Why do you not agree with the outcome?",
            "Enter why you do not agree with the outcome",
            "The reason",
        ),
        "Send, and reopen it",
        "Recorded that you do not agree: everyone party to it has been told",
    ),
    "mash-referral": (
        "Record a MASH referral",
        _reason(
            "Details of the referral (when it was made and its reference)",
            "Enter when the referral was made and its reference",
            "The referral's details",
        ),
        "Save the referral",
        "MASH referral recorded",
    ),
}


AGREED = "Agreement recorded: it is resolved when the other side agrees, and they have been told"

# Actions that are not the engine's, each with its own service.
SPECIAL: dict[str, Callable[..., Event]] = {
    "mash-referral": escalation_record_mash_referral,
    "dispute": escalation_dispute,
}


def _allowed(
    person: Person, escalation: Escalation, action: str, stage: str, step: str
) -> AllowedAction:
    allowed = allowed_action(person, escalation, action, stage, step)
    if allowed is None:
        raise Http404("That action is not available on this escalation now")
    return allowed


@login_required
def escalation_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    escalation = escalation_for(person, reference)
    if action not in ACTIONS:
        raise Http404("No such action")
    stage = request.GET.get("stage", "")
    step = request.GET.get("step", "")
    allowed = _allowed(person, escalation, action, stage, step)
    if action == "resolve":
        allowed = agreement.labelled(escalation, person, history(escalation), [allowed])[0]
    heading, form_class, button, done = ACTIONS[action]
    changes: list[Any] = []
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            text, data = action_payload(action, form.cleaned_data)
            version = form.cleaned_data["version"]
            try:
                if action in SPECIAL:
                    event = SPECIAL[action](
                        escalation=escalation, actor=person, expected_version=version, text=text
                    )
                else:
                    event = escalation_act(
                        escalation=escalation,
                        actor=person,
                        action=action,
                        expected_version=version,
                        text=text,
                        stage=allowed.stage,
                        step=allowed.step,
                        data=data,
                    )
            except ConcurrentChange as change:
                changes = change.events
                escalation.refresh_from_db()
                fresh = request.POST.copy()
                fresh["version"] = str(escalation.version)
                form = form_class(fresh)
                form.is_valid()
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                if action == "resolve" and event.kind == EventKind.RESOLUTION_PROPOSED:
                    done = AGREED
                messages.success(request, done)
                return redirect("escalation", reference=escalation.reference)
    else:
        initial: dict[str, Any] = {"version": escalation.version}
        other = agreement.agreed_by_the_other_side(escalation, person, history(escalation))
        if action == "resolve" and other is not None:
            # The other side's outcome, to agree as it stands (or change, and send back).
            initial["text"] = other.text
            initial["outstanding"] = other.data.get("outstanding", "")
        if action == "escalate" and allowed.offered:
            # Offered because a deadline passed: one click escalates, with the reason written.
            initial["text"] = "The deadline passed without the disagreement being resolved."
        form = form_class(initial=initial)
    return render(
        request,
        "escalations/action.html",
        {
            "escalation": escalation,
            "heading": heading if action != "skip" else allowed.label,
            "subject": allowed.label,
            "form": form,
            "button": button,
            "changes": changes,
        },
    )
