"""Subject access for the partnership's officers: find a child's escalations by name and
date of birth, then download everything held about the child as a PDF or a JSON file.
Searches are posted, never put in an address (which servers log); each download is logged."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from escalate.documents.pdf import pdf_for
from escalate.privacy.access import export_content, export_log, matches, search_key
from escalate.privacy.forms import ChildForm
from escalate.reports.views.common import officers_partnership, signed_in

FORMATS = ("pdf", "json")


@login_required
def subject_access(request: HttpRequest) -> HttpResponse:
    partnership = officers_partnership(request)
    if request.method != "POST":
        return render(request, "privacy/subject_access.html", {"form": ChildForm()})
    form = ChildForm(request.POST)
    if not form.is_valid():
        return render(request, "privacy/subject_access.html", {"form": form}, status=400)
    name, born = form.cleaned_data["name"], form.cleaned_data["born"]
    kind = request.POST.get("format", "")
    if kind not in FORMATS:
        found = matches(partnership, name, born)
        return render(request, "privacy/subject_access.html", {"form": form, "found": found})
    person, now = signed_in(request), timezone.now()
    content = export_content(partnership=partnership, name=name, born=born, by=person, now=now)
    export_log(partnership=partnership, by=person, name=name, born=born, content=content, kind=kind)
    stem = f"subject-access-{now:%Y-%m-%d}-{search_key(name, born)[:8]}"
    if kind == "json":
        body = json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8")
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        pdf = pdf_for("privacy/subject_access_pdf.html", {"doc": content})
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response
