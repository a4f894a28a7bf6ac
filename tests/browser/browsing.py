"""The browser tests' machinery: Escalate served by its own process on 127.0.0.1 (a port the
system chooses) with its own SQLite database, and Debian's chromium driven by Playwright.

Each context signs its user in once; the sign-in is remembered for the rest of the run.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks import AXE
from playwright.sync_api import Browser, BrowserContext, Page

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("ESCALATE_CHROMIUM", "/usr/bin/chromium")
# Chromium as root on a machine with no network but the package registries: no sandbox (root),
# no GPU, and nothing that phones home (its refused connections would slow every page).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_SECONDS = 240


@dataclass
class Site:
    base: str
    refs: dict[str, Any]
    password: str
    signed_in: dict[str, Any] = field(default_factory=dict)  # username -> storage state

    def url(self, path: str) -> str:
        return self.base + path


def start_server(data_dir: Path) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "ESCALATE_SECRET_KEY", "ESCALATE_ALLOWED_HOSTS")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="harness_settings",
        ESCALATE_ENV="development",
        ESCALATE_DEBUG="false",
        ESCALATE_DATA_DIR=str(data_dir),
        ESCALATE_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=os.pathsep.join([str(HERE), str(HERE.parent / "web")]),
    )
    errors = (data_dir / "server-errors.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(HERE / "harness.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], START_SECONDS)
    line = process.stdout.readline() if ready else ""
    if not line:
        process.kill()
        process.wait()
        log = (data_dir / "server-errors.log").read_text()
        raise RuntimeError(f"The browser tests' server did not start:\n{log[-4000:]}")
    return process, json.loads(line)


Visit = Callable[..., Page]


def sign_in(page: Page, site: Site, username: str) -> None:
    page.goto(site.url("/sign-in/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(site.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def new_context(
    browser: Browser, site: Site, user: str | None, *, javascript: bool = True
) -> BrowserContext:
    """A fresh context (its own cookies), signed in as ``user`` if given."""
    options: dict[str, Any] = {
        "viewport": {"width": 1280, "height": 900},
        "java_script_enabled": javascript,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }
    if user is not None and user in site.signed_in:
        options["storage_state"] = site.signed_in[user]
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    if javascript:  # parsed as each document starts; with JavaScript off it is evaluated
        context.add_init_script(path=str(AXE))
    if user is not None and user not in site.signed_in:
        page = context.new_page()
        sign_in(page, site, user)
        site.signed_in[user] = context.storage_state()
        page.close()
    return context
