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
from escalate.escalations.services import escalation_raise
from escalate.notifications.worker import run_pass
from escalate.partnerships.models import PolicyVersion
from escalate.policy.clock import LONDON


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
    time.sleep(3)  # several passes, each failing on the missing tables
    assert worker.poll() is None, "the worker must keep going, not crash"
    worker.send_signal(signal.SIGTERM)
    out, err = worker.communicate(timeout=20)
    assert worker.returncode == 0, err
    assert "Worker stopped" in out
    assert "Worker pass failed" in err


@pytest.mark.django_db
def test_one_bad_escalation_does_not_stop_the_others() -> None:
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
    report = run_pass(now=dt.datetime(2026, 3, 9, 17, 1, tzinfo=LONDON))
    assert report.scanned == 2
    assert report.errors  # said, with the reference, for the broken one only
    assert all(raised[0].reference in error for error in report.errors)
    assert Escalation.objects.get(pk=raised[1].pk).overdue_alerted_for is not None
