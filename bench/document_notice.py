"""How long it takes to produce an Escalation Notice: its content from the escalation, the
HTML from the template, and the PDF from WeasyPrint. Target: median under 500 ms.

Runs on SQLite in a temporary folder (the database plays no part in what is timed: the time
is WeasyPrint's), so it needs no server:

    .venv/bin/python bench/document_notice.py [REPEAT]     # default 30
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))

from _setup import summary, timed

REPEAT = int(sys.argv[1]) if len(sys.argv) > 1 else 30
TARGET_MS = 500.0
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def main(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["ESCALATE_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalate.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from cast import make_cast

    from escalate.documents.models import DocumentKind
    from escalate.documents.notice import addressees, notice_content
    from escalate.documents.selectors import notices_for
    from escalate.documents.services import document_issue_notice, document_render
    from escalate.escalations.raising import escalation_raise
    from escalate.escalations.services import escalation_act, escalation_state

    cast = make_cast("st-helens")
    escalation = escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        child_name="Bench Child",
        child_date_of_birth=dt.date(2016, 5, 4),
        child_status="child-in-need",
        categories=["level-of-need"],
        disagreement="The referral was closed without a home visit. " * 12,
        outcome_wanted="An assessment is started.",
        immediate_risk=False,
        now=MONDAY,
    )
    for minutes in (1, 2, 3):
        escalation.refresh_from_db()
        escalation_act(
            escalation=escalation,
            actor=cast.raiser,
            action="escalate",
            expected_version=escalation.version,
            text="Not resolved.",
            now=MONDAY + dt.timedelta(minutes=minutes),
        )
    escalation.refresh_from_db()
    now = MONDAY + dt.timedelta(hours=1)

    def produce() -> bytes:
        policy = escalation.policy_version.policy
        state = escalation_state(escalation, now)
        wanted = notices_for(escalation, policy, state)[0]
        content = notice_content(
            escalation=escalation,
            policy=policy,
            stage=wanted.stage,
            due=wanted.due,
            to=addressees(escalation, policy, wanted.stage),
            signer=cast.manager,
            signer_role="Deputy headteacher",
            information=escalation.disagreement,
            now=now,
        )
        return document_render(DocumentKind.ESCALATION_NOTICE, content)

    first = time.perf_counter()
    size = len(produce())
    first_ms = (time.perf_counter() - first) * 1000
    print(f"first notice (loads WeasyPrint and the fonts): {first_ms:.0f} ms")
    times = timed(produce, repeat=REPEAT)
    start = time.perf_counter()
    document_issue_notice(
        escalation=escalation,
        signer=cast.manager,
        stage="safeguarding-leads",
        information=escalation.disagreement,
        signer_role="Deputy headteacher",
        expected_version=escalation.version,
        now=now,
    )
    issued_ms = (time.perf_counter() - start) * 1000
    median = statistics.median(times) * 1000
    print(f"a notice of {size:,} bytes, {REPEAT} times: {summary(times)}")
    print(f"issuing one (render, PDF, store, event, outbox): {issued_ms:.0f} ms")
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(
        f"median {median:.1f} ms to produce a notice (target under {TARGET_MS:.0f} ms: {verdict})"
    )


if __name__ == "__main__":
    workdir = tempfile.mkdtemp(prefix="escalate-bench-")
    try:
        main(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
