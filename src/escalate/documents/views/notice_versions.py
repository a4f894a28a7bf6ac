"""Correcting an issued Escalation Notice, and completing its second part at resolution."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.documents import rules
from escalate.documents.forms import NoticeCompletionForm, NoticeCorrectionForm
from escalate.documents.notice_versions import (
    current_notice,
    document_complete_notice,
    document_correct_notice,
    resolution_part,
)
from escalate.documents.views.common import shown, visible
from escalate.escalations.models import Event
from escalate.escalations.services import escalation_state
from escalate.escalations.views.submitting import submit


@login_required
def notice_correct(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    person, escalation = visible(request, reference)
    state = escalation_state(escalation)
    issued = current_notice(escalation, stage)
    if issued is None or issued.fields.get("resolution"):
        raise Http404("There is no Escalation Notice to correct here")
    if not rules.can_issue_notice(person, escalation, state):
        raise Http404("You cannot sign this notice")
    changes: list[Event] = []
    if request.method == "POST":
        response, form, changes = submit(
            request,
            escalation,
            NoticeCorrectionForm,
            lambda data: document_correct_notice(
                escalation=escalation,
                signer=person,
                stage=stage,
                information=data["information"],
                signer_role=data["role"],
                reason=data["reason"],
                expected_version=data["version"],
            ),
            done="Corrected Escalation Notice signed and sent",
            then=shown(escalation),
        )
        if response is not None:
            return response
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
    changes: list[Event] = []
    if request.method == "POST":
        response, form, changes = submit(
            request,
            escalation,
            NoticeCompletionForm,
            lambda data: document_complete_notice(
                escalation=escalation,
                author=person,
                stage=stage,
                issues=data["issues"],
                lessons=data["lessons"],
                expected_version=data["version"],
            ),
            done="Escalation Notice completed and sent",
            then=shown(escalation),
        )
        if response is not None:
            return response
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
