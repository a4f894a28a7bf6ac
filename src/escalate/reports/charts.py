"""Horizontal bar charts drawn on the server as SVG: readable at a glance, no JavaScript, and
the same in a browser and in the PDF. Each chart sits above the table of its figures, which
is what a screen reader reads; the chart says so in its label. A chart may show two series
(raised and resolved, say) as a pair of bars per row, with a key above.

Readable on a phone: each row's name is written in full above its bar (wrapped, never cut
off), in 18-unit text in a chart 360 units wide, so at 320 px the text is still about 14 px;
every series has a contrast of at least 3:1 with the page (WCAG 1.4.11).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK blue (5.2:1 on white) and a dark orange (4.9:1): told apart without colour vision by
# their lightness and by the key, and each at least 3:1 against the white page.
COLOURS = ("#1d70b8", "#b35600")
BACKGROUND = "#ffffff"
TEXT = "#0b0c0c"
WIDTH = 360
FONT = 18
LINE = 22
VALUE_WIDTH = 64
WRAP = 34  # characters of a name on one line at this size
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str = ""
    other: float | None = None  # the second series, when the chart has one
    other_display: str = ""

    @property
    def other_text(self) -> str:
        return self.other_display or f"{self.other or 0:g}"

    @property
    def text(self) -> str:
        return self.display or f"{self.value:g}"


def _lines(label: str) -> list[str]:
    return textwrap.wrap(" ".join(label.split()), WRAP, break_long_words=True) or [""]


def _text(x: float, y: float, words: str, **attributes: str) -> str:
    more = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" fill="{TEXT}"{more}>{escape(words)}</text>'


def _bar(y: float, length: float, height: float, colour: str, words: str) -> str:
    return (
        f'<rect x="0" y="{y:.1f}" width="{length:.1f}" height="{height:.1f}" fill="{colour}"/>'
        + _text(length + 6, y + height - 2, words)
    )


def _key(series: tuple[str, str]) -> tuple[list[str], float]:
    parts: list[str] = []
    for index, name in enumerate(series):
        y = 4 + index * LINE
        parts.append(f'<rect x="0" y="{y}" width="14" height="14" fill="{COLOURS[index]}"/>')
        parts.append(_text(22, y + 13, name))
    return parts, len(series) * LINE + 6


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
    longest = WIDTH - VALUE_WIDTH
    body: list[str] = []
    y: float = 0
    if series:
        key, y = _key(series)
        body += key
    if not bars:
        body.append(_text(0, y + FONT, "No figures"))
        y += LINE
    for bar in bars:
        tip = f"{bar.label}: {bar.text}"
        if series and bar.other is not None:
            tip = f"{bar.label}: {series[0]} {bar.text}, {series[1]} {bar.other_text}"
        body.append(f"<g><title>{escape(tip)}</title>")
        for line in _lines(bar.label):
            y += LINE
            body.append(_text(0, y - 5, line))
        pairs = [(bar.value, bar.text)]
        if series:
            pairs.append((bar.other or 0, bar.other_text))
        for number, (value, words) in enumerate(pairs):
            length = 0.0 if value <= 0 else max(2.0, longest * value / top)
            body.append(_bar(y + 2, length, 16, COLOURS[number], words))
            y += 20
        body.append("</g>")
        y += 10
    height = round(y + 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-title" focusable="false" '
        f'font-family="arial, sans-serif" font-size="{FONT}">',
        f'<title id="{ident}-title">Bar chart: {escape(title)}. The figures are in the table '
        "below it.</title>",
        *body,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # every text in it is escaped above
