"""The officers' review of the report's texts: each decision, lesson and answer of the
period, with whether it may be published; one click records that it identifies nobody."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.escalations.services import ActionRefused
from escalate.paging import paginate
from escalate.reports.models import TextSource
from escalate.reports.review import text_review, texts_in
from escalate.reports.views.board import period_asked, period_query
from escalate.reports.views.common import officers_partnership, signed_in


@login_required
def review_page(request: HttpRequest) -> HttpResponse:
    partnership = officers_partnership(request)
    form, period = period_asked(request)
    status = 200
    if request.method == "POST":
        source = request.POST.get("source", "")
        pk = request.POST.get("pk", "")
        if source not in TextSource.values or not pk.isdigit():
            messages.error(request, "Choose a text to review from the list")
            status = 400
        else:
            try:
                found = text_review(
                    partnership=partnership,
                    by=signed_in(request),
                    source=source,
                    pk=int(pk),
                    sha256=request.POST.get("sha256", ""),
                    period=period,
                )
            except ActionRefused as refused:
                messages.error(request, str(refused))
                status = 400
            else:
                messages.success(request, f"{found.what} on {found.reference} will be published.")
                return redirect(f"{request.path}?{period_query(period)}")
    texts = texts_in(partnership, period)
    return render(
        request,
        "reports/review.html",
        {
            "form": form,
            "period": period,
            "query": period_query(period),
            "page": paginate(request, texts, per_page=25),
            "waiting": sum(1 for t in texts if not t.reviewed),
        },
        status=status,
    )
