"""Horizontal bar charts drawn on the server as SVG: readable at a glance, no JavaScript, and
the same in a browser and in the PDF. Each chart sits beside the table of its figures, which
is what a screen reader reads; the chart says so in its label. A chart may show two series
(raised and resolved, say) as a pair of bars per row, with a key above."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#1d70b8", "#f47738")  # GOV.UK blue and orange: told apart without colour vision
TEXT = "#0b0c0c"
RULE = "#b1b4b6"
LABEL_WIDTH = 240
BAR_WIDTH = 260
VALUE_WIDTH = 70
MAX_LABEL = 30
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str = ""
    other: float | None = None  # the second series, when the chart has one

    @property
    def text(self) -> str:
        return self.display or f"{self.value:g}"


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _bar(x: float, y: float, length: float, height: float, colour: str, text: str) -> str:
    return (
        f'<rect x="{x}" y="{y:.1f}" width="{length:.1f}" height="{height:.1f}" fill="{colour}"/>'
        f'<text x="{x + length + 6:.1f}" y="{y + height - 3:.1f}" fill="{TEXT}">'
        f"{escape(text)}</text>"
    )


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    maximum: float | None = None,
    series: tuple[str, str] | None = None,
) -> SafeString:
    """An SVG chart of ``bars``; the longest bar is ``maximum`` (or the largest value)."""
    ident = f"chart-{next(_ids)}"
    values = [b.value for b in bars] + [b.other or 0 for b in bars if series]
    top = max([maximum or 0, *values]) or 1
    row = 36 if series else 26
    key = 24 if series else 0
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = key + max(len(bars), 1) * row + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title" focusable="false" '
        'style="max-width:100%;font-family:arial,sans-serif;font-size:13px">',
        f'<title id="{ident}-title">Bar chart: {escape(title)}. The figures are in the table '
        "beside it.</title>",
    ]
    if series:
        for index, name in enumerate(series):
            x = LABEL_WIDTH + index * 130
            parts.append(
                f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[index]}"/>'
                f'<text x="{x + 18}" y="15" fill="{TEXT}">{escape(name)}</text>'
            )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{key}" x2="{LABEL_WIDTH}" y2="{height - 5}" '
        f'stroke="{RULE}" stroke-width="1"/>'
    )
    if not bars:
        parts.append(f'<text x="{LABEL_WIDTH + 8}" y="{key + 18}" fill="{TEXT}">No figures</text>')
    for index, bar in enumerate(bars):
        y = key + 5 + index * row
        tip = f"{bar.label}: {bar.text}"
        if series and bar.other is not None:
            tip = f"{bar.label}: {series[0]} {bar.text}, {series[1]} {bar.other:g}"
        parts.append(
            f"<g><title>{escape(tip)}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{y + (row - 10) / 2 + 5:.1f}" text-anchor="end" '
            f'fill="{TEXT}">{escape(_short(bar.label))}</text>'
        )
        pairs = [(bar.value, bar.text)]
        if series:
            pairs.append((bar.other or 0, f"{bar.other or 0:g}"))
        height_each = (row - 8) / len(pairs)
        for number, (value, text) in enumerate(pairs):
            length = 0.0 if value <= 0 else max(2.0, BAR_WIDTH * value / top)
            top_y = y + 2 + number * height_each
            parts.append(_bar(LABEL_WIDTH, top_y, length, height_each - 1, COLOURS[number], text))
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped above
