"""The worker as a process: it stops cleanly on SIGTERM, and nothing bad stops it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cast import CHILD, make_cast

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.partnerships.models import PolicyVersion
from escalate.policy.clock import LONDON
from escalate.reports.models import EscalationFacts
from escalate.worker.jobs import Job
from escalate.worker.loop import run_pass


def test_the_worker_stops_cleanly_on_sigterm_even_when_the_database_is_not_ready(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "ESCALATE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'not-migrated.sqlite3'}",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "escalate.cli", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait for two failed passes (not a fixed sleep: a loaded machine starts Python slowly),
    # so the signal arrives once the worker is running its loop.
    assert worker.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 120
    while sum("Worker pass failed" in line for line in seen) < 2:
        assert time.monotonic() < deadline, "the worker never reported a failed pass"
        line = worker.stderr.readline()
        assert line or worker.poll() is None, "the worker must keep going, not crash"
        seen.append(line)
    assert worker.poll() is None, "the worker must keep going, not crash"
    worker.send_signal(signal.SIGTERM)
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, "".join(seen) + err
    assert "Worker stopped" in err


@pytest.mark.django_db
def test_one_bad_escalation_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    cast = make_cast("brent")
    now = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
    raised = [
        escalation_raise(
            raiser=cast.raiser,
            receiving_agency=cast.social_care,
            categories=["thresholds"],
            disagreement="A disagreement.",
            outcome_wanted="An outcome.",
            immediate_risk=False,
            now=now,
            **CHILD,  # type: ignore[arg-type]
        )
        for _ in range(2)
    ]
    # Break the first one's policy so working out its notifications fails.
    broken = PolicyVersion.objects.create(
        partnership=cast.partnership, version="broken", effective_date=now.date(), text="id: ["
    )
    Escalation.objects.filter(pk=raised[0].pk).update(policy_version=broken)
    EscalationFacts.objects.filter(escalation=raised[0]).delete()  # for the facts job to redo
    report = run_pass(now=dt.datetime(2026, 3, 9, 17, 1, tzinfo=LONDON))
    assert report.scanned == 2
    # Logged, with the reference, for the broken one only: by the deadline job, the report
    # facts job and the case records job; the other jobs and the pass go on.
    assert report.counts["errors"] == 3
    assert not report.errors
    assert raised[0].reference in caplog.text
    assert raised[1].reference not in caplog.text
    assert Escalation.objects.get(pk=raised[1].pk).overdue_alerted_for is not None


def test_a_job_that_fails_does_not_stop_the_jobs_after_it() -> None:
    ran: list[str] = []

    def broken(*, now: dt.datetime, worker: str) -> dict[str, int]:
        ran.append("broken")
        raise RuntimeError("the database went away")

    def fine(*, now: dt.datetime, worker: str) -> dict[str, int]:
        ran.append(worker)
        return {"sent": 3}

    report = run_pass(me="w1", jobs=[Job("broken", broken), Job("fine", fine)])
    assert ran == ["broken", "w1"]
    assert report.sent == 3
    assert report.errors == ["broken: RuntimeError: the database went away"]
    assert report.summary() == "scanned 0, enqueued 0, sent 3, failed 0"


def test_worker_once_runs_every_job_and_says_what_it_did(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "ESCALATE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    escalate = [sys.executable, "-m", "escalate.cli"]
    subprocess.run([*escalate, "manage", "migrate", "-v0"], env=env, check=True, timeout=120)
    done = subprocess.run(
        [*escalate, "worker", "--once"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "scanned 0, enqueued 0, sent 0, failed 0"
    assert "failed" not in done.stderr
