"""The dashboard reads counters the writer keeps, not a row per escalation: its figures are
what the escalations say, the counters move in the transaction that records each event, and
counting them again from the facts (the repair path, the migration) gives the same rows."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from cast import Cast, make_cast
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ladder import act, raise_one, signed_in

from escalate.escalations.models import Escalation
from escalate.escalations.services import escalation_dispute
from escalate.policy.engine import calendar_for
from escalate.reports import counts
from escalate.reports.dashboard import AGES, dashboard
from escalate.reports.models import MonthCount, OpenCount, StageCount

pytestmark = pytest.mark.django_db
PER_ESCALATION = re.compile(
    r'FROM "(escalations_escalation|reports_escalationfacts|reports_stagefact|'
    r'reports_categoryfact)"'
)


def snapshot(cast: Cast) -> dict[str, Any]:
    """Every counter row of the partnership that counts something."""
    p = cast.partnership
    return {
        "stage": sorted(
            StageCount.objects.filter(partnership=p)
            .exclude(open=0, dated=0)
            .values_list("stage", "open", "dated")
        ),
        "open": sorted(
            OpenCount.objects.filter(partnership=p)
            .exclude(n=0)
            .values_list("stage", "kind", "at", "n")
        ),
        "month": sorted(
            MonthCount.objects.filter(partnership=p)
            .exclude(raised=0, received=0, resolved=0)
            .values_list("month", "agency_id", "raised", "received", "resolved")
        ),
    }


def busy(cast: Cast, now: dt.datetime) -> list[Escalation]:
    """Escalations in every state: new, old and overdue, escalated, resolved then disputed
    (open again), resolved, withdrawn, raised by another agency."""
    fresh = raise_one(cast, now=now - dt.timedelta(hours=1))
    late = raise_one(cast, now=now - dt.timedelta(days=40))
    act(late, cast.raiser, "escalate", now - dt.timedelta(days=39))
    middling = raise_one(cast, now=now - dt.timedelta(days=9), categories=["communication"])
    done = raise_one(cast, now=now - dt.timedelta(days=3))
    act(done, cast.raiser, "resolve", now - dt.timedelta(days=2))
    reopened = raise_one(cast, now=now - dt.timedelta(days=20))
    act(reopened, cast.raiser, "resolve", now - dt.timedelta(days=19))
    reopened.refresh_from_db()
    escalation_dispute(
        escalation=reopened,
        actor=cast.raiser,
        expected_version=reopened.version,
        text="We did not agree to this.",
        now=now - dt.timedelta(days=18),
    )
    gone = raise_one(cast, now=now - dt.timedelta(days=70))
    act(gone, cast.raiser, "withdraw", now - dt.timedelta(days=60))
    health = raise_one(
        cast, now=now - dt.timedelta(days=2), raiser=cast.outsider, receiving=cast.school
    )
    return [fresh, late, middling, done, reopened, gone, health]


def test_the_dashboard_reads_no_row_per_escalation_but_its_page() -> None:
    cast = make_cast("brent")
    now = timezone.now()
    busy(cast, now)
    client = signed_in(cast.officer)
    client.get("/partnership/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/partnership/dashboard/")
    assert page.status_code == 200
    per_escalation = [q["sql"] for q in queries.captured_queries if PER_ESCALATION.search(q["sql"])]
    # Only the page of open escalations itself (25 at most) reads escalations.
    assert len(per_escalation) == 1, per_escalation
    assert "LIMIT 25" in per_escalation[0]
    assert "GROUP BY" not in per_escalation[0]


def test_the_counters_give_what_the_escalations_say() -> None:
    cast = make_cast("brent")
    now = timezone.now()
    busy(cast, now)
    board = dashboard(cast.partnership)
    open_ = list(Escalation.objects.filter(partnership=cast.partnership, status="open"))
    calendar = calendar_for(cast.partnership.policy_in_force(now.date()).policy)
    expected: dict[str, list[int]] = {}
    for e in open_:
        row = expected.setdefault(e.current_stage, [0, 0, 0, 0, 0, 0])
        age = calendar.working_days_between(e.raised_at, now)
        row[sum(age >= limit for limit in AGES)] += 1
        row[4] += 1
        row[5] += e.next_deadline is not None and e.next_deadline < now
    policy = cast.partnership.policy_in_force(now.date()).policy
    titles = {stage.key: stage.title for stage in policy.stages}
    shown = {row[0]: row[1:] for row in board.by_stage.rows}
    for stage, row in expected.items():
        assert shown[titles[stage]] == row, stage
    assert board.open_total == len(open_) == 5
    assert board.overdue_total == sum(r[5] for r in expected.values()) >= 2
    raised_this_year = Escalation.objects.filter(partnership=cast.partnership)
    assert sum(int(r[1] or 0) for r in board.months.rows) == raised_this_year.count()
    assert sum(int(r[2] or 0) for r in board.months.rows) == 1  # the disputed one reopened
    agencies = {row[0]: row[2:4] for row in board.agencies.rows}
    assert agencies["Oakfield Primary School"] == [6, 1]
    assert agencies["Community Health"] == [1, 0]
    assert agencies["Children's Social Care"] == [0, 6]


def test_counting_again_from_the_facts_gives_the_same_counters() -> None:
    cast = make_cast("brent")
    busy(cast, timezone.now())
    kept = snapshot(cast)
    assert all(kept.values())
    counts.rebuild(cast.partnership.pk)
    assert snapshot(cast) == kept


def test_a_deadline_passing_makes_an_escalation_overdue_without_a_write() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast, now=timezone.now() - dt.timedelta(hours=1))
    deadline = Escalation.objects.get(pk=escalation.pk).next_deadline
    assert deadline is not None
    stage = escalation.current_stage
    cutoffs = [timezone.now() - dt.timedelta(days=d) for d in (7, 14, 28)]
    before = counts.open_by_stage(cast.partnership.pk, cutoffs, deadline)
    at_it = counts.open_by_stage(cast.partnership.pk, cutoffs, deadline + dt.timedelta(0, 0, 1))
    assert (before[stage].overdue, at_it[stage].overdue) == (0, 1)
    assert before[stage].total == at_it[stage].total == 1
