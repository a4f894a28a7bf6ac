"""The charts are readable: every series has a contrast of 3:1 or more with the page, names
are written in full (wrapped, never cut off), and the text stays near 14 px on a 320 px
screen."""

from __future__ import annotations

import re

from escalate.reports.charts import BACKGROUND, COLOURS, FONT, WIDTH, Bar, bar_chart


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted([_luminance(one), _luminance(two)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_worked_out_as_wcag_does() -> None:
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0
    assert round(contrast("#f47738", "#ffffff"), 2) == 2.78  # the orange the charts had


def test_every_series_has_a_contrast_of_3_to_1_with_the_page() -> None:
    for colour in COLOURS:
        assert contrast(colour, BACKGROUND) >= 3, colour
    svg = bar_chart("Months", [Bar("Jan", 2, other=1)], series=("Raised", "Resolved"))
    for fill in set(re.findall(r'<rect[^>]*fill="(#[0-9a-f]{6})"', svg)):
        assert contrast(fill, BACKGROUND) >= 3, fill


def test_names_are_written_in_full_over_as_many_lines_as_they_need() -> None:
    name = "Bromley Children's Social Care and the Multi-Agency Safeguarding Hub"
    svg = bar_chart("By agency", [Bar(name, 4)])
    lines = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "…" not in svg
    assert " ".join(line for line in lines if line != "4").replace("&#x27;", "'") == name
    assert len([line for line in lines if line != "4"]) == 2


def test_text_stays_readable_when_the_chart_shrinks_to_a_phone() -> None:
    content_width_at_320 = 320 - 2 * 15  # the page's margins
    assert FONT * content_width_at_320 / WIDTH >= 14
