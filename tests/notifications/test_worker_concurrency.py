"""On PostgreSQL, workers side by side never send the same message twice."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from cast import CHILD, make_cast
from django.core import mail
from django.db import connection
from django.test import override_settings

from escalate.escalations.raising import escalation_raise
from escalate.notifications.models import Channel, Delivery, Notification
from escalate.notifications.sending import send
from escalate.policy.clock import LONDON

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
SENT: Counter[str] = Counter()
LOCK = threading.Lock()


class CountingBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def send_messages(self, messages: list[mail.EmailMessage]) -> int:
        with LOCK:
            SENT.update(m.subject for m in messages)
        return len(messages)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locking (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="test_worker_concurrency.CountingBackend")
def test_two_workers_over_a_thousand_due_messages_send_each_exactly_once() -> None:
    cast = make_cast("brent")
    escalation = escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        categories=["thresholds"],
        disagreement="A disagreement.",
        outcome_wanted="An outcome.",
        immediate_risk=False,
        now=NOW,
        **CHILD,  # type: ignore[arg-type]
    )
    Notification.objects.all().delete()
    Notification.objects.bulk_create(
        Notification(
            escalation=escalation,
            partnership_id=escalation.partnership_id,
            key=f"reminder:{i}",
            recipient=cast.other,
            channel=Channel.EMAIL,
            subject=f"message {i}",
            body="A reminder.",
            next_attempt_at=NOW,
            created_at=NOW,
        )
        for i in range(1000)
    )
    SENT.clear()
    barrier = threading.Barrier(2)
    reports: list[dict[str, int]] = [{}, {}]

    def work(index: int) -> None:
        try:
            barrier.wait()
            while True:
                before = reports[index].get("sent", 0)
                send(NOW + dt.timedelta(minutes=1), reports[index], f"worker-{index}", limit=50)
                if (
                    reports[index].get("sent", 0) == before
                    and not Notification.objects.filter(status=Delivery.PENDING).exists()
                ):
                    break
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(SENT) == 1000
    assert set(SENT.values()) == {1}
    assert reports[0]["sent"] + reports[1]["sent"] == 1000
    assert reports[0]["sent"] > 0
    assert reports[1]["sent"] > 0
    assert Notification.objects.filter(status=Delivery.SENT).count() == 1000
