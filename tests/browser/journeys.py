"""The journeys the browser tests walk, written as a person does them: by the words on the
page (labels, buttons, links), never by ids. Each page the walk reaches is checked with
axe-core (WCAG 2.2 A and AA); what it finds is kept, with the address, for the test to report.

``Walk`` follows a person through pages; ``by_keyboard`` makes it fill and press with the
keyboard only (Tab to each control, Space to choose, Enter to submit), as someone who cannot
use a mouse does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checks import axe_violations
from playwright.sync_api import Locator, Page

TABS = 80  # the most Tab presses a control may be away; more is a failure in itself


@dataclass
class Walk:
    page: Page
    base: str
    by_keyboard: bool = False
    javascript: bool = True
    found: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def check(self) -> None:
        """axe on the page now showing; what it finds is kept for the end of the journey."""
        self.page.wait_for_load_state()
        path = self.page.url.split("//", 1)[-1].split("/", 1)[-1]
        self.visited.append("/" + path)
        self.found += [
            f"/{path}: {v}" for v in axe_violations(self.page, javascript=self.javascript)
        ]

    def go(self, path: str) -> None:
        self.page.goto(path if "://" in path else self.base + path)
        self.check()

    def _focus(self, target: Locator) -> None:
        """Tab until ``target`` has the focus, from wherever the focus is."""
        handle = target.element_handle()
        assert handle is not None
        for _ in range(TABS):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("(el) => el === document.activeElement", handle):
                return
        raise AssertionError(f"{TABS} presses of Tab never reached {target}")

    def fill(self, label: str, value: str) -> None:
        box = self.page.get_by_label(label, exact=True)
        if self.by_keyboard:
            self._focus(box)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(value)
        else:
            box.fill(value)

    def choose(self, label: str) -> None:
        """A radio or checkbox, by its label."""
        control = self.page.get_by_label(label, exact=True)
        if self.by_keyboard:
            if control.get_attribute("type") == "radio":
                self._focus_radio_group(control)
                while not control.is_checked():
                    self.page.keyboard.press("ArrowDown")
            else:
                self._focus(control)
                self.page.keyboard.press("Space")
        else:
            control.check()
        assert control.is_checked(), label

    def _focus_radio_group(self, control: Locator) -> None:
        """Radios take one Tab stop per group: Tab to the group, whichever radio it lands on."""
        name = control.get_attribute("name")
        for _ in range(TABS):
            self.page.keyboard.press("Tab")
            focused = self.page.evaluate(
                "() => [document.activeElement.type, document.activeElement.name]"
            )
            if focused == ["radio", name]:
                return
        raise AssertionError(f"{TABS} presses of Tab never reached the radios {name}")

    def select(self, label: str, option: str) -> None:
        box = self.page.get_by_label(label, exact=True)
        if self.by_keyboard:
            self._focus(box)
            self.page.keyboard.type(option)  # a closed list picks the option typed
        else:
            box.select_option(label=option)
        assert box.evaluate("(el) => el.options[el.selectedIndex].text") == option

    def press(self, words: str, role: str = "button") -> None:
        """A button (or a link, with role='link'), then axe on the page it leads to."""
        target = self.page.get_by_role(role, name=words, exact=True).first  # type: ignore[arg-type]
        if self.by_keyboard:
            self._focus(target)
            with self.page.expect_navigation():
                self.page.keyboard.press("Enter")
        else:
            target.click()
        self.page.wait_for_load_state()
        self.check()

    def follow(self, words: str) -> None:
        self.press(words, role="link")

    def heading(self) -> str:
        return " ".join(self.page.locator("h1").first.inner_text().split())

    def shows(self, *words: str) -> None:
        text = " ".join(self.page.locator("main").inner_text().split())
        for expected in words:
            assert expected in text, f"{expected!r} not on {self.page.url}:\n{text[:1500]}"

    def errors(self) -> list[str]:
        summary = self.page.locator(".govuk-error-summary")
        return [summary.inner_text()] if summary.count() else []


def fill_date(walk: Walk, day: Any, month: Any, year: Any) -> None:
    walk.fill("Day", str(day))
    walk.fill("Month", str(month))
    walk.fill("Year", str(year))
