"""The indexes escalations 0026 and 0027 make are built while the tables take writes.

A plain ``CREATE INDEX`` holds back every insert and update of its table until the index is
built: 0027 took 7 s on the bench's 1.2 million participations, and deploys migrate while
the old processes still serve (docs/deploy.md), so a practitioner's change would wait, or
time out, that long. On PostgreSQL each is built ``CONCURRENTLY``; on SQLite the plain way.
The migrations are taken back and applied again here, and the indexes are there after."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("escalations", "0025_deadline_without_an_index_of_its_own")
AFTER = ("escalations", "0027_closed_at_a_stage")
MADE = {
    "escalations_escalation": ["escalation_born_where", "escalation_closed_stage"],
    "escalations_participant": ["participant_closed_stage"],
}


def _migrate(target: tuple[str, str]) -> list[str]:
    """The SQL that migrating to ``target`` ran."""
    ran: list[str] = []

    def keep(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        ran.append(sql)
        return execute(sql, *args)

    executor = MigrationExecutor(connection)
    with connection.execute_wrapper(keep):
        executor.migrate([target])
    return ran


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def test_the_migrations_build_their_indexes_while_the_tables_take_writes() -> None:
    try:
        _migrate(BEFORE)
        assert "escalation_closed_stage" not in _indexes("escalations_escalation")
        ran = _migrate(AFTER)
    finally:
        _migrate(AFTER)  # the rest of the suite needs the schema as it was
    for table, names in MADE.items():
        assert set(names) <= _indexes(table), table
    made = [sql for sql in ran if sql.lstrip().upper().startswith("CREATE INDEX")]
    assert len(made) >= 3, ran
    if connection.vendor == "postgresql":
        assert "escalation_name_search" in _indexes("escalations_escalation")
        assert all(sql.upper().startswith("CREATE INDEX CONCURRENTLY") for sql in made), made
