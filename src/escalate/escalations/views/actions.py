"""Acting on an escalation: one page per action, each a small form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.escalations import agreement
from escalate.escalations.acting import allowed_action, refusal_for
from escalate.escalations.action_forms import ACTIONS, action_form, take_action
from escalate.escalations.models import Escalation, EventKind
from escalate.escalations.selectors import escalation_for, history
from escalate.escalations.services import ActionRefused, ConcurrentChange
from escalate.partnerships.models import Person

AGREED = "Agreement recorded: it is resolved when the other side agrees, and they have been told"


def _refused(
    request: HttpRequest, escalation: Escalation, action: str, stage: str, step: str
) -> HttpResponse:
    """An action not open to this person now: where the stage's rule of who may act is why,
    say so in plain words (as not found, like any action not open to them); else not found."""
    person: Person = request.user  # type: ignore[assignment]
    reason = refusal_for(person, escalation, action, stage, step)
    if reason is None:
        raise Http404("That action is not available on this escalation now")
    context = {"escalation": escalation, "reason": reason}
    return render(request, "escalations/refused.html", context, status=404)


@login_required
def escalation_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    escalation = escalation_for(person, reference)
    if action not in ACTIONS:
        raise Http404("No such action")
    stage = request.GET.get("stage", "")
    step = request.GET.get("step", "")
    found = allowed_action(person, escalation, action, stage, step)
    if found is None:
        return _refused(request, escalation, action, stage, step)
    allowed = found
    if action == "resolve":
        allowed = agreement.labelled(escalation, person, history(escalation), [allowed])[0]
    heading, _, button, done = ACTIONS[action]
    changes: list[Any] = []
    if request.method == "POST":
        form = action_form(action, escalation, request.POST, allowed=allowed)
        if form.is_valid():
            version = form.cleaned_data["version"]
            try:
                event = take_action(
                    escalation=escalation,
                    actor=person,
                    action=action,
                    allowed=allowed,
                    expected_version=version,
                    cleaned=form.cleaned_data,
                )
            except ConcurrentChange as change:
                changes = change.events
                escalation.refresh_from_db()
                fresh = request.POST.copy()
                fresh["version"] = str(escalation.version)
                form = action_form(action, escalation, fresh, allowed=allowed)
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
        form = action_form(action, escalation, initial=initial, allowed=allowed)
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
