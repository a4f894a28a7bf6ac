"""The Board report's charts in Chromium, at every width the reflow checks use: their text is
never smaller than 14 px, no name is cut off at the chart's edge, and every bar has a
contrast of at least 3:1 with the page (WCAG 1.4.11)."""

from __future__ import annotations

from browsing import Site, Visit
from checks import REFLOW_WIDTHS

MEASURE = """() => [...document.querySelectorAll('svg.app-chart')].map(svg => {
  const box = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / box.width;
  const size = parseFloat(svg.getAttribute('font-size'));
  const cut = [...svg.querySelectorAll('text')].filter(t => {
    const b = t.getBBox();
    return b.x < -0.5 || b.x + b.width > box.width + 0.5;
  }).map(t => t.textContent);
  const fills = [...new Set([...svg.querySelectorAll('rect')].map(r => r.getAttribute('fill')))];
  return {title: svg.querySelector('title').textContent, px: size * scale, cut, fills};
})"""


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_chart_text_is_readable_and_whole_at_every_width(visit: Visit, site: Site) -> None:
    page = visit("officer.brent", "/partnership/report/")
    problems: list[str] = []
    charts = 0
    for width in REFLOW_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for chart in page.evaluate(MEASURE):
            charts += 1
            name = f"at {width} px, {chart['title'][:60]!r}"
            if chart["px"] < 14:
                problems.append(f"{name}: text is {chart['px']:.1f} px")
            problems += [f"{name}: {words!r} is cut off" for words in chart["cut"]]
            problems += [
                f"{name}: bar colour {fill} has contrast {_contrast_with_white(fill):.2f}:1"
                for fill in chart["fills"]
                if _contrast_with_white(fill) < 3
            ]
    assert charts >= len(REFLOW_WIDTHS), "the report shows no charts"
    assert not problems, "\n".join(problems)
