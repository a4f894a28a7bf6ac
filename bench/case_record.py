"""How long the record for the child's file takes as a PDF for an escalation with 100
events: its content from the events, the HTML, and the PDF from WeasyPrint (what the worker
now does after each change); and what the person waits for: the button (a POST through the
web stack, which issues the record the worker made) and the download. Target: median under
300 ms for the person.

Runs on SQLite in a temporary folder (the time is WeasyPrint's, not the database's):

    .venv/bin/python bench/case_record.py [REPEAT]          # default 20
    .venv/bin/python bench/case_record.py 5 --profile       # where the time goes
"""

from __future__ import annotations

import cProfile
import datetime as dt
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))

from _setup import summary, timed

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
REPEAT = int(ARGS[0]) if ARGS else 20
PROFILE = "--profile" in sys.argv
TARGET_MS = 300.0
EVENTS = 100
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def main(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["ESCALATE_DATA_DIR"] = folder
    os.environ.setdefault("ESCALATE_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalate.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from cast import make_cast

    from escalate.documents.models import DocumentKind
    from escalate.documents.record import record_content
    from escalate.documents.selectors import events_of
    from escalate.documents.services import document_issue_case_record, document_render
    from escalate.escalations.raising import escalation_raise
    from escalate.escalations.services import escalation_act, escalation_state

    cast = make_cast("brent")
    escalation = escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        child_name="Bench Child",
        child_date_of_birth=dt.date(2016, 5, 4),
        child_status="child-in-need",
        categories=["thresholds"],
        disagreement="The referral was closed without a home visit. " * 6,
        outcome_wanted="An assessment is started.",
        immediate_risk=False,
        now=MONDAY,
    )
    for n in range(EVENTS - 1):
        escalation.refresh_from_db()
        escalation_act(
            escalation=escalation,
            actor=cast.raiser if n % 2 else cast.other,
            action="add-note",
            expected_version=escalation.version,
            text=f"Note {n + 1}: called the other agency back; they will reply by Friday. " * 2,
            now=MONDAY + dt.timedelta(minutes=n + 1),
        )
    escalation.refresh_from_db()
    now = MONDAY + dt.timedelta(days=1)
    assert escalation.version == EVENTS

    def produce() -> bytes:
        content = record_content(
            escalation=escalation,
            policy=escalation.policy_version.policy,
            state=escalation_state(escalation, now),
            events=events_of(escalation),
            made_by=cast.raiser,
            now=now,
        )
        return document_render(DocumentKind.CASE_RECORD, content)

    if "--html" in sys.argv:
        from escalate.documents.pdf import html_for
        from escalate.documents.services import TEMPLATES

        content = record_content(
            escalation=escalation,
            policy=escalation.policy_version.policy,
            state=escalation_state(escalation, now),
            events=events_of(escalation),
            made_by=cast.raiser,
            now=now,
        )
        print(html_for(TEMPLATES[DocumentKind.CASE_RECORD], {"doc": content}))
        return
    first = time.perf_counter()
    size = len(produce())
    first_ms = (time.perf_counter() - first) * 1000
    print(f"first record (loads WeasyPrint and the fonts): {first_ms:.0f} ms")
    if PROFILE:
        profile = cProfile.Profile()
        profile.runcall(lambda: [produce() for _ in range(REPEAT)])
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)
        return
    cpu_start = time.process_time()
    times = timed(produce, repeat=REPEAT)
    cpu_ms = (time.process_time() - cpu_start) * 1000 / REPEAT
    start = time.perf_counter()
    document_issue_case_record(escalation=escalation, requester=cast.raiser, now=now)
    issued_ms = (time.perf_counter() - start) * 1000
    median = statistics.median(times) * 1000
    print(f"a record of {EVENTS} events, {size:,} bytes, {REPEAT} times: {summary(times)}")
    print(f"CPU time per record (what the machine's other work does not inflate): {cpu_ms:.0f} ms")
    print(f"issuing one (content, PDF, store, event, outbox): {issued_ms:.0f} ms")
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(
        f"median {median:.1f} ms to produce the record (target under {TARGET_MS:.0f} ms: {verdict})"
    )
    button(cast, escalation)


def button(cast: Any, escalation: Any) -> None:
    """After each change the worker makes the record; then the person presses the button
    (POST, redirected to the download) and downloads it: both timed, through the web stack."""
    from django.test import Client
    from django.utils import timezone

    from escalate.documents.prepared import case_records_job
    from escalate.escalations.services import escalation_act

    client = Client()
    client.force_login(cast.raiser)
    made, pressed, fetched = [], [], []
    for n in range(REPEAT):
        escalation.refresh_from_db()
        escalation_act(
            escalation=escalation,
            actor=cast.raiser,
            action="add-note",
            expected_version=escalation.version,
            text=f"Another note {n}: the visit is booked.",
        )
        start = time.perf_counter()
        assert case_records_job(now=timezone.now(), worker="bench")["records made"] == 1
        made.append(time.perf_counter() - start)
        start = time.perf_counter()
        answer = client.post(f"/escalations/{escalation.reference}/documents/record/pdf/")
        pressed.append(time.perf_counter() - start)
        assert answer.status_code == 302, answer.status_code
        start = time.perf_counter()
        pdf = client.get(answer["Location"])
        fetched.append(time.perf_counter() - start)
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
    waited = [a + b for a, b in zip(pressed, fetched, strict=True)]
    print(f"the worker making it after a change ({REPEAT} changes): {summary(made)}")
    print(f"the button (POST, issues the record made ahead): {summary(pressed)}")
    print(f"the download (GET of the stored bytes): {summary(fetched)}")
    median = statistics.median(waited) * 1000
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(
        f"median {median:.1f} ms for the person, button and download "
        f"(target under {TARGET_MS:.0f} ms: {verdict})"
    )


if __name__ == "__main__":
    workdir = tempfile.mkdtemp(prefix="escalate-bench-")
    try:
        main(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
