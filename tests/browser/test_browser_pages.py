"""Every page type in ``pages.py``, in Chromium: no axe-core violation of the WCAG 2.2 A and AA
rules at 1280 px or 320 px, with its form's errors showing too; no sideways scrolling at 320,
641, 1024 and 1280 px; a title of its own naming the service; screenshots saved."""

from __future__ import annotations

import re

import pytest
from browsing import Site, Visit
from checks import axe_violations, describe, error_links_broken, reflow_problems, screenshot
from pages import PAGE_TYPES, PageType
from playwright.sync_api import Page

BY_NAME = {page_type.name: page_type for page_type in PAGE_TYPES}


def _open(visit: Visit, site: Site, page_type: PageType) -> Page:
    page = visit(page_type.user)
    response = page.goto(site.url(page_type.url(site.refs)))
    assert response is not None
    assert response.status == page_type.status, f"{page_type.name}: {response.status}"
    return page


def _submit_empty(page: Page) -> None:
    """Clear what the form has in it and submit it with its main button."""
    form = page.locator("main form[method=post]").last
    for field in form.locator("textarea, input[type=text], input:not([type])").all():
        field.fill("")
    for box in form.locator("input[type=checkbox]:checked").all():
        box.uncheck()
    form.locator("button[type=submit], button:not([type])").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("name", list(BY_NAME))
def test_page_type_passes_axe_and_reflows(visit: Visit, site: Site, name: str) -> None:
    """axe at 1280 and 320 px; no sideways scrolling at any width; screenshots at both."""
    page = _open(visit, site, BY_NAME[name])
    found = [f"1280 px: {v}" for v in axe_violations(page)]
    found += reflow_problems(page)
    page.set_viewport_size({"width": 320, "height": 900})
    found += [f"320 px: {v}" for v in axe_violations(page)]
    screenshot(page, name)
    assert not found, f"{name} ({page.url}):\n" + "\n".join(found)


@pytest.mark.parametrize("name", [n for n, p in BY_NAME.items() if p.form])
def test_page_of_errors_passes_axe_and_links_to_each_field(
    visit: Visit, site: Site, name: str
) -> None:
    page = _open(visit, site, BY_NAME[name])
    _submit_empty(page)
    assert page.locator(".govuk-error-summary").count() == 1, f"{name}: no error summary"
    assert page.title().startswith("Error: "), f"{name}: title is {page.title()!r}"
    broken = error_links_broken(page)
    assert not broken, f"{name}: error links lead nowhere: {describe(broken)}"
    found = axe_violations(page)
    screenshot(page, f"{name}-errors", widths=(1280,))
    assert not found, f"{name} with errors ({page.url}):\n" + "\n".join(found)


def test_every_page_type_has_a_title_of_its_own_naming_the_service(
    visit: Visit, site: Site
) -> None:
    titles: dict[str, list[str]] = {}
    pages: dict[str | None, Page] = {}
    seen: set[str] = set()
    for page_type in PAGE_TYPES:
        if page_type.path in seen:  # the same page, for someone else
            continue
        seen.add(page_type.path)
        if page_type.user not in pages:
            pages[page_type.user] = visit(page_type.user)
        response = pages[page_type.user].request.get(site.url(page_type.url(site.refs)))
        found = re.search(r"<title>(.*?)</title>", response.text(), re.S)
        title = " ".join(found.group(1).split()) if found else ""
        titles.setdefault(title, []).append(page_type.name)
    problems = [f"{names}: {title!r}" for title, names in titles.items() if len(names) > 1]
    problems += [
        f"{names}: {title!r}" for title, names in titles.items() if "Escalate" not in title
    ]
    assert not problems, "Titles shared or without the service's name:\n" + "\n".join(problems)
