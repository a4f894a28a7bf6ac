"""PostgreSQL's plans, for tests of what a query reads: EXPLAIN ANALYZE in JSON, every node of
it, and how many rows of one table it read, kept or not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection

READ = ("Actual Rows", "Rows Removed by Filter", "Rows Removed by Index Recheck")


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def rows_read(sql: str, table: str) -> int:
    """How many rows of ``table`` the plan of ``sql`` read, in all its loops, kept or not."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        found = cursor.fetchone()[0]
    plan = (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]
    return sum(
        sum(node.get(field, 0) for field in READ) * node.get("Actual Loops", 1)
        for node in nodes(plan)
        if node.get("Relation Name") == table
    )
