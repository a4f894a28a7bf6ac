"""The Board report as it is published (its page, CSV and PDF): small counts suppressed, as
official statistics do, so that no child or family can be picked out of a table.

A count from 1 to one under the partnership's threshold (default 5) is shown as "<5"; a
figure worked out from a suppressed count (its share, a rate, a median) is "Not shown". Where
a column has exactly one suppressed count its total could give it away, so the next smallest
count in that column is suppressed too. Zero is shown: it identifies nobody. Free text is
withheld until an officer has reviewed it (``reports.lists``, ``TextReview``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from escalate.partnerships.models import Partnership
from escalate.reports.board import BoardReport
from escalate.reports.charts import Bar
from escalate.reports.models import DEFAULT_SUPPRESS_BELOW, PublishingRules
from escalate.reports.tables import Cell, Table

NOT_SHOWN = "Not shown"


@dataclass(frozen=True)
class Shape:
    """Which columns of a table are counts, which are worked out from the row's counts, and
    which columns its chart's bars show (the first, then the second series)."""

    counts: frozenset[int]
    derived: frozenset[int] = frozenset()
    charted: tuple[int, ...] = ()
    rows: frozenset[int] | None = None  # only these rows hold counts (None: every row)


_SHARES = Shape(frozenset({1}), frozenset({2}), (1,))
SHAPES: dict[str, Shape] = {
    "comparison": Shape(
        frozenset({1, 2}), frozenset({3}), (), frozenset(range(6)) | {8, 9, 10, 11}
    ),
    "months": Shape(frozenset({1, 2}), charted=(1, 2)),
    "categories": _SHARES,
    "raising-agency": _SHARES,
    "receiving-agency": _SHARES,
    "stage-reached": _SHARES,
    "stage-resolved": _SHARES,
    "agency-pairs": Shape(frozenset({2}), frozenset({3}), (2,)),
    "timescales": Shape(frozenset({1, 2, 3, 4}), frozenset({5}), (5,)),
    "resolution-summary": Shape(frozenset({1}), rows=frozenset({0})),
    "resolution": _SHARES,
    "immediate-risk": Shape(frozenset({1, 2}), frozenset({3}), (1,)),
    "meetings": Shape(frozenset({1, 2, 3}), charted=(1,)),
    "learning": Shape(frozenset({1, 2, 3}), charted=(1,)),
}
# Lists of single items (each row one meeting, decision or lesson): no counts; their texts are
# withheld until reviewed.
LISTS = frozenset({"decisions", "binding-decisions", "learning-items"})


def threshold_for(partnership: Partnership) -> int:
    found = PublishingRules.objects.filter(partnership=partnership).first()
    return found.suppress_below if found else DEFAULT_SUPPRESS_BELOW


def _count(value: Cell) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


@dataclass
class _Hidden:
    cells: set[tuple[int, int]] = field(default_factory=set)

    def rows(self) -> set[int]:
        return {r for r, _ in self.cells}


def _hidden(table: Table, shape: Shape, below: int) -> _Hidden:
    hidden = _Hidden()
    rows = [r for r in range(len(table.rows)) if shape.rows is None or r in shape.rows]
    for column in shape.counts:
        values = {r: _count(table.rows[r][column]) for r in rows}
        small = {r for r, n in values.items() if n is not None and 0 < n < below}
        if len(small) == 1 and shape.rows is None:
            others = sorted((n, r) for r, n in values.items() if n and r not in small)
            small |= {others[0][1]} if others else set()
        hidden.cells |= {(r, column) for r in small}
    return hidden


def _bars(table: Table, shape: Shape, hidden: _Hidden, marker: str) -> list[Bar] | None:
    if table.bars is None or not shape.charted:
        return table.bars
    bars = []
    for index, bar in enumerate(table.bars):
        first = (index, shape.charted[0])
        gone = first in hidden.cells or (
            shape.charted[0] in shape.derived and index in hidden.rows()
        )
        if gone:
            bar = Bar(
                bar.label,
                0,
                NOT_SHOWN if shape.charted[0] in shape.derived else marker,
                bar.other,
                bar.other_display,
            )
        if len(shape.charted) > 1 and (index, shape.charted[1]) in hidden.cells:
            bar = Bar(bar.label, bar.value, bar.display, 0, marker)
        bars.append(bar)
    return bars


def suppress_table(table: Table, below: int) -> Table:
    shape = SHAPES.get(table.key)
    if shape is None or below <= 1:
        return table
    hidden = _hidden(table, shape, below)
    if not hidden.cells:
        return table
    marker = f"<{below}"
    rows: list[list[Cell]] = []
    for r, row in enumerate(table.rows):
        cells = list(row)
        for c in range(len(cells)):
            if (r, c) in hidden.cells:
                cells[c] = marker
            elif c in shape.derived and r in hidden.rows():
                cells[c] = NOT_SHOWN
        rows.append(cells)
    if table.key == "resolution-summary":
        rows = [rows[0], *([row[0], NOT_SHOWN] for row in rows[1:])]
    if table.key == "comparison":  # the median is worked out from the resolved (row 2)
        for column in (1, 2):
            if (2, column) in hidden.cells:
                rows[6][column] = rows[6][3] = NOT_SHOWN
    note = (table.note + " " if table.note else "") + (
        f"Counts from 1 to {below - 1} are shown as {marker}, with what is worked out from them, "
        "so that no child can be recognised."
    )
    return dataclasses.replace(
        table, rows=rows, bars=_bars(table, shape, hidden, marker), note=note
    )


def glance(report: BoardReport, below: int) -> dict[str, str]:
    """The report's summary figures, in words, with small counts suppressed."""
    now = report.now

    def n(value: int, noun: str = "") -> str:
        shown = f"<{below}" if 0 < value < below else str(value)
        return f"{shown} {noun}{'' if value == 1 else 's'}" if noun else shown

    spread = now.spread
    if spread.count == 0:
        resolution = "None resolved"
    elif spread.count < below:
        resolution = f"Fewer than {below} resolved: not shown"
    else:
        resolution = (
            f"Median {spread.median:g} working days; half took between "
            f"{spread.lower_quartile:g} and {spread.upper_quartile:g}"
        )
    return {
        "raised": f"{n(now.raised)} ({n(now.immediate_risk)} with the child at immediate risk)",
        "resolved": f"{n(now.resolved)}, of which {n(now.decided)} by a final binding decision; "
        f"{n(now.withdrawn)} withdrawn; {n(now.open_at_end)} still open at the end",
        "resolution": resolution,
        "timescales": f"{n(now.stages_met)} stages ended within their timescale, "
        f"{n(now.stages_missed)} outside it",
        "meetings": f"{n(now.meetings_held)} held; "
        f"{n(now.binding_decisions, 'final binding decision')}",
        "learning": f"{n(now.lessons, 'lesson')}, {n(now.training_needs, 'training need')}, "
        f"{n(now.policy_gaps, 'gap')} in policy; {n(now.answered)} answered",
    }


@dataclass
class PublishedReport(BoardReport):
    glance: dict[str, str] = field(default_factory=dict)


def _rates(table: Table, report: BoardReport, below: int) -> Table:
    """The comparison's rate of stages within their timescale is not shown for a period
    with fewer stages ended than the threshold: a small rate gives its counts away."""
    if table.key != "comparison" or below <= 1:
        return table
    rows = [list(row) for row in table.rows]
    for column, figures in ((1, report.now), (2, report.before)):
        if 0 < figures.stages_met + figures.stages_missed < below:
            rows[7][column] = rows[7][3] = NOT_SHOWN
    return dataclasses.replace(table, rows=rows)


def published(report: BoardReport, below: int) -> PublishedReport:
    """The report as its page, CSV and PDF show it."""
    fields = {f.name: getattr(report, f.name) for f in dataclasses.fields(report)}
    fields["tables"] = [_rates(suppress_table(t, below), report, below) for t in report.tables]
    return PublishedReport(**fields, glance=glance(report, below))
