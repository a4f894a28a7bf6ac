"""Issued documents (the page and the stored PDF) and the record for the child's file."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.record import record_content
from escalate.documents.selectors import document_of, documents_of, events_of
from escalate.documents.services import document_issue_case_record
from escalate.documents.views.common import visible
from escalate.escalations.services import ConcurrentChange, escalation_state

PARTS = {
    DocumentKind.ESCALATION_NOTICE: "documents/parts/notice.html",
    DocumentKind.RESOLUTION_FORM: "documents/parts/resolution_form.html",
    DocumentKind.CASE_RECORD: "documents/parts/record.html",
    DocumentKind.OUTCOME_LETTER: "documents/parts/outcome_letter.html",
}


@login_required
def document(request: HttpRequest, reference: str, document_id: uuid.UUID) -> HttpResponse:
    _, escalation = visible(request, reference)
    issued = document_of(escalation, document_id)
    newer = IssuedDocument.objects.filter(supersedes=issued).only("pk", "created_at").first()
    return render(
        request,
        "documents/document.html",
        {
            "escalation": escalation,
            "document": issued,
            "newer": newer,
            "part": PARTS[DocumentKind(issued.kind)],
        },
    )


@login_required
def download(request: HttpRequest, reference: str, document_id: uuid.UUID) -> HttpResponse:
    """The stored bytes, exactly as issued: a document is never made again."""
    _, escalation = visible(request, reference)
    issued = document_of(escalation, document_id)
    response = HttpResponse(bytes(issued.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{issued.filename}"'
    response["Content-Length"] = str(issued.size)
    response["ETag"] = f'"{issued.sha256}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def record(request: HttpRequest, reference: str) -> HttpResponse:
    """The chronology as a web page, as it stands now."""
    person, escalation = visible(request, reference)
    content = record_content(
        escalation=escalation,
        policy=escalation.policy,
        state=escalation_state(escalation),
        events=events_of(escalation),
        made_by=person,
        now=timezone.now(),
    )
    made = [d for d in documents_of(escalation) if d.kind == DocumentKind.CASE_RECORD]
    return render(
        request,
        "documents/record.html",
        {"escalation": escalation, "doc": content, "made": made},
    )


@login_required
def record_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """Issue the record as a PDF (or give the last one again if nothing has happened since)."""
    person, escalation = visible(request, reference)
    if request.method != "POST":
        return redirect("documents-record", escalation.reference)
    for _ in range(3):
        try:
            issued = document_issue_case_record(escalation=escalation, requester=person)
        except ConcurrentChange:
            continue
        return redirect("documents-download", escalation.reference, issued.pk)
    return redirect("documents-record", escalation.reference)
