"""A table of figures: shown on the page beside its chart, and downloaded as CSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from escalate.reports.charts import Bar, bar_chart

Cell = str | int | float | None


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    bars: list[Bar] | None = None
    maximum: float | None = None
    numeric: set[int] = field(default_factory=set)
    shown: int | None = None  # how many rows the page and PDF show; the CSV has them all
    series: tuple[str, str] | None = None  # a chart of two figures per row

    @property
    def chart(self) -> SafeString | None:
        if self.bars is None:
            return None
        return bar_chart(self.title, self.bars, maximum=self.maximum, series=self.series)

    @property
    def visible_rows(self) -> list[list[Cell]]:
        return self.rows if self.shown is None else self.rows[: self.shown]

    @property
    def cut(self) -> int:
        """How many rows the page leaves out (they are in the CSV)."""
        return len(self.rows) - len(self.visible_rows)

    def cells(self) -> list[list[tuple[Cell, bool]]]:
        """Each visible row's cells, with whether the cell is a number (right-aligned)."""
        return [
            [(cell, index in self.numeric) for index, cell in enumerate(row)]
            for row in self.visible_rows
        ]


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"
