"""Reviewing, signing and issuing the Escalation Notice."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.documents import rules
from escalate.documents.forms import NoticeForm
from escalate.documents.notice import addressees
from escalate.documents.selectors import notices_for
from escalate.documents.services import document_issue_notice
from escalate.documents.views.common import changed_form_data, visible
from escalate.escalations.services import ActionRefused, ConcurrentChange, escalation_state


@login_required
def notice(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    person, escalation = visible(request, reference)
    policy = escalation.policy
    state = escalation_state(escalation)
    wanted = next((n for n in notices_for(escalation, policy, state) if n.stage.key == stage), None)
    if wanted is None:
        raise Http404("No Escalation Notice is asked for here")
    if wanted.issued is not None:
        return redirect("documents-document", escalation.reference, wanted.issued.pk)
    if not rules.can_issue_notice(person, escalation, state):
        raise Http404("You cannot sign this notice")
    changes: list[Any] = []
    if request.method == "POST":
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                document = document_issue_notice(
                    escalation=escalation,
                    signer=person,
                    stage=stage,
                    information=form.cleaned_data["information"],
                    signer_role=form.cleaned_data["role"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConcurrentChange as change:
                changes = change.events
                form = NoticeForm(changed_form_data(request, escalation))
                form.is_valid()
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Escalation Notice signed and sent")
                return redirect("documents-document", escalation.reference, document.pk)
    else:
        form = NoticeForm(
            initial={
                "version": escalation.version,
                "information": escalation.disagreement,
                "role": person.job_title,
            }
        )
    return render(
        request,
        "documents/notice_form.html",
        {
            "escalation": escalation,
            "notice": wanted,
            "to": addressees(escalation, policy, wanted.stage),
            "form": form,
            "changes": changes,
        },
    )
