"""Two people acting at once on SQLite (the embedded default), through the real web stack:
``escalate serve`` with two processes, two browsers posting notes on the same escalation at
the same moment, and a worker sending a batch of emails beside them. Nobody gets a 500 and
nothing anyone typed is lost: each note is saved, or the person is shown what changed with
their text still in the form."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import threading
from pathlib import Path

import live
import pytest

ROUNDS = 12
SCRIPT = """
import django; django.setup()
import datetime as dt
from django.utils import timezone
from cast import CHILD
from escalate.partnerships.models import Person, Agency
from escalate.escalations.raising import escalation_raise
from escalate.notifications.models import Channel, Notification
raiser = Person.objects.get(username="raiser.brent")
social = Agency.objects.get(name="Children's Social Care", partnership_id=raiser.partnership_id)
escalation = escalation_raise(
    raiser=raiser, receiving_agency=social,
    categories=["thresholds"], disagreement="A disagreement.", outcome_wanted="An outcome.",
    immediate_risk=False, now=timezone.now(), **CHILD)
now = timezone.now()
Notification.objects.bulk_create(
    Notification(escalation=escalation, key=f"bulk:{i}", recipient=raiser,
                 channel=Channel.EMAIL, subject=f"message {i}", body="A reminder.",
                 next_attempt_at=now, created_at=now)
    for i in range(200))
print(escalation.reference)
"""


@pytest.fixture
def env(seeded: dict[str, str], tmp_path: Path) -> dict[str, str]:
    database = Path(seeded["DATABASE_URL"].removeprefix("sqlite:///"))
    shutil.copy(database, tmp_path / "escalate.sqlite3")
    return {
        **live.production_env(tmp_path),
        "ESCALATE_SECRET_KEY": seeded["ESCALATE_SECRET_KEY"],
        "DATABASE_URL": f"sqlite:///{tmp_path / 'escalate.sqlite3'}",
        "ESCALATE_WEB_WORKERS": "2",
        "ESCALATE_WEB_THREADS": "2",
        "ESCALATE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }


def raise_one(env: dict[str, str]) -> str:
    """An escalation with 200 emails waiting; returns its reference."""
    return live.run(
        [sys.executable, "-c", SCRIPT],
        {
            **env,
            "PYTHONPATH": str(live.ROOT / "tests" / "web"),
            "DJANGO_SETTINGS_MODULE": "escalate.settings",
        },
    ).split()[-1]


def note_form(browser: live.Browser, address: str, path: str, text: str) -> dict[str, str]:
    page = browser.get(address, path)
    version = page.body.split('name="version" value="')[1].split('"')[0]
    return {"csrfmiddlewaretoken": live.csrf_token(page.body), "text": text, "version": version}


def test_two_people_adding_notes_at_once_on_sqlite_get_no_500_and_lose_nothing(
    env: dict[str, str],
) -> None:
    reference = raise_one(env)
    web, address = live.start_web("web", env)
    worker = live.start_worker("worker", env, interval=0.05)
    try:
        people = {name: live.Browser() for name in ("raiser.brent", "officer.brent")}
        for name, browser in people.items():
            assert browser.sign_in(address, name, "a-test-password-2026").status == 302
        path = f"/escalations/{reference}/add-note/"
        answers: list[tuple[str, str, int, str]] = []
        lock = threading.Lock()

        def add(name: str, browser: live.Browser, text: str, barrier: threading.Barrier) -> None:
            form = note_form(browser, address, path, text)
            barrier.wait()
            answer = browser.post(address, path, form)
            with lock:
                answers.append((name, text, answer.status, answer.body))

        for round_ in range(ROUNDS):
            barrier = threading.Barrier(len(people))
            threads = [
                threading.Thread(
                    target=add, args=(name, browser, f"Note {round_} from {name}.", barrier)
                )
                for name, browser in people.items()
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        page = people["officer.brent"].get(address, f"/escalations/{reference}/").body
        assert [a[2] for a in answers if a[2] >= 500] == [], [a[3][:500] for a in answers]
        for name, text, status, body in answers:
            if status == 302:
                assert text in page, f"{name}'s saved note is not on the escalation"
            else:
                assert status == 200, f"{name} got {status}"
                assert text in body, f"{name}'s text was lost"
    finally:
        worker.stop()
        web.kill()
    assert not [line for _, line in web.output() if '"status": 500' in line]


def test_a_database_locked_past_its_timeout_gives_try_again_with_the_text_kept(
    env: dict[str, str],
) -> None:
    reference = raise_one(env)
    web, address = live.start_web("web", {**env, "ESCALATE_SQLITE_TIMEOUT": "0.5"})
    try:
        browser = live.Browser()
        assert browser.sign_in(address, "raiser.brent", "a-test-password-2026").status == 302
        path = f"/escalations/{reference}/add-note/"
        text = "The visit was cancelled twice; the school asked for a strategy meeting."
        form = note_form(browser, address, path, text)
        holder = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
        holder.execute("BEGIN IMMEDIATE")  # someone else holds the write lock for seconds
        try:
            answer = browser.post(address, path, form)
        finally:
            holder.rollback()
            holder.close()
        assert answer.status == 503
        assert "Escalate is busy: try again" in answer.body
        assert text in answer.body
        again = {
            "csrfmiddlewaretoken": live.csrf_token(answer.body),
            "text": text,
            "version": form["version"],
        }
        assert browser.post(address, path, again).status == 302  # sent again: saved
        assert text in browser.get(address, f"/escalations/{reference}/").body
    finally:
        web.kill()
