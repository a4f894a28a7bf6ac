"""Sending through real ``escalate worker`` processes to a local SMTP sink (aiosmtpd on a
free port), with 1, 2 and 4 workers side by side. Target: 300 emails a second or more per
worker, each email received exactly once. Needs PostgreSQL (see bench/_setup.py).

    .venv/bin/python bench/smtp_send.py [--count 3000] [--workers 1,2,4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "web"))
sys.path.insert(0, str(ROOT / "tests" / "notifications"))

from _setup import URL, fresh_database  # noqa: E402

TARGET_PER_WORKER = 300


def run(count: int, workers: int) -> tuple[float, int, int]:
    """Seconds from the emails being due to the last one sent; duplicated; lost."""
    from django.utils import timezone
    from outbox_rows import due_emails, quiet_escalation
    from smtp_sink import Sink
    from worker_processes import Workers

    from escalate.notifications.models import Channel, Delivery, Notification

    with Sink() as sink, tempfile.TemporaryDirectory() as folder:
        processes = Workers(Path(folder), sink, URL)
        processes.start(workers)
        try:
            escalation = quiet_escalation(_cast(), timezone.now())
            subjects = due_emails(_cast(), count, timezone.now(), escalation)
            started = time.monotonic()
            sent = Notification.objects.filter(channel=Channel.EMAIL, status=Delivery.SENT)
            while sent.count() < count:
                time.sleep(0.02)
            elapsed = time.monotonic() - started
            sink.wait_for(count, 30)
        finally:
            processes.stop()
        duplicated = sum(n - 1 for n in sink.subjects.values())
        lost = len(set(subjects) - set(sink.subjects))
    return elapsed, duplicated, lost


_CAST: list[Any] = []


def _cast() -> Any:
    """The fixed cast, made once per run."""
    from cast import make_cast

    if not _CAST:
        _CAST.append(make_cast("brent"))
    return _CAST[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--workers", default="1,2,4")
    options = parser.parse_args()
    fresh_database()
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    failed = False
    print(f"{options.count} emails each run, worker processes polling every 0.1 s")
    print("| workers | seconds | emails/s | per worker | duplicated | lost |")
    print("| --- | --- | --- | --- | --- | --- |")
    for workers in (int(n) for n in options.workers.split(",")):
        elapsed, duplicated, lost = run(options.count, workers)
        rate = options.count / elapsed
        print(
            f"| {workers} | {elapsed:.2f} | {rate:.0f} | {rate / workers:.0f} | "
            f"{duplicated} | {lost} |",
            flush=True,
        )
        failed = failed or duplicated > 0 or lost > 0
        if workers == 1 and rate < TARGET_PER_WORKER:
            print(f"  below the target of {TARGET_PER_WORKER} a second for one worker")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
