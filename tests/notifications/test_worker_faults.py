"""Real worker processes on PostgreSQL against a real SMTP sink: exactly once with a mail
server slower than the lease, with four workers, and with a worker killed mid-batch.

Each test is bounded: the lease is 6 seconds, SMTP steps time out after 0.6 seconds, and
every wait has a deadline."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cast import make_cast
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from outbox_rows import due_emails, quiet_escalation
from smtp_sink import Sink
from worker_processes import Workers

from escalate.notifications.models import Channel, Delivery, Notification
from escalate.notifications.sending import send

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="worker processes share a PostgreSQL database (CI runs it)",
    ),
    pytest.mark.django_db(transaction=True),
]
LEASE = 6.0  # and SMTP steps time out after 0.6 s, a tenth of it


def database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{user}@{host}/{db['NAME']}"


@pytest.fixture
def sink() -> Iterator[Sink]:
    with Sink() as running:
        yield running


@pytest.fixture
def workers(tmp_path: Path, sink: Sink) -> Iterator[Workers]:
    running = Workers(tmp_path, sink, database_url(), lease=LEASE, timeout=LEASE / 10)
    yield running
    running.stop()


def wait_until_sent(count: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    emails = Notification.objects.filter(channel=Channel.EMAIL, status=Delivery.SENT)
    while emails.count() < count:
        assert time.monotonic() < deadline, f"only {emails.count()} of {count} sent"
        time.sleep(0.1)


def test_two_workers_and_a_mail_server_slower_than_the_lease_send_each_once(
    sink: Sink, workers: Workers
) -> None:
    cast = make_cast("brent")
    escalation = quiet_escalation(cast, timezone.now())
    sink.delay = 0.25  # 36 messages: 9 s, half as long again as the lease
    workers.start(2)
    subjects = due_emails(cast, 36, timezone.now(), escalation)
    wait_until_sent(36, 90)
    assert sorted(sink.subjects) == sorted(subjects)
    assert set(sink.subjects.values()) == {1}


def test_four_workers_send_each_email_exactly_once(sink: Sink, workers: Workers) -> None:
    cast = make_cast("brent")
    escalation = quiet_escalation(cast, timezone.now())
    sink.delay = 0.005  # so that every worker's pass finds work left to claim
    workers.start(4)
    subjects = due_emails(cast, 400, timezone.now(), escalation)
    wait_until_sent(400, 90)
    assert sorted(sink.subjects) == sorted(subjects)
    assert set(sink.subjects.values()) == {1}


def test_a_worker_killed_mid_batch_duplicates_at_most_the_one_in_flight(
    sink: Sink, workers: Workers
) -> None:
    cast = make_cast("brent")
    escalation = quiet_escalation(cast, timezone.now())
    sink.delay = 0.05
    workers.start(1)
    subjects = due_emails(cast, 60, timezone.now(), escalation)
    sink.wait_for(10, 60)
    workers.processes[0].send_signal(signal.SIGKILL)
    workers.processes[0].wait(timeout=30)
    killed_at = time.monotonic()
    sink.delay = 0.0
    # Another worker takes over what the dead one held once its lease has run out.
    counts: dict[str, int] = {}
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=sink.port,
        EMAIL_TIMEOUT=LEASE / 10,
        NOTIFY_LEASE_SECONDS=LEASE,
    ):
        while Notification.objects.exclude(status=Delivery.SENT).exists():
            assert time.monotonic() - killed_at < 30, "the dead worker's emails were never sent"
            send(timezone.now(), counts, "survivor")
            time.sleep(0.1)
    assert sorted(set(sink.subjects)) == sorted(subjects)  # nothing lost
    duplicated = sum(n - 1 for n in sink.subjects.values())
    assert duplicated <= 1
