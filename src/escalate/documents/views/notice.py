"""Reviewing, signing and issuing the Escalation Notice."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.documents import rules
from escalate.documents.forms import NoticeForm
from escalate.documents.notice import addressees
from escalate.documents.selectors import notices_for
from escalate.documents.services import document_issue_notice
from escalate.documents.views.common import shown, visible
from escalate.escalations.models import Event
from escalate.escalations.services import escalation_state
from escalate.escalations.views.submitting import submit


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
    changes: list[Event] = []
    if request.method == "POST":
        response, form, changes = submit(
            request,
            escalation,
            NoticeForm,
            lambda data: document_issue_notice(
                escalation=escalation,
                signer=person,
                stage=stage,
                information=data["information"],
                signer_role=data["role"],
                expected_version=data["version"],
            ),
            done="Escalation Notice signed and sent",
            then=shown(escalation),
        )
        if response is not None:
            return response
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
