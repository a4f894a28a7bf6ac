"""The dashboard's counters, kept by the writer so that the dashboard reads a handful of
small rows whatever the number of escalations.

Every counter is the sum, over a partnership's stored facts (``EscalationFacts``), of what
each escalation contributes (``cells``): open escalations by stage (``StageCount``), by the
day they were raised and by their next deadline (``OpenCount``), and by month and agency
the escalations raised, received and resolved (``MonthCount``). Whoever writes an
escalation's facts applies the difference between its old and new contribution in the same
transaction (``apply``, from ``facts.facts_refresh``), so counters and facts never disagree;
``rebuild`` counts them again from the facts (the worker's repair path and the migration).

Reading: the open escalations at a stage raised at least N working days ago are the stage's
total less the recent days' rows; the overdue are those with a deadline less those whose
deadline is still to come: the rows of the days after today (one a stage and day) and
today's rows by the moment (``due_rows``). Neither reads a row per escalation, however the
deadlines are spread.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Model, Q
from django.db.models.functions import TruncDate, TruncMonth

from escalate.policy.clock import LONDON
from escalate.reports.models import (
    EscalationFacts,
    MonthCount,
    OpenCount,
    OpenKind,
    StageCount,
)

RESOLVED = ("resolved", "decided")
Cell = tuple[str, tuple[Any, ...], str]  # (counter, its key, the field counted)
KEYS = {
    "stage": ("partnership_id", "stage"),
    "open": ("partnership_id", "stage", "kind", "at"),
    "month": ("partnership_id", "month", "agency_id"),
}


def day_of(moment: dt.datetime) -> dt.datetime:
    """London midnight at the start of ``moment``'s day."""
    return dt.datetime.combine(moment.astimezone(LONDON).date(), dt.time(0), LONDON)


def day_after(moment: dt.datetime) -> dt.datetime:
    """London midnight at the end of ``moment``'s day (23 or 25 hours on at a clock change)."""
    tomorrow = moment.astimezone(LONDON).date() + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time(0), LONDON)


def month_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date().replace(day=1)


def cells(facts: EscalationFacts | None) -> Counter[Cell]:
    """What one escalation's facts add to the counters."""
    counted: Counter[Cell] = Counter()
    if facts is None:
        return counted
    p = facts.partnership_id
    raised = month_of(facts.raised_at)
    counted["month", (p, raised, facts.raising_agency_id), "raised"] += 1
    counted["month", (p, raised, facts.receiving_agency_id), "received"] += 1
    if facts.status in RESOLVED and facts.ended_at is not None:
        counted["month", (p, month_of(facts.ended_at), facts.raising_agency_id), "resolved"] += 1
    if facts.status == "open":
        stage = facts.stage_reached
        counted["stage", (p, stage), "open"] += 1
        counted["open", (p, stage, OpenKind.RAISED.value, day_of(facts.raised_at)), "n"] += 1
        if facts.next_deadline is not None:
            counted["stage", (p, stage), "dated"] += 1
            counted["open", (p, stage, OpenKind.DUE.value, facts.next_deadline), "n"] += 1
            due_day = day_of(facts.next_deadline)
            counted["open", (p, stage, OpenKind.DUE_DAY.value, due_day), "n"] += 1
    return counted


MODELS: dict[str, type[Model]] = {"stage": StageCount, "open": OpenCount, "month": MonthCount}


def apply(old: EscalationFacts | None, new: EscalationFacts | None) -> int:
    """Move the counters from ``old``'s contribution to ``new``'s (call inside the
    transaction that writes the facts); returns how many counter rows changed. Rows are
    changed in one order, so two writers never wait for each other in a circle."""
    delta = cells(new)
    delta.subtract(cells(old))
    grouped: dict[tuple[str, tuple[Any, ...]], dict[str, int]] = defaultdict(dict)
    for (counter, key, field), change in delta.items():
        if change:
            grouped[counter, key][field] = change
    for (counter, key), changes in sorted(grouped.items(), key=lambda item: repr(item[0])):
        _bump(MODELS[counter], dict(zip(KEYS[counter], key, strict=True)), changes)
    return len(grouped)


def _bump(model: type[Model], lookup: dict[str, Any], changes: dict[str, int]) -> None:
    rows = model._default_manager.filter(**lookup)
    increments = {field: F(field) + change for field, change in changes.items()}
    if rows.update(**increments):
        return
    try:
        with transaction.atomic():
            model._default_manager.create(**lookup, **changes)
    except IntegrityError:  # made by another writer at the same moment
        rows.update(**increments)


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageFigures:
    """One stage's open escalations: by age band (working days), in all, and overdue."""

    bands: tuple[int, ...]
    total: int
    overdue: int


def open_by_stage(
    partnership_id: int, cutoffs: list[dt.datetime], now: dt.datetime
) -> dict[str, StageFigures]:
    """For each stage, its open escalations in the bands that ``cutoffs`` (London midnights,
    newest first) divide them into, the last band being everything older; and how many
    are past their deadline at ``now``. Two queries of a few rows each."""
    totals = {
        stage: (open_, dated)
        for stage, open_, dated in StageCount.objects.filter(
            partnership_id=partnership_id
        ).values_list("stage", "open", "dated")
    }
    oldest = cutoffs[-1]
    recent: dict[str, list[int]] = defaultdict(lambda: [0] * len(cutoffs))
    future: Counter[str] = Counter()
    rows = OpenCount.objects.filter(partnership_id=partnership_id).filter(
        Q(kind=OpenKind.RAISED, at__gte=oldest) | due_rows(now)
    )
    for stage, kind, at, n in rows.values_list("stage", "kind", "at", "n"):
        if kind != OpenKind.RAISED:
            future[stage] += n
            continue
        band = sum(at < cut for cut in cutoffs)  # 0: newer than every cutoff
        recent[stage][band] += n
    figures = {}
    for stage, (open_, dated) in totals.items():
        if open_ == 0:
            continue
        bands = recent[stage]
        figures[stage] = StageFigures(
            bands=(*bands, open_ - sum(bands)), total=open_, overdue=dated - future[stage]
        )
    return figures


def due_rows(now: dt.datetime) -> Q:
    """The counter rows of the deadlines still to come at ``now``: one a stage for each day
    after today, and today's from ``now`` on (a deadline exactly at ``now`` is not passed)."""
    tomorrow = day_after(now)
    return Q(kind=OpenKind.DUE_DAY, at__gte=tomorrow) | Q(
        kind=OpenKind.DUE, at__gte=now, at__lt=tomorrow
    )


def months_since(partnership_id: int, start: dt.date) -> list[tuple[dt.date, int, int, int, int]]:
    """(month, agency id, raised, received, resolved) from ``start``'s month on: at most
    twelve rows an agency for a year."""
    return list(
        MonthCount.objects.filter(
            partnership_id=partnership_id, month__gte=start.replace(day=1)
        ).values_list("month", "agency_id", "raised", "received", "resolved")
    )


# -- counting again from the facts -------------------------------------------------------


def rebuild(
    partnership_id: int,
    *,
    facts: type[EscalationFacts] = EscalationFacts,
    models: dict[str, type[Model]] | None = None,
) -> None:
    """Count every counter of the partnership again from its stored facts (a handful of
    grouped queries). ``facts`` and ``models`` are the migration's historical models."""
    models = models or MODELS
    rows = facts._default_manager.filter(partnership_id=partnership_id)
    opened = rows.filter(status="open")
    with transaction.atomic():
        for model in models.values():
            model._default_manager.filter(partnership_id=partnership_id).delete()
        models["stage"]._default_manager.bulk_create(
            models["stage"](partnership_id=partnership_id, **row)
            for row in opened.values(stage=F("stage_reached"))
            .annotate(open=Count("pk"), dated=Count("pk", filter=Q(next_deadline__isnull=False)))
            .order_by()
        )
        days = (
            opened.annotate(day=TruncDate("raised_at", tzinfo=LONDON))
            .values_list("stage_reached", "day")
            .annotate(n=Count("pk"))
            .order_by()
        )
        dated = opened.filter(next_deadline__isnull=False)
        due = dated.values_list("stage_reached", "next_deadline").annotate(n=Count("pk")).order_by()
        due_days = (
            dated.annotate(day=TruncDate("next_deadline", tzinfo=LONDON))
            .values_list("stage_reached", "day")
            .annotate(n=Count("pk"))
            .order_by()
            if _knows_due_days(models["open"])
            else []
        )
        models["open"]._default_manager.bulk_create(
            [
                *(
                    models["open"](
                        partnership_id=partnership_id,
                        stage=stage,
                        kind=OpenKind.RAISED.value,
                        at=dt.datetime.combine(day, dt.time(0), LONDON),
                        n=n,
                    )
                    for stage, day, n in days
                ),
                *(
                    models["open"](
                        partnership_id=partnership_id, stage=stage, kind="due", at=at, n=n
                    )
                    for stage, at, n in due
                ),
                *(
                    models["open"](
                        partnership_id=partnership_id,
                        stage=stage,
                        kind="due-day",
                        at=dt.datetime.combine(day, dt.time(0), LONDON),
                        n=n,
                    )
                    for stage, day, n in due_days
                ),
            ],
            batch_size=1000,
        )
        months = _months(rows)
        models["month"]._default_manager.bulk_create(
            (
                models["month"](partnership_id=partnership_id, month=month, agency_id=agency, **n)
                for (month, agency), n in months.items()
            ),
            batch_size=1000,
        )


def rebuild_every_partnership(apps: Any) -> None:
    """``rebuild`` for every partnership, with a migration's historical models (``apps``)."""
    facts = apps.get_model("reports", "EscalationFacts")
    models = {
        "stage": apps.get_model("reports", "StageCount"),
        "open": apps.get_model("reports", "OpenCount"),
        "month": apps.get_model("reports", "MonthCount"),
    }
    for pk in apps.get_model("partnerships", "Partnership").objects.values_list("pk", flat=True):
        rebuild(pk, facts=facts, models=models)


def _knows_due_days(model: type[Model]) -> bool:
    """Does ``model`` (a migration's historical OpenCount) have rows by the deadline's day?
    Those before reports 0007 do not (their check constraint refuses them)."""
    field: Any = model._meta.get_field("kind")
    return OpenKind.DUE_DAY in dict(field.choices or ())


def _months(rows: Any) -> dict[tuple[dt.date, int], dict[str, int]]:
    counted: dict[tuple[dt.date, int], dict[str, int]] = defaultdict(
        lambda: {"raised": 0, "received": 0, "resolved": 0}
    )
    grouped: Iterable[tuple[str, Any, str, Q]] = (
        ("raised", "raised_at", "raising_agency_id", Q()),
        ("received", "raised_at", "receiving_agency_id", Q()),
        (
            "resolved",
            "ended_at",
            "raising_agency_id",
            Q(status__in=RESOLVED, ended_at__isnull=False),
        ),
    )
    for field, moment, agency, condition in grouped:
        found = (
            rows.filter(condition)
            .annotate(month=TruncMonth(moment, tzinfo=LONDON))
            .values_list("month", agency)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for month, agency_id, n in found:
            day = month.astimezone(LONDON).date() if isinstance(month, dt.datetime) else month
            counted[day.replace(day=1), agency_id][field] += n
    return counted
