"""``escalate worker``: run the worker's jobs, in a loop or once (for cron)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from escalate.worker.loop import Stopper, run_forever, run_pass

log = logging.getLogger("escalate.worker")


class Command(BaseCommand):
    help = "Send due notifications, reminders and overdue alerts, and keep report facts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="do one pass and exit")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="seconds between passes (default 30)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            report = run_pass()
            self.stdout.write(report.summary())
            for error in report.errors:
                self.stderr.write(error)
            return
        stopper = Stopper()
        stopper.install()
        # Log events, not bare lines: JSON in production, like every other line the worker writes.
        log.info("Worker running every %g seconds; Ctrl+C stops it", options["interval"])
        run_forever(options["interval"], stopper)
        log.info("Worker stopped")
