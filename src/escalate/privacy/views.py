"""The officers' data protection page: the retention settings, legal holds, what is due for
anonymising next and why (a page at a time), and anonymising a closed escalation now."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from escalate.escalations.models import Escalation
from escalate.escalations.services import ActionRefused
from escalate.paging import paginate
from escalate.partnerships.models import Partnership
from escalate.privacy import holds, retention
from escalate.privacy.anonymise import escalation_anonymise
from escalate.privacy.forms import KINDS, ReferenceForm, SettingsForm
from escalate.privacy.models import Anonymisation, LegalHold
from escalate.reports.publish import threshold_for
from escalate.reports.views.common import officers_partnership, signed_in

PER_PAGE = 25


def _settings_form(partnership: Partnership) -> SettingsForm:
    current = retention.settings_for(partnership)
    overrides = retention.overrides_for(partnership)
    initial: dict[str, Any] = {
        "retention_years": current.retention_years,
        "suppress_below": threshold_for(partnership),
    }
    initial |= {f"kind_{k}": overrides.get(k) for k, _ in KINDS}
    return SettingsForm(initial=initial)


def _page(
    request: HttpRequest, partnership: Partnership, status: int = 200, **forms_: forms.Form
) -> HttpResponse:
    overrides = retention.overrides_for(partnership)
    labels = dict(KINDS)
    context = {
        "settings": retention.settings_for(partnership),
        "suppress_below": threshold_for(partnership),
        "overrides": [(labels.get(k, k), years) for k, years in sorted(overrides.items())],
        "settings_form": forms_.get("settings_form") or _settings_form(partnership),
        "hold_form": forms_.get("hold_form") or ReferenceForm(prefix="hold"),
        "erase_form": forms_.get("erase_form") or ReferenceForm(prefix="erase"),
        "holds": LegalHold.objects.filter(
            escalation__partnership=partnership, released_at__isnull=True
        )
        .select_related("escalation", "placed_by")
        .order_by("-placed_at")[:100],
        "page": paginate(request, retention.due_list(partnership), per_page=PER_PAGE),
        "anonymised": Anonymisation.objects.filter(partnership=partnership).count(),
    }
    context["all_forms"] = [context["settings_form"], context["hold_form"], context["erase_form"]]
    return render(request, "privacy/retention.html", context, status=status)


@login_required
def retention_page(request: HttpRequest) -> HttpResponse:
    return _page(request, officers_partnership(request))


def _escalation(partnership: Partnership, form: ReferenceForm) -> Escalation | None:
    found = Escalation.objects.filter(
        partnership=partnership, reference=form.cleaned_data["reference"]
    ).first()
    if found is None:
        form.add_error("reference", "No escalation in your partnership has that reference")
    return found


@login_required
@require_POST
def settings_change(request: HttpRequest) -> HttpResponse:
    partnership = officers_partnership(request)
    form = SettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, partnership, status=400, settings_form=form)
    retention.settings_update(
        partnership=partnership,
        by=signed_in(request),
        retention_years=form.cleaned_data["retention_years"],
        suppress_below=form.cleaned_data["suppress_below"],
        overrides=form.overrides(),
    )
    messages.success(request, "Saved. Every retention date has been worked out again.")
    return redirect("privacy")


@login_required
@require_POST
def hold_place(request: HttpRequest) -> HttpResponse:
    partnership = officers_partnership(request)
    form = ReferenceForm(request.POST, prefix="hold")
    escalation = _escalation(partnership, form) if form.is_valid() else None
    if escalation is not None:
        try:
            holds.hold_place(
                escalation=escalation, by=signed_in(request), reason=form.cleaned_data["reason"]
            )
        except ActionRefused as refused:
            form.add_error("reference", str(refused))
        else:
            messages.success(request, f"{escalation.reference} is on legal hold.")
            return redirect("privacy")
    return _page(request, partnership, status=400, hold_form=form)


@login_required
@require_POST
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = officers_partnership(request)
    hold = LegalHold.objects.filter(pk=pk, escalation__partnership=partnership).first()
    if hold is None:
        raise Http404("Not found")
    try:
        holds.hold_release(hold=hold, by=signed_in(request))
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"The hold on {hold.escalation.reference} is released.")
    return redirect("privacy")


@login_required
@require_POST
def anonymise_now(request: HttpRequest) -> HttpResponse:
    """Anonymise a closed escalation before its date: a request for erasure, say."""
    partnership = officers_partnership(request)
    form = ReferenceForm(request.POST, prefix="erase")
    escalation = _escalation(partnership, form) if form.is_valid() else None
    if escalation is not None:
        person = signed_in(request)
        reason = f"Anonymised by {person.display_name}: {form.cleaned_data['reason']}"
        try:
            escalation_anonymise(escalation=escalation, by=person, reason=reason)
        except ActionRefused as refused:
            form.add_error("reference", str(refused))
        else:
            messages.success(request, f"{escalation.reference} has been anonymised.")
            return redirect("privacy")
    return _page(request, partnership, status=400, erase_form=form)
