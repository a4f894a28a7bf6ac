"""Submitting a form that acts on an escalation, for every app's pages: the action runs with
the posted form's data; if someone else changed the escalation first, the form comes back
with what was typed, the version brought up to date and the events they recorded; a refusal
is shown on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from escalate.escalations.models import Escalation, Event
from escalate.escalations.services import ActionRefused, ConcurrentChange

FormT = TypeVar("FormT", bound=forms.Form)


def submit(
    request: HttpRequest,
    escalation: Escalation,
    build: Callable[..., FormT],
    act: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    then: str | Callable[[Any], HttpResponse],
    refused: Callable[[FormT, ActionRefused], None] | None = None,
) -> tuple[HttpResponse | None, FormT, list[Event]]:
    """Run ``act`` with the posted form's data and, on success, say ``done`` and redirect:
    to the address named ``then`` for the escalation, or to what ``then`` makes of what
    ``act`` returned (the document it issued, say)."""
    form = build(request.POST)
    if not form.is_valid():
        return None, form, []
    try:
        result = act(form.cleaned_data)
    except ConcurrentChange as change:
        escalation.refresh_from_db()
        fresh = request.POST.copy()
        fresh["version"] = str(escalation.version)
        form = build(fresh)
        form.is_valid()
        return None, form, change.events
    except ActionRefused as refusal:
        if refused is not None:
            refused(form, refusal)
        else:
            form.add_error(None, str(refusal))
        return None, form, []
    messages.success(request, done)
    if isinstance(then, str):
        return redirect(then, reference=escalation.reference), form, []
    return then(result), form, []
