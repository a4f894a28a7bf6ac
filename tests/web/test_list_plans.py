"""A home list, filtered, is read from an index that holds what the filter asks (PostgreSQL's
plans): a status, closed, a stage; an officer's from the partnership's escalations, a
manager's from their own participations. Without one, PostgreSQL reads the whole list in order
and throws away what does not match: on the 100k bench, a closed stage nobody was at read
100,000 escalations for an empty page (40 ms; a busy manager's 80,000 participations, 200
ms), and "Withdrawn" skipped the 20,000 open ones first and counted by reading the table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from budget import queries_for
from cast import Cast, make_cast
from django.db import connection
from many import copies_of
from test_home_participations import keep
from test_pages import raise_escalation, signed_in

from escalate.escalations.models import Escalation

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans"),
]

OPEN_ONES = 300  # all at the first stage, as most of a partnership's are
FILTERS = [
    "?status=withdrawn",
    "?status=resolved",
    "?status=closed",
    "?status=closed&stage=other-worker",
    "?stage=other-worker",
    "?status=any&stage=other-worker",
    "?status=withdrawn&stage=other-worker",
]


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _dropped_and_sorted(sql: str) -> tuple[int, int]:
    """How many rows the plan read only to drop them, and how many it sorted."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        found = cursor.fetchone()[0]
    plan = (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]
    nodes = list(_nodes(plan))
    listed = ("escalations_escalation", "escalations_participant")
    dropped = sum(  # an inner node of a join says how many it dropped each time it ran
        node.get("Rows Removed by Filter", 0) * node.get("Actual Loops", 1)
        for node in nodes
        if node.get("Relation Name") in listed
    )
    sorted_rows = sum(
        child.get("Actual Rows", 0)
        for node in nodes
        if node["Node Type"] == "Sort"
        for child in node.get("Plans", [])
    )
    return dropped, sorted_rows


def _made() -> Cast:
    cast = make_cast("brent")
    made = copies_of(raise_escalation(cast), OPEN_ONES)
    for escalation in made[:40]:  # more closed ones than the page and the test's margin
        keep(escalation, status="withdrawn", next_deadline=None)
    keep(made[40], status="resolved", next_deadline=None)
    for escalation in made[41:43]:
        keep(escalation, current_stage="other-worker")
    return cast


def _page_sql(cast: Cast, who: str, query: str) -> str:
    """The page's rows, in the list's order (its count reads at most paging.COUNT_CAP rows),
    with the tables' statistics taken and, the tables being small here, no whole-table
    reads, as on a partnership's real tables."""
    client = signed_in(getattr(cast, who))
    sql = [s for s in queries_for(client, f"/{query}") if "ORDER BY" in s and "LIMIT 25" in s]
    assert len(sql) == 1, sql
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE escalations_escalation")
        cursor.execute("ANALYZE escalations_participant")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    return sql[0]


@pytest.mark.parametrize("query", FILTERS)
def test_an_officers_filtered_list_reads_only_what_it_shows(query: str) -> None:
    statement = _page_sql(_made(), "officer", query)
    dropped, sorted_rows = _dropped_and_sorted(statement)
    assert dropped <= 10, (query, dropped, statement)
    assert sorted_rows <= 10, (query, sorted_rows, statement)  # a handful is cheaper sorted


@pytest.mark.parametrize("query", [q for q in FILTERS if "stage" in q])
def test_a_managers_list_by_stage_reads_their_own_participations_at_that_stage(
    query: str,
) -> None:
    """On the participation's own copy of the stage (index participant_home_stage), not
    its escalation's: a busy manager's closed ones at a stage were each joined to their
    escalation to be dropped (80,000 of them on the 100k bench, 200 ms)."""
    statement = _page_sql(_made(), "manager", query)
    assert '"escalations_participant"."current_stage" = ' in statement
    assert '"escalations_escalation"."current_stage" = ' not in statement
    dropped, sorted_rows = _dropped_and_sorted(statement)
    assert dropped <= 10, (query, dropped, statement)
    assert sorted_rows <= 10, (query, sorted_rows, statement)


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_a_stages_closed_ones_are_not_found_after_its_open_ones(who: str) -> None:
    """A stage's open ones are its workload, and can be thousands (on the 100k bench, 9,999
    were read and dropped for an empty page): its closed ones are in an index of their own
    (escalation_closed_stage, participant_closed_stage)."""
    cast = _made()
    for escalation in Escalation.objects.filter(status="open").order_by("pk")[:150]:
        keep(escalation, current_stage="other-worker")
    statement = _page_sql(cast, who, "?status=closed&stage=other-worker")
    dropped, sorted_rows = _dropped_and_sorted(statement)
    assert dropped <= 10, (who, dropped, statement)
    assert sorted_rows <= 10, (who, sorted_rows, statement)
