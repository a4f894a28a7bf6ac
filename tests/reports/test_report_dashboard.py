"""The officers' dashboard: open escalations by stage and age, overdue first, the month by
month trend, and the agencies that raise few escalations."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import make_cast
from ladder import act, raise_one, signed_in

from escalate.partnerships.models import Agency
from escalate.policy.engine import calendar_for
from escalate.reports.dashboard import AGES, dashboard, twelve_months
from escalate.reports.facts import facts_refresh_stale

pytestmark = pytest.mark.django_db


def test_dashboard_figures() -> None:
    cast = make_cast("brent")
    police = Agency.objects.create(partnership=cast.partnership, name="Police", kind="police")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    fresh = raise_one(cast, now=now - dt.timedelta(hours=1))
    late = raise_one(cast, now=now - dt.timedelta(days=40))
    act(late, cast.raiser, "escalate", now - dt.timedelta(days=39))
    middling = raise_one(cast, now=now - dt.timedelta(days=9), categories=["communication"])
    done = raise_one(cast, now=now - dt.timedelta(days=3))
    act(done, cast.raiser, "resolve", now - dt.timedelta(days=2))
    from_health = raise_one(
        cast, now=now - dt.timedelta(days=2), raiser=cast.outsider, receiving=cast.school
    )
    assert facts_refresh_stale(partnership=cast.partnership) == 0
    board = dashboard(cast.partnership)

    assert board.open_total == 4
    assert board.overdue_total == 2  # the one-week cap has passed for both
    assert [row.reference for row in board.rows][:2] == [late.reference, middling.reference]
    assert [row.overdue for row in board.rows] == [True, True, False, False]
    assert {row.reference for row in board.rows} == {
        fresh.reference,
        late.reference,
        middling.reference,
        from_health.reference,
    }
    calendar = calendar_for(cast.partnership.policy_in_force(now.date()).policy)
    bands = [0, 0, 0, 0]
    for escalation in (fresh, middling, from_health):
        age = calendar.working_days_between(escalation.raised_at, now)
        bands[sum(age >= limit for limit in AGES)] += 1
    stage_one, stage_two = board.by_stage.rows[0], board.by_stage.rows[1]
    assert stage_one[1:] == [*bands, 3, 1]
    assert stage_two[1:] == [0, 0, 0, 1, 1, 1]
    assert board.rows[0].age == calendar.working_days_between(late.raised_at, now)

    agencies = {row[0]: row for row in board.agencies.rows}
    assert agencies["Oakfield Primary School"][2:] == [4, 1, ""]
    assert agencies["Community Health"][2:] == [1, 0, ""]
    assert agencies["Children's Social Care"][2:] == [0, 4, "Raises few"]
    assert agencies["Police"][2:] == [0, 0, "Raises few"]
    assert board.agencies.rows[0][2] == 0  # fewest first
    assert police.pk

    months = board.months.rows
    assert len(months) == 12
    assert sum(int(r[1] or 0) for r in months) == 5
    assert sum(int(r[2] or 0) for r in months) == 1
    assert twelve_months(dt.date(2026, 3, 15)).start == dt.date(2025, 4, 1)
    assert twelve_months(dt.date(2026, 12, 1)).start == dt.date(2026, 1, 1)

    page = signed_in(cast.chair).get("/partnership/dashboard/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index(late.reference) < text.index(fresh.reference)
    assert "Raises few" in text
    assert "Ava" not in text
