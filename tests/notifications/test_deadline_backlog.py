"""The deadline scan with a backlog larger than its batch, over a weekend: every escalation
past its deadline is alerted once, nothing that must wait for Monday is read again and
again, and on Monday morning every one is reminded once. (bench/chaos.py runs it with
10,000 escalations.)"""

from __future__ import annotations

import datetime as dt

import pytest
from cast import make_cast
from outbox_rows import one_escalation
from timescales import with_timescales_unstated

from escalate.escalations.models import Escalation
from escalate.notifications import deadlines
from escalate.notifications.models import Channel, Notification
from escalate.policy.clock import LONDON
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db
COUNT = 60
RAISED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)  # a Monday


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


def per_escalation(prefix: str) -> set[int]:
    """How many escalations have emails whose key starts with ``prefix``, as a set of counts
    of distinct keys each (so {1} means every one had exactly one such message)."""
    rows = Notification.objects.filter(channel=Channel.EMAIL, key__startswith=prefix)
    keys: dict[int, set[str]] = {}
    for escalation_id, key in rows.values_list("escalation_id", "key"):
        keys.setdefault(escalation_id, set()).add(key)
    return {len(k) for k in keys.values()} | ({0} if len(keys) < COUNT else set())


def test_a_weekend_backlog_is_alerted_once_and_not_rescanned_until_monday(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(deadlines, "SCAN_BATCH", 25)  # the backlog is more than two batches
    cast = make_cast("brent")
    with_timescales_unstated(cast.partnership, "brent")  # alerted, not reminders only
    for _ in range(COUNT):
        one_escalation(cast, RAISED)
    open_ones = Escalation.objects.filter(status="open")
    assert open_ones.count() == COUNT
    assert {e.next_deadline for e in open_ones} == {at(9, 17)}  # all past by the weekend

    saturday = run_pass(now=at(14, 10))
    assert saturday.scanned == COUNT  # every one reached, though the batch is 25
    assert per_escalation("overdue:") == {1}
    for now in (at(14, 10, 30), at(14, 16), at(15, 12), at(16, 8, 30)):  # to Monday 08:30
        assert run_pass(now=now).scanned == 0, now
    monday = run_pass(now=at(16, 9, 1))
    assert monday.scanned == COUNT
    assert per_escalation("reminder:2026-03-16") == {1}
    assert run_pass(now=at(16, 10)).scanned == 0
    assert per_escalation("overdue:") == {1}  # still alerted once
