"""How long the report to the Board takes for one partnership with 25,000, 50,000 and 100,000
escalations raised over five years (the report covers the last year, compared with the year
before). Target: under 2 seconds at 100,000, with the cost growing no faster than the data.
Needs PostgreSQL (see bench/_setup.py); this benchmark's own database is
escalate_bench_board unless BENCH_DATABASE_URL says otherwise.

The rows are written with bulk SQL, as the reports' services would have left them: each
escalation with its stored facts (stage reached, how it ended, working days, each stage's
timescale), categories, panels held with their decisions, and learning with answers.

    .venv/bin/python bench/board_report.py [SIZES...]     # default 25000 50000 100000
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/escalate_bench_board"
)

from _setup import fresh_database, summary, timed

SIZES = [int(a) for a in sys.argv[1:]] or [25_000, 50_000, 100_000]
TARGET_SECONDS = 2.0
YEARS = 5
AGENCIES = [
    ("Police", "police"),
    ("GP practices", "health"),
    ("Hospital trust", "health"),
    ("Health visiting", "health"),
    ("Probation", "probation"),
    ("Housing", "housing"),
    ("Youth service", "voluntary"),
    ("Early help", "local-authority"),
    ("Secondary school", "school"),
]

ESCALATIONS = """
INSERT INTO escalations_escalation (
    reference, partnership_id, policy_version_id, raised_at, raised_by_id, raising_agency_id,
    receiving_agency_id, receiving_professional_name, child_name, child_date_of_birth,
    child_reference, child_status, need_level, parents_carers, categories, disagreement,
    outcome_wanted, immediate_risk, immediate_action, current_stage, status, next_deadline,
    version)
SELECT 'BEN-' || n, %(p)s, %(v)s, raised_at, %(person)s, ag[r + 1],
    ag[(r + 1 + (n / %(k)s) %% (%(k)s - 1)) %% %(k)s + 1], '', 'Bench Child',
    DATE '2015-01-01', '', 'none', 'not-known', '', '[]', 'x', 'y', n %% 10 = 0, '',
    keys[CASE WHEN status = 'decided' THEN 4 ELSE n %% 4 END + 1], status,
    CASE WHEN status = 'open' THEN raised_at + interval '7 days' END, 1
FROM (
    SELECT n, (n * 7) %% %(k)s AS r, %(agencies)s::int[] AS ag, %(keys)s::text[] AS keys,
        raised_at,
        CASE WHEN raised_at > %(now)s - interval '40 days' THEN 'open'
             WHEN n %% 20 = 0 THEN 'withdrawn' WHEN n %% 20 = 1 THEN 'decided'
             ELSE 'resolved' END AS status
    FROM (SELECT n, %(now)s - ((n::bigint * 2654435761) %% %(span)s || ' minutes')::interval
          AS raised_at FROM generate_series(%(first)s, %(last)s) AS n) AS spread
) AS chosen
"""

FACTS = """
INSERT INTO reports_escalationfacts (
    escalation_id, partnership_id, policy_version_id, version, raised_at, raising_agency_id,
    receiving_agency_id, immediate_risk, status, stage_reached, stage_reached_position,
    ended_at, ended_stage, working_days)
SELECT id, partnership_id, policy_version_id, 1, raised_at, raising_agency_id,
    receiving_agency_id, immediate_risk, status, current_stage, position,
    CASE WHEN status <> 'open' THEN raised_at + ((n %% 30) * 1.4 || ' days')::interval END,
    CASE WHEN status <> 'open' THEN current_stage ELSE '' END,
    CASE WHEN status IN ('resolved', 'decided') THEN n %% 30 END
FROM (SELECT e.*, substring(reference from 5)::int AS n,
        array_position(%(keys)s::text[], current_stage::text) - 1 AS position
      FROM escalations_escalation e WHERE e.id > %(after)s) AS e
"""

CATEGORIES = """
INSERT INTO reports_categoryfact (facts_id, partnership_id, raised_at, category)
SELECT f.escalation_id, f.partnership_id, f.raised_at, c.category
FROM reports_escalationfacts f
JOIN LATERAL (
    SELECT (%(categories)s::text[])[(f.escalation_id %% 4) + 1] AS category
    UNION ALL
    SELECT (%(categories)s::text[])[((f.escalation_id + 1) %% 4) + 1]
    WHERE f.escalation_id %% 3 = 0
) AS c ON true
WHERE f.escalation_id > %(after)s
"""

STAGES = """
INSERT INTO reports_stagefact (facts_id, partnership_id, stage, position, started_at, ended_at,
    deadline, met)
SELECT escalation_id, partnership_id, stage, s, started_at, ended, deadline,
    CASE WHEN ended IS NULL OR deadline IS NULL THEN NULL ELSE ended <= deadline END
FROM (
    SELECT f.escalation_id, f.partnership_id, (%(keys)s::text[])[s + 1] AS stage, s,
        f.raised_at + (s || ' days')::interval AS started_at,
        CASE WHEN s < f.stage_reached_position
             THEN f.raised_at + ((s + 1) * (1 + f.escalation_id %% 3) || ' days')::interval
             ELSE f.ended_at END AS ended,
        CASE WHEN s < 4 THEN f.raised_at + interval '7 days' END AS deadline
    FROM reports_escalationfacts f, generate_series(0, f.stage_reached_position) AS s
    WHERE f.escalation_id > %(after)s
) AS visits
"""

EVENTS = """
INSERT INTO escalations_event (escalation_id, sequence, kind, actor_id, at, stage, text, data)
SELECT escalation_id, seq, kind, %(person)s, raised_at + (seq || ' days')::interval, stage_reached,
    '', '{}'
FROM (
    SELECT escalation_id, raised_at, stage_reached, 1 AS seq, 'meeting-convened' AS kind
    FROM reports_escalationfacts WHERE status = 'decided' AND escalation_id > %(after)s
    UNION ALL
    SELECT escalation_id, raised_at, stage_reached, 2, 'learning'
    FROM reports_escalationfacts
    WHERE escalation_id %% 20 = 5 AND status <> 'open' AND escalation_id > %(after)s
) AS wanted
"""

MEETINGS = """
INSERT INTO reports_meeting (escalation_id, partnership_id, stage, kind, name, convened_by_id,
    convened_at, starts_at, place, chair_id, exception_reason, warnings, status, held_at,
    discussion, decision, decided_at, decision_binding, convened_event_id)
SELECT f.escalation_id, f.partnership_id, f.stage_reached, 'panel', 'LSCB Resolution Panel',
    %(person)s, ev.at, f.raised_at + interval '10 days', 'Civic Centre', NULL, '', '[]', 'held',
    f.raised_at + interval '10 days', 'Both agencies were heard.', 'An assessment will start.',
    f.ended_at, true, ev.id
FROM reports_escalationfacts f
JOIN escalations_event ev ON ev.escalation_id = f.escalation_id AND ev.kind = 'meeting-convened'
WHERE f.escalation_id > %(after)s
"""

LEARNING = """
INSERT INTO reports_learningitem (escalation_id, partnership_id, kind, text, queue_key, queue,
    raised_by_id, raised_at, event_id, status, answer, answered_by_id, answered_at)
SELECT ev.escalation_id, %(p)s, (ARRAY['lesson', 'training-need', 'policy-gap'])[k + 1],
    'What the escalation taught.', (ARRAY['learning', 'training', 'chair'])[k + 1],
    (ARRAY['The business manager', 'The training lead', 'The Chair of the LSCB'])[k + 1],
    %(person)s, ev.at, ev.id, CASE WHEN ev.escalation_id %% 2 = 0 THEN 'answered' ELSE 'open' END,
    CASE WHEN ev.escalation_id %% 2 = 0 THEN 'Taken to the sub-group.' ELSE '' END,
    CASE WHEN ev.escalation_id %% 2 = 0 THEN %(person)s END,
    CASE WHEN ev.escalation_id %% 2 = 0 THEN ev.at + interval '14 days' END
FROM (SELECT *, escalation_id %% 3 AS k FROM escalations_event) AS ev
WHERE ev.kind = 'learning' AND ev.escalation_id > %(after)s
"""


def insert(first: int, last: int, context: dict[str, object]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM escalations_escalation")
        after = cursor.fetchone()[0]  # type: ignore[index]
        params = {**context, "first": first, "last": last, "after": after}
        for sql in (ESCALATIONS, FACTS, CATEGORIES, STAGES, EVENTS, MEETINGS, LEARNING):
            cursor.execute(sql, params)
        for table in (
            "escalations_escalation",
            "escalations_event",
            "reports_escalationfacts",
            "reports_categoryfact",
            "reports_stagefact",
            "reports_meeting",
            "reports_learningitem",
        ):
            cursor.execute(f"ANALYZE {table}")


def main() -> None:
    fresh_database()
    from cast import make_cast
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from escalate.partnerships.models import Agency, PolicyVersion
    from escalate.reports import export
    from escalate.reports.board import board_report
    from escalate.reports.facts import facts_refresh_stale
    from escalate.reports.period import year_to

    cast = make_cast("brent")
    version = PolicyVersion.objects.get(partnership=cast.partnership)
    policy = version.policy
    agencies = [cast.school, cast.social_care, cast.health] + [
        Agency.objects.create(partnership=cast.partnership, name=name, kind=kind)
        for name, kind in AGENCIES
    ]
    now = timezone.now()
    context: dict[str, object] = {
        "p": cast.partnership.pk,
        "v": version.pk,
        "person": cast.officer.pk,
        "agencies": [a.pk for a in agencies],
        "k": len(agencies),
        "keys": [s.key for s in policy.stages],
        "categories": [c.key for c in policy.categories],
        "now": now,
        "span": YEARS * 365 * 24 * 60,
    }
    client = Client()
    client.force_login(cast.officer)
    period = year_to(timezone.localdate())
    done = 0
    results: list[tuple[int, float, float]] = []
    for size in SIZES:
        started = time.perf_counter()
        insert(done + 1, size, context)
        print(
            f"\n{size:,} escalations over {YEARS} years (inserted in "
            f"{time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        done = size
        assert facts_refresh_stale(partnership=cast.partnership) == 0

        def build() -> object:
            facts_refresh_stale(partnership=cast.partnership)
            return board_report(cast.partnership, period)

        def page() -> None:
            response = client.get("/partnership/report/")
            assert response.status_code == 200

        build()
        built = timed(build, repeat=5)
        pages = timed(page, repeat=5)
        dashboards = timed(lambda: client.get("/partnership/dashboard/"), repeat=3)
        report = board_report(cast.partnership, period)
        print(
            f"  in the report's year: {report.now.raised:,} raised, "
            f"{report.now.resolved:,} resolved, {report.now.meetings_held:,} panels held"
        )
        print(f"  report built (facts checked, every table): {summary(built)}")
        print(f"  report page (request to HTML):              {summary(pages)}")
        print(f"  dashboard page:                             {summary(dashboards)}")
        results.append((size, statistics.median(built), statistics.median(pages)))
    pdf = timed(lambda: export.report_pdf(board_report(cast.partnership, period)), repeat=1)
    print(f"\nPDF of the whole report at {done:,}: {pdf[0]:.2f} s")
    print("\nsize       built    page     page per 1,000 escalations")
    for size, built_s, page_s in results:
        print(
            f"{size:>7,}  {built_s:6.3f} s  {page_s:6.3f} s  {1000 * page_s / size * 1000:6.2f} ms"
        )
    first, last = results[0], results[-1]
    growth = last[2] / first[2]
    print(f"data grew {last[0] / first[0]:.0f}x, page time grew {growth:.2f}x")
    verdict = "met" if last[2] < TARGET_SECONDS else "NOT met"
    print(f"target under {TARGET_SECONDS:.0f} s at {last[0]:,}: {verdict}")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT raising_agency_id, count(*) FROM reports_escalationfacts "
            "WHERE partnership_id = %s AND raised_at >= %s AND raised_at < %s "
            "GROUP BY raising_agency_id",
            [cast.partnership.pk, period.start_at, period.end_at],
        )
        print("plan:", " / ".join(row[0].strip() for row in cursor.fetchall()[:4]))


if __name__ == "__main__":
    main()
