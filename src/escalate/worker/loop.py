"""One pass of every job, and the loop that repeats it until told to stop."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import close_old_connections
from django.utils import timezone

from escalate.worker.jobs import JOBS, Job

log = logging.getLogger(__name__)


@dataclass
class PassReport:
    """What one pass did: counts added up over the jobs, and the jobs that failed."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def scanned(self) -> int:
        return self.counts["scanned"]

    @property
    def enqueued(self) -> int:
        return self.counts["enqueued"]

    @property
    def sent(self) -> int:
        return self.counts["sent"]

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    @property
    def busy(self) -> bool:
        return any(value for key, value in self.counts.items() if key != "scanned")

    def summary(self) -> str:
        """Like "scanned 3, enqueued 12, sent 12, failed 0", then any other counts."""
        main = ("scanned", "enqueued", "sent", "failed")
        parts = [f"{key} {self.counts[key]}" for key in main]
        parts += [f"{key} {n}" for key, n in sorted(self.counts.items()) if key not in main and n]
        return ", ".join(parts)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def run_pass(
    now: dt.datetime | None = None, me: str | None = None, jobs: Sequence[Job] = JOBS
) -> PassReport:
    """Run each job once. A job that raises is logged and reported; the rest still run."""
    now = now or timezone.now()
    me = me or worker_id()
    report = PassReport()
    for job in jobs:
        try:
            report.counts.update(job.run(now=now, worker=me))
        except Exception as error:  # One job failing must not stop the others.
            log.exception("The %s job failed", job.name)
            report.errors.append(f"{job.name}: {type(error).__name__}: {error}")
    return report


class Stopper:
    """Stops the loop cleanly on SIGTERM or SIGINT, after the message in hand."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.event.set())


def run_forever(interval: float, stopper: Stopper) -> None:
    while not stopper.event.is_set():
        close_old_connections()  # a connection the database dropped is opened again
        try:
            report = run_pass()
        except Exception:  # The database may be away; wait and try again, never crash-loop.
            log.exception("Worker pass failed; trying again in %s seconds", interval)
        else:
            if report.busy:
                log.info("%s", report.summary())
            if report.errors:
                log.warning("Worker pass failed in part; trying again in %s seconds", interval)
        stopper.event.wait(interval)
