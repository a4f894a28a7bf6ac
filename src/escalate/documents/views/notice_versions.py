"""Correcting an issued Escalation Notice, and completing its second part at resolution."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.documents import rules
from escalate.documents.forms import NoticeCompletionForm, NoticeCorrectionForm
from escalate.documents.notice_versions import (
    current_notice,
    document_complete_notice,
    document_correct_notice,
    resolution_part,
)
from escalate.documents.views.common import changed_form_data, visible
from escalate.escalations.services import ActionRefused, ConcurrentChange, escalation_state


@login_required
def notice_correct(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    person, escalation = visible(request, reference)
    state = escalation_state(escalation)
    issued = current_notice(escalation, stage)
    if issued is None or issued.fields.get("resolution"):
        raise Http404("There is no Escalation Notice to correct here")
    if not rules.can_issue_notice(person, escalation, state):
        raise Http404("You cannot sign this notice")
    changes: list[Any] = []
    if request.method == "POST":
        form = NoticeCorrectionForm(request.POST)
        if form.is_valid():
            try:
                document = document_correct_notice(
                    escalation=escalation,
                    signer=person,
                    stage=stage,
                    information=form.cleaned_data["information"],
                    signer_role=form.cleaned_data["role"],
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConcurrentChange as change:
                changes = change.events
                form = NoticeCorrectionForm(changed_form_data(request, escalation))
                form.is_valid()
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Corrected Escalation Notice signed and sent")
                return redirect("documents-document", escalation.reference, document.pk)
    else:
        form = NoticeCorrectionForm(
            initial={
                "version": escalation.version,
                "information": issued.fields.get("information", ""),
                "role": person.job_title,
            }
        )
    return render(
        request,
        "documents/notice_correct.html",
        {"escalation": escalation, "issued": issued, "form": form, "changes": changes},
    )


@login_required
def notice_complete(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    person, escalation = visible(request, reference)
    issued = current_notice(escalation, stage)
    if issued is None or issued.fields.get("resolution"):
        raise Http404("There is no Escalation Notice to complete here")
    if not rules.can_complete_notice(person, escalation):
        raise Http404("You cannot complete this notice")
    resolved_at, level = resolution_part(escalation_state(escalation))
    changes: list[Any] = []
    if request.method == "POST":
        form = NoticeCompletionForm(request.POST)
        if form.is_valid():
            try:
                document = document_complete_notice(
                    escalation=escalation,
                    author=person,
                    stage=stage,
                    issues=form.cleaned_data["issues"],
                    lessons=form.cleaned_data["lessons"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConcurrentChange as change:
                changes = change.events
                form = NoticeCompletionForm(changed_form_data(request, escalation))
                form.is_valid()
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Escalation Notice completed and sent")
                return redirect("documents-document", escalation.reference, document.pk)
    else:
        form = NoticeCompletionForm(
            initial={"version": escalation.version, "issues": issued.fields.get("information")}
        )
    return render(
        request,
        "documents/notice_complete.html",
        {
            "escalation": escalation,
            "issued": issued,
            "resolved_at": resolved_at,
            "level": level,
            "form": form,
            "changes": changes,
        },
    )
