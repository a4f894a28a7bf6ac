"""The dashboard's overdue figure reads the deadlines still to come as one counter row a
stage for each day after today, and today's by the moment: however the open escalations'
deadlines are spread, it reads a row a day, not a row an escalation, and an escalation is
overdue from the first microsecond after its deadline, across midnight and clock changes."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from cast import Cast, make_cast

from escalate.policy.clock import LONDON
from escalate.reports import counts
from escalate.reports.models import EscalationFacts, OpenCount

pytestmark = pytest.mark.django_db
MICRO = dt.timedelta(microseconds=1)


def facts(cast: Cast, deadline: dt.datetime, stage: str = "stage-1") -> EscalationFacts:
    """What an open escalation at ``stage`` with that next deadline adds to the counters."""
    return EscalationFacts(
        partnership_id=cast.partnership.pk,
        raised_at=deadline - dt.timedelta(days=3),
        raising_agency_id=cast.raiser.agency_id,
        receiving_agency_id=cast.raiser.agency_id,
        status="open",
        stage_reached=stage,
        next_deadline=deadline,
    )


def keep(cast: Cast, *deadlines: dt.datetime, stage: str = "stage-1") -> None:
    for deadline in deadlines:
        counts.apply(None, facts(cast, deadline, stage))


def overdue(cast: Cast, now: dt.datetime, stage: str = "stage-1") -> int:
    return counts.open_by_stage(cast.partnership.pk, [now - dt.timedelta(days=7)], now)[
        stage
    ].overdue


def test_a_deadline_at_midnight_is_passed_only_after_midnight() -> None:
    cast = make_cast("brent")
    midnight = dt.datetime(2026, 12, 3, 0, 0, tzinfo=LONDON)
    keep(cast, midnight)
    assert overdue(cast, midnight - MICRO) == 0  # the day before: counted by the day's row
    assert overdue(cast, midnight) == 0  # at the deadline: not passed
    assert overdue(cast, midnight + MICRO) == 1


def test_deadlines_earlier_today_are_overdue_and_later_today_are_not() -> None:
    cast = make_cast("brent")
    morning = dt.datetime(2026, 12, 2, 9, 30, tzinfo=LONDON)
    evening = dt.datetime(2026, 12, 2, 17, 0, tzinfo=LONDON)
    tomorrow = dt.datetime(2026, 12, 3, 17, 0, tzinfo=LONDON)
    keep(cast, morning, evening, tomorrow)
    noon = dt.datetime(2026, 12, 2, 12, 0, tzinfo=LONDON)
    assert overdue(cast, noon) == 1
    assert overdue(cast, evening) == 1
    assert overdue(cast, evening + MICRO) == 2
    assert overdue(cast, tomorrow + MICRO) == 3


@pytest.mark.parametrize(
    ("last_day", "deadline"),
    [
        # The day the clocks go forward has 23 hours, the day they go back 25.
        (dt.date(2026, 3, 28), dt.datetime(2026, 3, 29, 23, 30, tzinfo=LONDON)),
        (dt.date(2026, 10, 24), dt.datetime(2026, 10, 25, 23, 30, tzinfo=LONDON)),
    ],
)
def test_a_deadline_late_on_a_clock_change_day(last_day: dt.date, deadline: dt.datetime) -> None:
    cast = make_cast("brent")
    keep(cast, deadline)
    late_before = dt.datetime.combine(last_day, dt.time(23, 59), LONDON)
    assert overdue(cast, late_before) == 0
    assert overdue(cast, deadline) == 0
    assert overdue(cast, deadline + MICRO) == 1


def test_the_rows_read_are_a_row_a_day_however_many_deadlines() -> None:
    cast = make_cast("brent")
    now = dt.datetime(2026, 12, 2, 12, 0, tzinfo=LONDON)
    spread = [
        now + dt.timedelta(days=day, minutes=7 * n)
        for day in range(1, 11)  # ten days after today...
        for n in range(30)  # ...thirty deadlines at thirty moments each
    ]
    keep(cast, *spread)
    keep(cast, *(now + dt.timedelta(minutes=m) for m in (10, 20, 30)))  # three later today
    keep(cast, *(now - dt.timedelta(hours=h) for h in (1, 2)))  # two passed this morning
    read = OpenCount.objects.filter(partnership=cast.partnership).filter(counts.due_rows(now))
    assert read.count() <= 11 + 3  # a row for each day after today, today's by the moment
    assert sum(read.values_list("n", flat=True)) == len(spread) + 3
    assert overdue(cast, now) == 2


def test_the_writer_keeps_a_row_for_each_deadline_day() -> None:
    cast = make_cast("brent")
    now = dt.datetime(2026, 12, 2, 12, 0, tzinfo=LONDON)
    keep(cast, now + dt.timedelta(days=1), now + dt.timedelta(days=1, hours=2), now)
    kept = sorted(
        OpenCount.objects.filter(partnership=cast.partnership, kind="due-day")
        .exclude(n=0)
        .values_list("stage", "at", "n")
    )
    assert [n for _, _, n in kept] == [1, 2]
    assert kept[1][1] == dt.datetime(2026, 12, 3, 0, 0, tzinfo=LONDON)


def test_the_migration_counts_the_deadline_days_of_what_is_stored() -> None:
    from django.apps import apps
    from ladder import raise_one

    cast = make_cast("brent")
    now = dt.datetime.now(dt.UTC)
    raise_one(cast, now=now - dt.timedelta(days=1))
    raise_one(cast, now=now - dt.timedelta(days=2))
    days = OpenCount.objects.filter(partnership=cast.partnership, kind="due-day").exclude(n=0)
    kept = sorted(days.values_list("stage", "at", "n"))
    assert sum(n for _, _, n in kept) == 2
    days.delete()
    migration = importlib.import_module("escalate.reports.migrations.0007_dashboard_due_by_day")
    migration.count_deadline_days(apps, None)
    assert sorted(days.values_list("stage", "at", "n")) == kept
