"""Fixtures for the browser tests (the machinery is in ``browsing.py``).

The server is started once per test process; Playwright once per test module and stopped
after it (its event loop must not be left running under the Django tests that follow in the
same process). ``visit(user, path)`` gives a page in a fresh context signed in as ``user``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, HERE, Site, Visit, new_context, start_server
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    # While working on one test: a server already started by hand (harness.py's JSON line
    # saved to a file) is used instead of a new one; it keeps what earlier runs changed.
    reuse = os.environ.get("ESCALATE_BROWSER_REUSE")
    if reuse:
        built = json.loads(Path(reuse).read_text())
        yield Site(f"http://127.0.0.1:{built['port']}", built["refs"], built["password"])
        return
    with tempfile.TemporaryDirectory(prefix="escalate-browser-") as folder:
        process, built = start_server(Path(folder))
        base = f"http://127.0.0.1:{built['port']}"
        print(f"browser tests: Escalate is serving on {base}", file=sys.stderr)
        try:
            yield Site(base, built["refs"], built["password"])
        finally:
            assert process.stdin is not None
            process.stdin.close()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log = (Path(folder) / "server-errors.log").read_text()
        failed = [
            line
            for line in log.splitlines()
            if line.startswith("SERVER ERROR") and "/harness/server-error/" not in line
        ]
        if failed:
            raise AssertionError("Pages answered with a server error:\n" + "\n".join(failed))


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"No chromium at {CHROMIUM}: run bash scripts/bootstrap")
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture(scope="module")
def contexts(browser: Browser) -> Iterator[dict[tuple[str | None, bool], BrowserContext]]:
    """Signed-in contexts kept for the module, one per user and JavaScript on or off."""
    kept: dict[tuple[str | None, bool], BrowserContext] = {}
    yield kept
    for context in kept.values():
        context.close()


@pytest.fixture
def visit(
    browser: Browser, site: Site, contexts: dict[tuple[str | None, bool], BrowserContext]
) -> Iterator[Visit]:
    """``visit(user, path=None, javascript=True, fresh=False)``: a new page signed in as
    ``user`` (None: nobody), opened at ``path`` if given. Pages share the module's context
    for that user unless ``fresh`` asks for a context of their own (its own cookies, as a
    second person at another computer would have). All are closed when the test ends."""
    opened: list[Page] = []
    own: list[BrowserContext] = []

    def open_page(
        user: str | None, path: str | None = None, *, javascript: bool = True, fresh: bool = False
    ) -> Page:
        if fresh:
            context = new_context(browser, site, user, javascript=javascript)
            own.append(context)
        else:
            key = (user, javascript)
            if key not in contexts:
                contexts[key] = new_context(browser, site, user, javascript=javascript)
            context = contexts[key]
        page = context.new_page()
        opened.append(page)
        if path is not None:
            page.goto(site.url(path))
        return page

    yield open_page
    for page in opened:
        page.close()
    for context in own:
        context.close()
