"""Query budget of the report's review page: the same number of queries with 5 and with 50
rows behind them (an N+1 fails)."""

from __future__ import annotations

import pytest
from budget import assert_budget
from cast import make_cast
from django.test import Client
from ladder import at, raise_one, signed_in

from escalate.reports.learning import learning_record
from escalate.reports.models import LearningItem

pytestmark = pytest.mark.django_db
QUERY = "start_day=1&start_month=1&start_year=2026&end_day=31&end_month=12&end_year=2026"


def test_the_review_page_keeps_its_budget() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast, now=at(2026, 3, 2))

    def page(n: int) -> tuple[Client, str]:
        while LearningItem.objects.count() < n:
            escalation.refresh_from_db()
            learning_record(
                escalation=escalation,
                actor=cast.raiser,
                kind="lesson",
                text=f"Lesson {LearningItem.objects.count()}.",
                expected_version=escalation.version,
                now=at(2026, 3, 3),
            )
        return signed_in(cast.officer), f"/partnership/report/review/?{QUERY}"

    assert_budget(page, limit=6)  # what it runs now (issue 10): one more fails
