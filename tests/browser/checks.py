"""What the browser tests check on a page: axe-core on the WCAG 2.2 A and AA rules, reflow
(no sideways scrolling of the page, nothing sticking out of its column), and screenshots.

Each check returns what it found, described in words a person can act on; the tests assert
that the list is empty, so a failure names the rule, the element and the page.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "browser" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# 320 CSS pixels is also 1280 px at 400% zoom (WCAG 1.4.10); 641 and 1024 are ordinary
# screens at 200% zoom; 1280 is an ordinary office screen.
REFLOW_WIDTHS = (320, 641, 1024, 1280)


@cache
def _axe_source() -> str:
    if not AXE.is_file():
        raise RuntimeError(f"axe-core is missing at {AXE}: run bash scripts/bootstrap")
    return AXE.read_text(encoding="utf-8")


# With JavaScript off the page's timers never fire, and axe waits on them: for its run, timers
# become microtasks (which do run), and are put back afterwards.
_RUN_AXE = """async ([tags, timersOff]) => {
    const kept = [window.setTimeout, window.clearTimeout, window.requestAnimationFrame];
    if (timersOff) {
        window.setTimeout = (fn, _ms, ...args) => {
            Promise.resolve().then(() => fn(...args));
            return 0;
        };
        window.clearTimeout = () => {};
        window.requestAnimationFrame = (fn) => { Promise.resolve().then(() => fn(0)); return 0; };
    }
    try {
        const result = await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
    } finally {
        [window.setTimeout, window.clearTimeout, window.requestAnimationFrame] = kept;
    }
}"""


def axe_violations(page: Page, *, javascript: bool = True) -> list[str]:
    """Run axe-core (injected by evaluation, so it runs with JavaScript off too: say so with
    ``javascript=False``) and describe every violation of the WCAG 2.2 A and AA rules: rule,
    impact, help and each element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;undefined")
    found: list[dict[str, Any]] = page.evaluate(_RUN_AXE, [WCAG_TAGS, not javascript])
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
        for v in found
    ]


# Elements that stick out of the viewport, or of their GOV.UK grid column, and are not inside
# a container that scrolls by itself. Only the outermost offender of a nest is named.
_REFLOW_JS = """() => {
  const view = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const column = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (a.matches('[class*="govuk-grid-column"]')) return a;
    }
    return null;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
  const out = [];
  const flagged = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1 || style.position === 'fixed') continue;
    if (style.clip !== 'auto' || style.clipPath !== 'none') continue;
    if (scrolls(el)) continue;
    let parent = el.parentElement, nested = false;
    for (; parent; parent = parent.parentElement) if (flagged.has(parent)) { nested = true; break; }
    if (nested) continue;
    const own = column(el);
    const right = own ? Math.min(view, own.getBoundingClientRect().right) : view;
    if (r.right > right + 1 || r.left < -1) {
      flagged.add(el);
      out.push(name(el) + ' is ' + Math.round(r.width) + ' px wide and reaches ' +
        Math.round(r.right) + ' px, past ' + Math.round(right) + ' px' +
        (el.textContent ? ' ("' + el.textContent.trim().slice(0, 40) + '")' : ''));
    }
  }
  return {page: document.documentElement.scrollWidth, view: view, offenders: out.slice(0, 8)};
}"""


def reflow_problems(page: Page, widths: tuple[int, ...] = REFLOW_WIDTHS) -> list[str]:
    """At each width: the page must not scroll sideways, and nothing may stick out of its
    column unless it is inside a container that scrolls by itself."""
    problems: list[str] = []
    height = page.viewport_size["height"] if page.viewport_size else 900
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        found = page.evaluate(_REFLOW_JS)
        if found["page"] > found["view"]:
            problems.append(f"at {width} px the page is {found['page']} px wide (scrolls sideways)")
        problems += [f"at {width} px {offender}" for offender in found["offenders"]]
    page.set_viewport_size({"width": 1280, "height": height})
    return problems


def screenshot(page: Page, name: str, widths: tuple[int, ...] = (1280, 320)) -> None:
    """Full-page screenshots at each width, for a person to review without running anything."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.viewport_size["height"] if page.viewport_size else 900
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": height})


def error_links_broken(page: Page) -> list[str]:
    """Each link in the error summary must lead to an element on the page that takes focus
    (a field, or the first input of a group)."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('.govuk-error-summary a[href^="#"]')]
            .filter(a => {
                const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
                return !target || !target.matches('input, select, textarea, button');
            }).map(a => a.textContent.trim() + ' -> ' + a.hash)"""
    )
    return found


def describe(items: list[str]) -> str:
    return json.dumps(items, indent=2, ensure_ascii=False)
