"""The report to the Board (page, CSV of each table, PDF) and the officers' dashboard.
Only the partnership's officers may see them; anyone else gets 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from escalate.ops.replica import reads_from_replica
from escalate.paging import paginate
from escalate.partnerships.models import Partnership
from escalate.partnerships.versions import versions_for
from escalate.reports import export
from escalate.reports.board import BoardReport, board_report
from escalate.reports.dashboard import dashboard, open_escalations
from escalate.reports.facts import facts_behind
from escalate.reports.forms import PeriodForm
from escalate.reports.period import Period, year_to
from escalate.reports.publish import published, threshold_for
from escalate.reports.views.common import officers_partnership, signed_in

PERIOD_FIELDS = ("start_day", "start_month", "start_year", "end_day", "end_month", "end_year")


def period_asked(request: HttpRequest) -> tuple[PeriodForm, Period]:
    """The period asked for, or the year up to today when none is (or it is wrong)."""
    default = year_to(timezone.localdate())
    if any(request.GET.get(name) for name in PERIOD_FIELDS):
        form = PeriodForm(request.GET)
        if form.is_valid():
            return form, Period(form.cleaned_data["start"], form.cleaned_data["end"])
        return form, default
    return PeriodForm(initial=_initial(default)), default


def period_query(period: Period) -> str:
    return urlencode(_initial(period))


def _initial(period: Period) -> dict[str, int]:
    return {
        "start_day": period.start.day,
        "start_month": period.start.month,
        "start_year": period.start.year,
        "end_day": period.end.day,
        "end_month": period.end.month,
        "end_year": period.end.year,
    }


def _report(request: HttpRequest) -> tuple[PeriodForm, BoardReport, int]:
    partnership: Partnership = officers_partnership(request)
    form, period = period_asked(request)
    behind = facts_behind(partnership)
    report = published(board_report(partnership, period), threshold_for(partnership))
    return form, report, behind


@login_required
@reads_from_replica
def report_page(request: HttpRequest) -> HttpResponse:
    form, report, behind = _report(request)
    return render(
        request,
        "reports/board.html",
        {
            "form": form,
            "report": report,
            "behind": behind,
            "query": urlencode(_initial(report.period)),
            "suppress_below": threshold_for(report.partnership),
        },
    )


@login_required
@reads_from_replica
def report_csv(request: HttpRequest, table: str) -> HttpResponse:
    _, report, _ = _report(request)
    found = next((t for t in report.tables if t.key == table), None)
    if found is None:
        raise Http404("No such table")
    response = HttpResponse(export.table_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.csv_filename(report, found)}"'
    return response


@login_required
@reads_from_replica
def report_pdf(request: HttpRequest) -> HttpResponse:
    _, report, _ = _report(request)
    response = HttpResponse(export.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{export.pdf_filename(report)}"'
    return response


@login_required
@reads_from_replica
def dashboard_page(request: HttpRequest) -> HttpResponse:
    partnership = officers_partnership(request)
    behind = facts_behind(partnership)
    # The officer's partnership is their own: its versions are those the process keeps.
    board = dashboard(partnership, versions=versions_for(signed_in(request)))
    page = paginate(request, open_escalations(partnership), total=board.open_total)
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "page": page,
            "rows": board.rows_of(page.rows),
            "behind": behind,
            "partnership": partnership,
        },
    )
