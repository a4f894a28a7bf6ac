"""``escalate worker`` processes for the fault tests and bench/chaos.py, each writing its
log to a file, pointed at a database and a local SMTP server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from smtp_sink import Sink


class Workers:
    """``escalate worker`` processes, each writing its log to a file."""

    def __init__(
        self, folder: Path, sink: Sink, database_url: str, lease: float = 300, timeout: float = 0.2
    ) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "ESCALATE_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "ESCALATE_SMTP_HOST": "127.0.0.1",
            "ESCALATE_SMTP_PORT": str(sink.port),
            "ESCALATE_SMTP_TIMEOUT": str(timeout),
            "ESCALATE_NOTIFY_LEASE_SECONDS": str(lease),
            "ESCALATE_DATA_DIR": str(folder),
        }
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, count: int) -> None:
        for _ in range(count):
            log = (self.folder / f"worker-{len(self.processes)}.log").open("wb")
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "escalate.cli", "worker", "--interval", "0.1"],
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + 120
        for index in range(len(self.processes)):
            log_file = self.folder / f"worker-{index}.log"
            while "Worker running" not in log_file.read_text(errors="replace"):
                assert self.processes[index].poll() is None, log_file.read_text()
                assert time.monotonic() < deadline, "a worker did not start"
                time.sleep(0.05)

    def kill(self, index: int) -> None:
        """SIGKILL: no clean-up, as when the power goes."""
        self.processes[index].send_signal(signal.SIGKILL)
        self.processes[index].wait(timeout=30)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
