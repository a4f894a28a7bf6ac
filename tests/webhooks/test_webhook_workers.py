"""Webhook deliveries are taken under the same leases as the emails (``escalate.leases``):
two ``escalate worker`` processes sending at once deliver each event exactly once, on
PostgreSQL (rows being claimed are skipped) and on SQLite (claims queue for the write
lock); and a worker whose lease ran out cannot record over the worker that took the row
since."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from escalate import leases
from escalate.partnerships.models import Partnership
from escalate.webhooks import outbox
from escalate.webhooks.models import Delivery, Endpoint, Status

DELIVERIES = 60
ESCALATE = str(Path(sys.executable).parent / "escalate")
ROWS = """
import sys
import django; django.setup()
from django.utils import timezone
from escalate.partnerships.models import Partnership
from escalate.webhooks.models import Delivery, Endpoint
url, count = sys.argv[1], int(sys.argv[2])
partnership = Partnership.objects.create(
    slug="wharfside", name="Wharfside Safeguarding Children Partnership",
    short_name="Wharfside", reference_prefix="WHA")
endpoint = Endpoint.objects.create(
    partnership=partnership, url=url, secret="s" * 40, kinds=[], created_at=timezone.now())
now = timezone.now()
Delivery.objects.bulk_create(
    Delivery(endpoint=endpoint, reference=f"WHA-2026-{i:04d}", event_id=i, kind="note",
             at=now, next_attempt_at=now)
    for i in range(1, count + 1))
"""


class Receiver:
    """A real HTTP server on 127.0.0.1 counting each delivery it is sent, slowly enough that
    both workers find work left to claim."""

    def __init__(self) -> None:
        self.got: Counter[str] = Counter()
        lock = threading.Lock()
        got = self.got

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(0.03)
                with lock:
                    got[self.headers["Escalate-Delivery"]] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.server.shutdown()


def worker_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "ESCALATE_ENV": "development",
        "ESCALATE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
        "ESCALATE_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "escalate.settings",
    }


def two_workers_send(
    tmp_path: Path, env: dict[str, str], make_rows: Callable[[], None], sent: Callable[[], int]
) -> None:
    """Start two workers, and once both are running make the deliveries (so that both find
    them due at once); wait until ``sent()`` says every one went."""
    logs = [tmp_path / f"worker-{n}.log" for n in range(2)]
    files = [log.open("wb") for log in logs]
    workers = [
        subprocess.Popen([ESCALATE, "worker", "--interval", "0.05"], env=env, stdout=f, stderr=f)
        for f in files
    ]
    try:
        deadline = time.monotonic() + 180
        while not all("Worker running" in log.read_text(errors="replace") for log in logs):
            assert all(w.poll() is None for w in workers), [log.read_text() for log in logs]
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.05)
        make_rows()
        while sent() < DELIVERIES:
            assert all(w.poll() is None for w in workers), [log.read_text() for log in logs]
            assert time.monotonic() < deadline, f"only {sent()} of {DELIVERIES} sent"
            time.sleep(0.1)
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=60)
        for f in files:
            f.close()


def assert_each_once(receiver: Receiver) -> None:
    assert len(receiver.got) == DELIVERIES
    assert set(receiver.got.values()) == {1}, [k for k, n in receiver.got.items() if n > 1]


def test_two_workers_on_sqlite_deliver_each_event_exactly_once(
    tmp_path: Path, receiver: Receiver
) -> None:
    database = tmp_path / "escalate.sqlite3"
    env = worker_env(tmp_path, f"sqlite:///{database}")
    subprocess.run([ESCALATE, "migrate"], env=env, check=True, capture_output=True, timeout=600)

    def make_rows() -> None:
        subprocess.run(
            [sys.executable, "-c", ROWS, receiver.url, str(DELIVERIES)],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )

    def sent() -> int:
        with sqlite3.connect(database, timeout=20) as db:
            query = "SELECT count(*) FROM webhooks_delivery WHERE status = 'sent'"
            return int(db.execute(query).fetchone()[0])

    two_workers_send(tmp_path, env, make_rows, sent)
    assert_each_once(receiver)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the workers share a PostgreSQL database (CI)"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_deliver_each_event_exactly_once(
    tmp_path: Path, receiver: Receiver
) -> None:
    db = connection.settings_dict
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    url = f"postgres://{db.get('USER') or 'postgres'}@{host}/{db['NAME']}"
    partnership = Partnership.objects.create(
        slug="wharfside",
        name="Wharfside Safeguarding Children Partnership",
        short_name="Wharfside",
        reference_prefix="WHA",
    )
    endpoint = Endpoint.objects.create(
        partnership=partnership, url=receiver.url, secret="s" * 40, created_at=timezone.now()
    )

    def make_rows() -> None:
        now = timezone.now()
        Delivery.objects.bulk_create(
            Delivery(
                endpoint=endpoint,
                reference=f"WHA-2026-{i:04d}",
                event_id=i,
                kind="note",
                at=now,
                next_attempt_at=now,
            )
            for i in range(1, DELIVERIES + 1)
        )

    two_workers_send(
        tmp_path,
        worker_env(tmp_path, url),
        make_rows,
        lambda: Delivery.objects.filter(status=Status.SENT).count(),
    )
    assert_each_once(receiver)


@pytest.mark.django_db
def test_a_worker_whose_lease_ran_out_cannot_record_over_the_one_that_took_it(
    receiver: Receiver,
) -> None:
    partnership = Partnership.objects.create(
        slug="wharfside",
        name="Wharfside Safeguarding Children Partnership",
        short_name="Wharfside",
        reference_prefix="WHA",
    )
    endpoint = Endpoint.objects.create(
        partnership=partnership, url=receiver.url, secret="s" * 40, created_at=timezone.now()
    )
    now = timezone.now()
    Delivery.objects.create(
        endpoint=endpoint,
        reference="WHA-2026-0001",
        event_id=1,
        kind="note",
        at=now,
        next_attempt_at=now,
    )
    claimed = outbox._claim("paused", now)
    assert claimed is not None
    delivery, paused = claimed
    assert outbox._claim("other", now) is None  # held: nobody else takes it
    Delivery.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    assert outbox.webhooks_job(now=now, worker="other")["sent"] == 1  # the lease ran out
    late = leases.finish(Delivery, paused, delivery.pk, status=Status.PENDING, attempts=9)
    assert late is False
    assert Delivery.objects.get().status == Status.SENT
    assert Delivery.objects.get().attempts == 1
    assert sum(receiver.got.values()) == 1
