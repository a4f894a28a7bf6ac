"""How long one worker pass takes to find what is due, with 1,000,000 escalations of which
10,000 are open. Target: under 50 ms. Needs PostgreSQL (see bench/_setup.py)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))

from _setup import fresh_database, summary, timed

TOTAL = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
OPEN = TOTAL // 100
TARGET_MS = 50.0


def main() -> None:
    fresh_database()
    from cast import make_cast
    from django.db import connection

    from escalate.notifications.deadlines import due_escalation_ids
    from escalate.partnerships.models import PolicyVersion
    from escalate.policy.clock import LONDON

    cast = make_cast("brent")
    version = PolicyVersion.objects.get(partnership=cast.partnership)
    now = dt.datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)
    print(f"Inserting {TOTAL:,} escalations ({OPEN:,} open)...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO escalations_escalation (
                reference, partnership_id, policy_version_id, raised_at, raised_by_id,
                raising_agency_id, receiving_agency_id, receiving_professional_name,
                child_name, child_date_of_birth, child_reference, child_status, need_level,
                parents_carers, categories, disagreement, outcome_wanted, immediate_risk,
                immediate_action, current_stage, status, next_deadline, version)
            SELECT 'BEN-' || n, %(p)s, %(v)s, %(now)s - (n || ' minutes')::interval, %(r)s,
                %(ra)s, %(rc)s, '', 'Bench Child', DATE '2015-01-01', '', 'none', 'not-known',
                '', '["thresholds"]', 'x', 'y', false, '', 'line-manager',
                CASE WHEN n %% 100 = 0 THEN 'open' ELSE 'resolved' END,
                CASE WHEN n %% 100 = 0
                     THEN %(now)s + ((n / 100) %% 40 - 20 || ' hours')::interval END,
                1
            FROM generate_series(1, %(total)s) AS n
            """,
            {
                "p": cast.partnership.pk,
                "v": version.pk,
                "now": now,
                "r": cast.raiser.pk,
                "ra": cast.school.pk,
                "rc": cast.social_care.pk,
                "total": TOTAL,
            },
        )
        cursor.execute("ANALYZE escalations_escalation")
    due = due_escalation_ids(now)
    times = timed(lambda: due_escalation_ids(now), repeat=30)
    print(f"{TOTAL:,} escalations, {OPEN:,} open; one pass finds {len(due)} due (batch of 500)")
    print(f"finding what is due: {summary(times)} (target under {TARGET_MS:.0f} ms)")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM escalations_escalation WHERE status = 'open' "
            "AND next_deadline < %s AND reminded_on IS NULL ORDER BY next_deadline LIMIT 500",
            [now],
        )
        print("plan:", " / ".join(row[0].strip() for row in cursor.fetchall()[:3]))


if __name__ == "__main__":
    main()
