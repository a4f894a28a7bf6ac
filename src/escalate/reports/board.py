"""The report to the Board for one partnership and one period, compared with the period
before: every table with its chart, built from the stored facts. Children are never named:
no table holds a child's details, and free text is shown with the child's name taken out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from escalate.partnerships.models import Agency, Partnership
from escalate.policy.clock import LONDON
from escalate.policy.schema import Policy
from escalate.reports.charts import Bar
from escalate.reports.figures import (
    RESOLVED,
    Figures,
    Spread,
    days_histogram,
    ended_in,
    figures,
    raised_in,
    stages_ended_in,
)
from escalate.reports.lists import binding_table, learning_tables, meetings_tables
from escalate.reports.models import CategoryFact, EscalationFacts
from escalate.reports.period import Period
from escalate.reports.procedures import procedure_tables
from escalate.reports.stages import stage_titles
from escalate.reports.tables import Table, percent

BUCKETS = ((0, 1, "0 to 1"), (2, 5, "2 to 5"), (6, 10, "6 to 10"), (11, 20, "11 to 20"))


@dataclass
class BoardReport:
    partnership: Partnership
    period: Period
    previous: Period
    now: Figures
    before: Figures
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _change(now: float | None, before: float | None, unit: str = "") -> str:
    if now is None or before is None:
        return "–"
    diff = now - before
    if diff == 0:
        return "No change"
    return f"{'+' if diff > 0 else '−'}{abs(diff):g}{unit}"


def _rate(met: int, missed: int) -> float | None:
    return round(100 * met / (met + missed)) if met + missed else None


def _comparison(now: Figures, before: Figures) -> Table:
    rows: list[tuple[str, float | None, float | None, str]] = [
        ("Escalations raised", now.raised, before.raised, ""),
        ("Raised with the child at immediate risk", now.immediate_risk, before.immediate_risk, ""),
        ("Resolved (including by a final decision)", now.resolved, before.resolved, ""),
        ("Ended by a final binding decision", now.decided, before.decided, ""),
        ("Withdrawn", now.withdrawn, before.withdrawn, ""),
        ("Still open at the end of the period", now.open_at_end, before.open_at_end, ""),
        (
            "Median working days to resolution",
            now.spread.median,
            before.spread.median,
            " days",
        ),
        (
            "Stages ended within their timescale (%)",
            _rate(now.stages_met, now.stages_missed),
            _rate(before.stages_met, before.stages_missed),
            " points",
        ),
        ("Meetings and panels held", now.meetings_held, before.meetings_held, ""),
        ("Lessons learnt recorded", now.lessons, before.lessons, ""),
        ("Training needs recorded", now.training_needs, before.training_needs, ""),
        ("Gaps in policy or procedure reported", now.policy_gaps, before.policy_gaps, ""),
    ]
    return Table(
        "comparison",
        "This period compared with the period before",
        ["Figure", "This period", "Period before", "Change"],
        [[label, _days(a), _days(b), _change(a, b, unit)] for label, a, b, unit in rows],
        numeric={1, 2, 3},
    )


def _counted(
    title: str,
    key: str,
    column: str,
    counts: dict[str, int],
    labels: Iterable[tuple[str, str]],
    total: int,
    note: str = "",
    short: dict[str, str] | None = None,
) -> Table:
    labels = list(labels)
    rows: list[list[str | int | float | None]] = [
        [label, counts.get(k, 0), percent(counts.get(k, 0), total)] for k, label in labels
    ]
    names = [(short or {}).get(k, label) for k, label in labels]
    return Table(
        key,
        title,
        [column, "Escalations", "Share"],
        rows,
        note=note,
        numeric={1, 2},
        bars=[Bar(name, float(r[1] or 0)) for name, r in zip(names, rows, strict=True)],
    )


def _by_agency(partnership: Partnership, period: Period, total: int) -> list[Table]:
    names = dict(Agency.objects.filter(partnership=partnership).values_list("pk", "name"))
    facts = raised_in(partnership, period)
    tables = []
    for field, key, title in (
        ("raising_agency", "raising-agency", "Escalations by the agency that raised them"),
        ("receiving_agency", "receiving-agency", "Escalations by the agency they were with"),
    ):
        counts = dict(facts.values_list(field).annotate(n=Count("pk")).order_by())
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
        labels = [(k, names.get(k, "Unknown agency")) for k, _ in ordered]
        tables.append(_counted(title, key, "Agency", counts, labels, total))
    pairs = (
        facts.values_list("raising_agency", "receiving_agency").annotate(n=Count("pk")).order_by()
    )
    rows: list[list[str | int | float | None]] = [
        [names.get(a, "?"), names.get(b, "?"), n, percent(n, total)]
        for a, b, n in sorted(pairs, key=lambda r: (-r[2], names.get(r[0], "")))
    ]
    tables.append(
        Table(
            "agency-pairs",
            "Escalations by the pair of agencies",
            ["Raised by", "Raised with", "Escalations", "Share"],
            rows,
            numeric={2, 3},
            bars=[Bar(f"{r[0]} → {r[1]}", float(r[2] or 0)) for r in rows[:15]],
            shown=30,
            note="The chart shows the 15 most frequent pairs.",
        )
    )
    return tables


def _by_stage(partnership: Partnership, period: Period, total: int) -> list[Table]:
    titles = stage_titles(partnership, period)
    order = sorted(titles, key=lambda k: titles[k].order)
    reached = dict(
        raised_in(partnership, period)
        .values_list("stage_reached")
        .annotate(n=Count("pk"))
        .order_by()
    )
    resolved_facts = ended_in(partnership, period).filter(status__in=RESOLVED)
    resolved = dict(resolved_facts.values_list("ended_stage").annotate(n=Count("pk")).order_by())
    resolved_total = sum(resolved.values())
    shown = [k for k in order if titles[k].order < 100 or reached.get(k) or resolved.get(k)]
    labels = [(k, titles[k].title) for k in shown]
    short = {k: titles[k].short for k in shown}
    timed = (
        stages_ended_in(partnership, period)
        .values("stage")
        .annotate(
            within=Count("pk", filter=Q(met=True)),
            outside=Count("pk", filter=Q(met=False)),
            untimed_n=Count("pk", filter=Q(met__isnull=True)),
        )
        .order_by()
    )
    by_stage = {row["stage"]: row for row in timed}
    rows: list[list[str | int | float | None]] = []
    rates: list[tuple[str, float | None, str]] = []
    for key, label in labels:
        row = by_stage.get(key, {"within": 0, "outside": 0, "untimed_n": 0})
        ended = row["within"] + row["outside"] + row["untimed_n"]
        timed_total = row["within"] + row["outside"]
        rows.append(
            [
                label,
                ended,
                row["within"],
                row["outside"],
                row["untimed_n"],
                percent(row["within"], timed_total),
            ]
        )
        rate = 100 * row["within"] / timed_total if timed_total else None
        rates.append((short[key], rate, percent(row["within"], timed_total)))
    return [
        _counted(
            "Escalations by the furthest stage reached",
            "stage-reached",
            "Stage",
            reached,
            labels,
            total,
            note="Escalations raised in the period; those still open so far.",
            short=short,
        ),
        _counted(
            "Escalations by the stage at which they were resolved",
            "stage-resolved",
            "Stage",
            resolved,
            labels,
            resolved_total,
            note="Escalations resolved in the period, including by a final decision.",
            short=short,
        ),
        Table(
            "timescales",
            "Stages ended within their timescale",
            [
                "Stage",
                "Ended in the period",
                "Within timescale",
                "Outside timescale",
                "No timescale set",
                "Within timescale (%)",
            ],
            rows,
            note="A stage keeps to its timescale when it ends by its deadline, as the policy "
            "sets it (including the cap on total time and the pace for immediate risk).",
            numeric={1, 2, 3, 4, 5},
            bars=[Bar(label, rate or 0, percent_text) for label, rate, percent_text in rates],
            maximum=100,
        ),
    ]


def _categories(policy: Policy, partnership: Partnership, period: Period, total: int) -> Table:
    counts = dict(
        CategoryFact.objects.filter(
            partnership=partnership,
            raised_at__gte=period.start_at,
            raised_at__lt=period.end_at,
        )
        .values_list("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = [(c.key, c.label) for c in policy.categories]
    labels += [(k, k) for k in counts if k not in {c.key for c in policy.categories}]
    return _counted(
        "What the disagreements were about",
        "categories",
        "Category",
        counts,
        labels,
        total,
        note="An escalation may be about more than one thing, so the shares may add up to more "
        "than 100%.",
    )


def _resolution(partnership: Partnership, period: Period, spread: Spread) -> list[Table]:
    resolved = ended_in(partnership, period)
    histogram = days_histogram(resolved)
    bands = [
        (label, sum(n for d, n in histogram.items() if lo <= d <= hi)) for lo, hi, label in BUCKETS
    ]
    bands.append(("More than 20", sum(n for d, n in histogram.items() if d > 20)))
    rows: list[list[str | int | float | None]] = [
        [f"{label} working days", n, percent(n, spread.count)] for label, n in bands
    ]
    summary = Table(
        "resolution-summary",
        "Time to resolution in working days",
        ["Measure", "Working days"],
        [
            ["Resolved in the period", spread.count],
            ["Median", _days(spread.median)],
            ["Lower quartile", _days(spread.lower_quartile)],
            ["Upper quartile", _days(spread.upper_quartile)],
            ["Fastest", _days(spread.fastest)],
            ["Slowest", _days(spread.slowest)],
        ],
        numeric={1},
        note="Half of the escalations took between the lower and upper quartile.",
    )
    risk_rows: list[list[str | int | float | None]] = []
    raised = raised_in(partnership, period)
    for label, flag in (("At immediate risk", True), ("Not at immediate risk", False)):
        risk_spread = Spread.of(days_histogram(resolved.filter(immediate_risk=flag)))
        risk_rows.append(
            [
                label,
                raised.filter(immediate_risk=flag).count(),
                risk_spread.count,
                _days(risk_spread.median),
            ]
        )
    return [
        summary,
        Table(
            "resolution",
            "How long resolution took",
            ["Working days", "Escalations", "Share"],
            rows,
            numeric={1, 2},
            bars=[Bar(str(r[0]), float(r[1] or 0)) for r in rows],
        ),
        Table(
            "immediate-risk",
            "Escalations where the child was at immediate risk",
            ["Child at immediate risk?", "Raised", "Resolved", "Median working days"],
            risk_rows,
            numeric={1, 2, 3},
            bars=[Bar(str(r[0]), float(r[1] or 0)) for r in risk_rows],
        ),
    ]


def month_table(partnership: Partnership, period: Period) -> Table:
    def by_month(facts: QuerySet[EscalationFacts], field: str) -> dict[str, int]:
        rows = (
            facts.annotate(month=TruncMonth(field, tzinfo=LONDON))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {f"{month.astimezone(LONDON):%Y-%m}": n for month, n in rows}

    raised = by_month(raised_in(partnership, period), "raised_at")
    resolved = by_month(ended_in(partnership, period).filter(status__in=RESOLVED), "ended_at")
    return month_rows(period, raised, resolved)


def month_rows(period: Period, raised: Mapping[str, int], resolved: Mapping[str, int]) -> Table:
    """The month table of ``period`` from the escalations raised and resolved in each month
    ("YYYY-MM")."""
    rows: list[list[str | int | float | None]] = []
    year, mon = period.start.year, period.start.month
    while (year, mon) <= (period.end.year, period.end.month):
        key = f"{year:04d}-{mon:02d}"
        label = f"{dt.date(year, mon, 1):%b %Y}"
        rows.append([label, raised.get(key, 0), resolved.get(key, 0)])
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return Table(
        "months",
        "Escalations raised and resolved each month",
        ["Month", "Raised", "Resolved"],
        rows,
        numeric={1, 2},
        bars=[Bar(str(r[0]), float(r[1] or 0), other=float(r[2] or 0)) for r in rows],
        series=("Raised", "Resolved"),
    )


def board_report(partnership: Partnership, period: Period) -> BoardReport:
    """The whole report. Counts the stored facts (kept current by the worker)."""
    policy = partnership.policy_in_force(period.end).policy
    previous = period.previous()
    now, before = figures(partnership, period), figures(partnership, previous)
    tables = [
        _comparison(now, before),
        month_table(partnership, period),
        _categories(policy, partnership, period, now.raised),
        *procedure_tables(policy, partnership, period, now.raised),
        *_by_agency(partnership, period, now.raised),
        *_by_stage(partnership, period, now.raised),
        *_resolution(partnership, period, now.spread),
        *meetings_tables(partnership, period),
        binding_table(partnership, period),
        *learning_tables(partnership, period),
    ]
    return BoardReport(partnership, period, previous, now, before, tables)
