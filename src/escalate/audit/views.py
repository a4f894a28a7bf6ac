"""The audit log for the partnership's officers: a page at a time, filtered, and as CSV.
Anyone else gets 404 (and that refusal is logged too, like every look at the log)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from escalate.audit.forms import AuditFilter, AuditFilterForm
from escalate.audit.models import AuditEntry
from escalate.audit.selectors import audit_entries, audit_listing
from escalate.escalations import rules
from escalate.escalations.selectors import escalation_for
from escalate.paging import paginate
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person

CSV_COLUMNS = ["When", "Username", "Name", "Agency", "Outcome", "What", "Escalation", "Address"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs such a cell as a formula


def _officers_partnership(request: HttpRequest) -> int:
    person: Person = request.user  # type: ignore[assignment]
    partnership_id = person.partnership_id
    if partnership_id is None or not is_officer(person, partnership_id):
        raise Http404("Not found")
    return partnership_id


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    partnership_id = _officers_partnership(request)
    form = AuditFilterForm(request.GET or None)
    wanted = form.wanted()
    page = paginate(request, audit_listing(partnership_id, wanted))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query.urlencode(), "fixed": None},
    )


@login_required
def escalation_views(request: HttpRequest, reference: str) -> HttpResponse:
    """Who has looked at one escalation: the audit log for its reference."""
    person: Person = request.user  # type: ignore[assignment]
    escalation = escalation_for(person, reference)
    if not rules.can_see_view_log(person, escalation):
        raise Http404("No escalation found")
    wanted = AuditFilter(reference=escalation.reference)
    page = paginate(request, audit_listing(escalation.partnership_id, wanted))
    return render(
        request,
        "audit/log.html",
        {
            "form": None,
            "page": page,
            "query": f"reference={escalation.reference}",
            "fixed": escalation,
        },
    )


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA) else text


def _row(entry: AuditEntry) -> list[str]:
    person = entry.person
    return [
        timezone.localtime(entry.at).isoformat(timespec="seconds"),
        person.username if person else "",
        _safe(person.display_name) if person else "",
        _safe(person.agency.name) if person and person.agency else "",
        entry.get_outcome_display(),
        _safe(entry.what),
        entry.reference,
        _safe(entry.path),
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _lines(entries: Iterator[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in entries:
        yield writer.writerow(_row(entry))


@login_required
def audit_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every entry the filters match (not only one page), streamed."""
    partnership_id = _officers_partnership(request)
    wanted = AuditFilterForm(request.GET or None).wanted()
    entries = audit_entries(partnership_id, wanted).iterator(chunk_size=2000)
    response = StreamingHttpResponse(_lines(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
