"""What the partnership's pages share: who is signed in, 404 for anyone who is not an
officer, and submitting a form that acts on an escalation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from escalate.escalations.models import Escalation, Event
from escalate.escalations.services import ActionRefused, ConcurrentChange
from escalate.partnerships.models import Partnership, Person
from escalate.reports import rules

FormT = TypeVar("FormT", bound=forms.Form)


def signed_in(request: HttpRequest) -> Person:
    person: Person = request.user  # type: ignore[assignment]
    return person


def officers_partnership(request: HttpRequest) -> Partnership:
    """The signed-in officer's partnership; 404 for anyone who is not one of its officers."""
    person = signed_in(request)
    partnership = person.agency.partnership if person.agency is not None else None
    if partnership is None or not rules.can_see_reports(person, partnership):
        raise Http404("Not found")
    return partnership


def submit(
    request: HttpRequest,
    escalation: Escalation,
    build: Callable[..., FormT],
    act: Callable[[dict[str, Any]], object],
    *,
    done: str,
    then: str,
    refused: Callable[[FormT, ActionRefused], None] | None = None,
) -> tuple[HttpResponse | None, FormT, list[Event]]:
    """Run ``act`` with the posted form's data and redirect to ``then`` on success. If
    someone else changed the escalation first, the form comes back with what was typed, the
    version brought up to date and the events they recorded; a refusal is shown on the form."""
    form = build(request.POST)
    if not form.is_valid():
        return None, form, []
    try:
        act(form.cleaned_data)
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
    return redirect(then, reference=escalation.reference), form, []
