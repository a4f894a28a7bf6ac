"""Sending 1,000 emails to a local SMTP sink through the worker. Target: 100 a second or
more. Needs PostgreSQL (see bench/_setup.py); the sink is aiosmtpd on a free local port."""

from __future__ import annotations

import datetime as dt
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))

from _setup import fresh_database

COUNT = 1000
TARGET_PER_SECOND = 100


class Sink:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        self.received += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    fresh_database()
    from aiosmtpd.controller import Controller
    from cast import make_cast
    from django.conf import settings

    from escalate.escalations.models import Escalation
    from escalate.escalations.services import escalation_raise
    from escalate.notifications.models import Channel, Delivery, Notification
    from escalate.notifications.sending import send
    from escalate.policy.clock import LONDON

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        cast = make_cast("brent")
        now = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
        escalation: Escalation = escalation_raise(
            raiser=cast.raiser,
            receiving_agency=cast.social_care,
            child_name="Bench Child",
            child_date_of_birth=dt.date(2015, 1, 1),
            child_status="none",
            categories=["thresholds"],
            disagreement="x",
            outcome_wanted="y",
            immediate_risk=False,
            now=now,
        )
        Notification.objects.all().delete()
        Notification.objects.bulk_create(
            Notification(
                escalation=escalation,
                key=f"bench:{i}",
                recipient=cast.other,
                channel=Channel.EMAIL,
                subject=f"{escalation.reference}: message {i}",
                body="A reminder.\n" * 10,
                next_attempt_at=now,
                created_at=now,
            )
            for i in range(COUNT)
        )
        report: dict[str, int] = {}
        start = time.perf_counter()
        while Notification.objects.filter(status=Delivery.PENDING).exists():
            send(now + dt.timedelta(minutes=1), report, "bench", limit=200)
        elapsed = time.perf_counter() - start
    finally:
        controller.stop()
    rate = report["sent"] / elapsed
    print(
        f"sent {report['sent']} emails in {elapsed:.2f} s: {rate:.0f} a second "
        f"(target {TARGET_PER_SECOND} or more); the sink received {sink.received}"
    )


if __name__ == "__main__":
    main()
