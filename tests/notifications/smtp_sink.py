"""Real mail servers on 127.0.0.1 for the worker's fault tests: an aiosmtpd sink that can be
slow or refuse recipients, a port where nothing listens, and a server that never answers."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sink:
    """Counts each message by subject. ``delay`` seconds before answering each message;
    recipients in ``refuse`` get that SMTP reply (e.g. "550 No such user")."""

    def __init__(self, port: int | None = None, delay: float = 0.0) -> None:
        self.port = port or free_port()
        self.delay = delay
        self.refuse: dict[str, str] = {}
        self.subjects: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.controller: Controller | None = None

    async def handle_RCPT(  # noqa: N802
        self, server: object, session: object, envelope: Any, address: str, options: object
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        text = envelope.original_content.decode("utf-8", "replace")
        subject = next(
            (line[9:].strip() for line in text.splitlines() if line.startswith("Subject: ")), ""
        )
        with self._lock:
            self.subjects[subject] += 1
        return "250 OK"

    def start(self) -> Sink:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def received(self) -> int:
        with self._lock:
            return sum(self.subjects.values())

    def wait_for(self, count: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.received() < count:
            assert time.monotonic() < deadline, f"only {self.received()} of {count} arrived"
            time.sleep(0.02)

    def __enter__(self) -> Sink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Silent:
    """Accepts connections and never says a word: a mail server that hangs."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = int(self.listener.getsockname()[1])
        self.held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(conn)

    def __enter__(self) -> Silent:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()
