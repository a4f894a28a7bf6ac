"""The officers' dashboard: open escalations by stage and age with the overdue first, the
trend month by month, and the agencies that raise few escalations (St Helens found that
police, GPs and social care rarely raised any)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils import timezone

from escalate.compiled import Compiled, Listing
from escalate.escalations.models import Escalation, Status
from escalate.paging import PER_PAGE
from escalate.partnerships.models import Agency, AgencyKind, Partnership, PolicyVersion
from escalate.policy.clock import LONDON, WorkingCalendar
from escalate.policy.engine import calendar_for
from escalate.reports import counts
from escalate.reports.board import month_rows
from escalate.reports.charts import Bar
from escalate.reports.period import Period
from escalate.reports.stages import StageName, stage_titles, versions_in_force
from escalate.reports.tables import Table

AGES = (5, 10, 20)  # working days: under 5, 5 to 9, 10 to 19, 20 or more
FEW = 0.25  # an agency raising under a quarter of the average is marked


@dataclass(frozen=True)
class OpenRow:
    reference: str
    raising_agency: str
    receiving_agency: str
    stage: str
    raised_at: dt.datetime
    age: int
    next_deadline: dt.datetime | None
    overdue: bool


@dataclass
class Dashboard:
    partnership: Partnership
    open_total: int
    overdue_total: int
    by_stage: Table
    titles: dict[str, StageName]
    calendar: WorkingCalendar
    months: Table
    agencies: Table
    average_raised: float

    def rows_of(self, escalations: list[Escalation]) -> list[OpenRow]:
        """A page of ``open_escalations`` as the dashboard lists them."""
        return open_rows(escalations, self.titles, self.calendar)

    @property
    def rows(self) -> list[OpenRow]:
        """The first page of open escalations."""
        return self.rows_of(list(open_escalations(self.partnership)[:PER_PAGE]))


def _cutoffs(calendar: WorkingCalendar, today: dt.date) -> dict[int, dt.datetime]:
    """For each age in AGES, the moment before which an escalation is at least that many
    working days old (``working_days_between`` counts the days after it was raised)."""
    days: list[dt.date] = []
    day = today
    while len(days) < max(AGES):
        if calendar.is_working_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    return {age: dt.datetime.combine(days[age - 1], dt.time(0), tzinfo=LONDON) for age in AGES}


def _by_stage(
    partnership: Partnership, titles: dict[str, StageName], cut: dict[int, dt.datetime]
) -> Table:
    figures = counts.open_by_stage(partnership.pk, [cut[a] for a in AGES], timezone.now())
    found = {
        stage: dict(
            zip(("young", "five", "ten", "old"), f.bands, strict=True),
            total=f.total,
            overdue=f.overdue,
        )
        for stage, f in figures.items()
    }
    order = sorted(
        (k for k in titles if titles[k].order < 100 or k in found), key=lambda k: titles[k].order
    )
    order += [k for k in found if k not in titles]
    empty = {"young": 0, "five": 0, "ten": 0, "old": 0, "overdue": 0, "total": 0}
    table_rows: list[list[str | int | float | None]] = []
    for key in order:
        row = found.get(key, empty)
        label = titles[key].title if key in titles else key
        table_rows.append(
            [label, row["young"], row["five"], row["ten"], row["old"], row["total"], row["overdue"]]
        )
    return Table(
        "open-by-stage",
        "Open escalations by stage and age",
        [
            "Stage",
            "Under 5 working days",
            "5 to 9",
            "10 to 19",
            "20 or more",
            "Open",
            "Overdue",
        ],
        table_rows,
        numeric={1, 2, 3, 4, 5, 6},
        bars=[
            Bar(titles[k].short if k in titles else k, float(r[5] or 0))
            for k, r in zip(order, table_rows, strict=True)
        ],
    )


def _open_escalations(partnership: int) -> QuerySet[Escalation]:
    return (
        Escalation.objects.filter(partnership_id=partnership, status=Status.OPEN)
        .select_related("raising_agency", "receiving_agency")
        .only(
            "reference",
            "raised_at",
            "current_stage",
            "next_deadline",
            "raising_agency__name",
            "receiving_agency__name",
        )
        .order_by(F("next_deadline").asc(nulls_last=True), "-raised_at", "-id")
    )


# Compiled once (escalate.compiled): the ORM took longer to build the page's query than
# PostgreSQL took to run it.
_OPEN: Compiled[Escalation] = Compiled(Escalation, _open_escalations)


def open_escalations(partnership: Partnership) -> Listing:
    """The partnership's open escalations, the next deadline first (so the overdue lead),
    none last: the ``escalation_list`` index, in its order."""
    return _OPEN.listing(partnership=partnership.pk)


def open_rows(
    escalations: list[Escalation], titles: dict[str, StageName], calendar: WorkingCalendar
) -> list[OpenRow]:
    """A page of ``open_escalations`` as the dashboard lists them."""
    now = timezone.now()
    return [
        OpenRow(
            reference=e.reference,
            raising_agency=e.raising_agency.name,
            receiving_agency=e.receiving_agency.name,
            stage=titles[e.current_stage].title if e.current_stage in titles else e.current_stage,
            raised_at=e.raised_at,
            age=calendar.working_days_between(e.raised_at, now),
            next_deadline=e.next_deadline,
            overdue=e.next_deadline is not None and e.next_deadline < now,
        )
        for e in escalations
    ]


def _agencies(
    partnership: Partnership, months: list[tuple[dt.date, int, int, int, int]]
) -> tuple[Table, float]:
    agencies = list(
        Agency.objects.filter(partnership=partnership)
        .exclude(kind=AgencyKind.PARTNERSHIP)
        .order_by("name")
    )
    raised: Counter[int] = Counter()
    received: Counter[int] = Counter()
    for _, agency_id, n_raised, n_received, _ in months:
        raised[agency_id] += n_raised
        received[agency_id] += n_received
    average = statistics.fmean([raised.get(a.pk, 0) for a in agencies]) if agencies else 0.0
    ordered = sorted(agencies, key=lambda a: (raised.get(a.pk, 0), a.name))
    rows: list[list[str | int | float | None]] = []
    for agency in ordered:
        count = raised.get(agency.pk, 0)
        few = count == 0 or count < FEW * average
        rows.append(
            [
                agency.name,
                agency.get_kind_display(),
                count,
                received.get(agency.pk, 0),
                "Raises few" if few else "",
            ]
        )
    table = Table(
        "agencies",
        "Escalations raised and received by each agency in the last 12 months",
        ["Agency", "Kind", "Raised", "Received", "Note"],
        rows,
        numeric={2, 3},
        bars=[Bar(str(r[0]), float(r[2] or 0), other=float(r[3] or 0)) for r in rows],
        series=("Raised", "Received"),
        note=(
            f"Agencies that raised none, or fewer than a quarter of the average of "
            f"{average:.1f}, are marked 'Raises few'. Few escalations may mean staff do not "
            "know the procedure or do not feel able to challenge, rather than that they have "
            "no disagreements."
        ),
    )
    return table, average


def twelve_months(today: dt.date) -> Period:
    """This month and the eleven before it."""
    month, year = today.month - 11, today.year
    if month <= 0:
        month, year = month + 12, year - 1
    return Period(dt.date(year, month, 1), today)


def _month_table(period: Period, months: list[tuple[dt.date, int, int, int, int]]) -> Table:
    """Escalations raised and resolved each month of ``period``, from the counters."""
    raised: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    for month, _, n_raised, _, n_resolved in months:
        raised[f"{month:%Y-%m}"] += n_raised
        resolved[f"{month:%Y-%m}"] += n_resolved
    return month_rows(period, raised, resolved)


def dashboard(
    partnership: Partnership,
    *,
    today: dt.date | None = None,
    versions: Sequence[PolicyVersion] | None = None,
) -> Dashboard:
    """The dashboard as it stands now, from the counters the writer keeps (``counts``): a
    few small rows whatever the number of escalations. ``versions``: the partnership's
    policy versions where the page has them (``versions_in_force``)."""
    today = today or timezone.localdate()
    version = versions_in_force(partnership, today, known=versions)[0]
    calendar = calendar_for(version.policy)
    titles = stage_titles(partnership, Period(today, today))
    by_stage = _by_stage(partnership, titles, _cutoffs(calendar, today))
    year = twelve_months(today)
    months = counts.months_since(partnership.pk, year.start)
    agencies, average = _agencies(partnership, months)
    return Dashboard(
        partnership=partnership,
        open_total=sum(int(r[5] or 0) for r in by_stage.rows),
        overdue_total=sum(int(r[6] or 0) for r in by_stage.rows),
        by_stage=by_stage,
        titles=titles,
        calendar=calendar,
        months=_month_table(year, months),
        agencies=agencies,
        average_raised=average,
    )
