"""The worker's repair sweeps look at a slice of the escalations a pass, in order, and go
round: every escalation is looked at once a round, however many there are, and a pass
costs the same at any size."""

from __future__ import annotations

import pytest
from cast import Cast, make_cast
from django.utils import timezone
from test_pages import raise_escalation

from escalate.escalations import sweep
from escalate.escalations.models import Escalation
from escalate.reports.dashboard import dashboard
from escalate.reports.facts import facts_job
from escalate.reports.models import EscalationFacts

pytestmark = pytest.mark.django_db


def raise_some(cast: Cast, count: int) -> list[int]:
    for _ in range(count):
        raise_escalation(cast)
    return list(Escalation.objects.order_by("pk").values_list("pk", flat=True))


def looked_at(size: int) -> list[int]:
    where = sweep.window("test", size).of()
    return list(Escalation.objects.filter(where).order_by("pk").values_list("pk", flat=True))


def test_each_pass_looks_at_the_next_slice_and_goes_round_to_the_start() -> None:
    ids = raise_some(make_cast("brent"), 7)
    assert looked_at(3) == ids[0:3]
    assert looked_at(3) == ids[3:6]
    assert looked_at(3) == [ids[0], ids[1], ids[6]]  # the last, then round to the start
    assert looked_at(3) == ids[2:5]
    assert looked_at(3) == [ids[0], ids[5], ids[6]]


def test_when_there_are_fewer_than_a_slice_every_pass_looks_at_every_one() -> None:
    ids = raise_some(make_cast("brent"), 4)
    for _ in range(3):
        assert looked_at(10) == ids


def test_each_sweep_keeps_its_own_place() -> None:
    ids = raise_some(make_cast("brent"), 4)
    assert looked_at(2) == ids[0:2]
    other = sweep.window("another", 2).of()
    assert (
        list(Escalation.objects.filter(other).values_list("pk", flat=True).order_by("pk"))
        == (ids[0:2])
    )
    assert looked_at(2) == ids[2:4]


def test_the_report_facts_job_repairs_a_slice_a_pass_until_all_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast("brent")
    raise_some(cast, 5)
    EscalationFacts.objects.all().delete()  # lost some other way: the counters still count 5
    monkeypatch.setattr(sweep, "SIZE", 2)
    repaired = [facts_job(now=timezone.now(), worker="w")["facts refreshed"] for _ in range(3)]
    assert repaired == [2, 2, 1]
    assert EscalationFacts.objects.count() == 5
    board = dashboard(cast.partnership)
    assert board.open_total == 5  # counted again from the facts, not twice
    assert facts_job(now=timezone.now(), worker="w")["facts refreshed"] == 0
