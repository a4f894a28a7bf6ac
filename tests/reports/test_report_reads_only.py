"""Requests read; the writer and the worker write: when the writer could not count an
escalation's change, opening the dashboard or the Board report (page, CSV, PDF) writes no
report facts, says how many are not counted yet, and the worker's pass brings them up to
date; facts lost some other way are found and counted again by the worker too."""

from __future__ import annotations

import re

import pytest
from cast import CHILD, make_cast
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.reports import facts
from escalate.reports.dashboard import dashboard
from escalate.reports.facts import facts_behind, facts_job
from escalate.reports.models import EscalationFacts

pytestmark = pytest.mark.django_db
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b.*\breports_", re.I | re.S)


def test_report_pages_write_no_facts_and_say_how_many_are_not_counted_yet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast("brent")

    def broken(*args: object) -> None:
        raise RuntimeError("the reports cannot be counted")

    monkeypatch.setattr(facts, "_refresh", broken)
    for _ in range(3):
        escalation_raise(
            raiser=cast.raiser,
            receiving_agency=cast.social_care,
            categories=["thresholds"],
            disagreement="A disagreement.",
            outcome_wanted="An outcome.",
            immediate_risk=False,
            now=timezone.now(),
            **CHILD,  # type: ignore[arg-type]
        )
    monkeypatch.undo()
    assert Escalation.objects.count() == 3  # the events stand
    assert EscalationFacts.objects.count() == 0
    assert facts_behind(cast.partnership) == 3
    client = Client()
    client.force_login(cast.officer)
    year = timezone.now().year
    period = f"start_day=1&start_month=1&start_year={year}&end_day=31&end_month=12&end_year={year}"
    for path in (
        "/partnership/dashboard/",
        f"/partnership/report/?{period}",
        f"/partnership/report/pdf/?{period}",
    ):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(path)
        assert answer.status_code == 200, path
        written = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
        assert written == [], path
        if "pdf" not in path:
            assert b"3 escalations that changed recently are not counted" in answer.content
    assert EscalationFacts.objects.count() == 0
    assert facts_job(now=timezone.now(), worker="w")["facts refreshed"] == 3
    assert facts_behind(cast.partnership) == 0
    answer = client.get("/partnership/dashboard/")
    assert b"not counted" not in answer.content


def test_facts_lost_some_other_way_are_found_and_counted_again_by_the_worker() -> None:
    cast = make_cast("brent")
    for _ in range(2):
        escalation_raise(
            raiser=cast.raiser,
            receiving_agency=cast.social_care,
            categories=["thresholds"],
            disagreement="A disagreement.",
            outcome_wanted="An outcome.",
            immediate_risk=False,
            now=timezone.now(),
            **CHILD,  # type: ignore[arg-type]
        )
    assert dashboard(cast.partnership).open_total == 2
    EscalationFacts.objects.all().delete()  # the counters still count them
    assert facts_job(now=timezone.now(), worker="w")["facts refreshed"] == 2
    assert EscalationFacts.objects.count() == 2
    board = dashboard(cast.partnership)
    assert board.open_total == 2  # counted again from the facts, not twice
    assert sum(int(r[1] or 0) for r in board.months.rows) == 2
