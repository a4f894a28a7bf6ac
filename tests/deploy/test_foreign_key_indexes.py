"""Every foreign key's lookups are served by an index that begins with its column (its own, or
a composite or unique one), and none has two: the migrations that drop an index of its own
where another already begins with the column (escalations 0024, notifications 0005, audit
0003) must leave every key served, and the tables the busiest writes touch without the
duplicates."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models

pytestmark = pytest.mark.django_db


def _constraints(table: str) -> dict[str, dict[str, object]]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)  # type: ignore[no-any-return]


def _leading_columns(table: str) -> list[tuple[str, str]]:
    """(index name, its first column) for every index and unique constraint of ``table``."""
    return [
        (name, info["columns"][0])
        for name, info in _constraints(table).items()
        if (info["index"] or info["unique"] or info["primary_key"]) and info["columns"]
    ]


def _foreign_keys() -> list[tuple[str, str]]:
    return sorted(
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        if model.__module__.startswith("escalate.") and not model._meta.proxy
        for field in model._meta.local_fields
        if isinstance(field, models.ForeignKey)
    )


def test_every_foreign_key_is_served_by_an_index_that_begins_with_it() -> None:
    unserved = [
        (table, column)
        for table, column in _foreign_keys()
        if not any(first == column for _, first in _leading_columns(table))
    ]
    assert unserved == []


def _own_index(table: str, column: str) -> str | None:
    """The index Django made for the key by itself (named after the table), if any."""
    return next(
        (
            name
            for name, info in _constraints(table).items()
            if info["index"]
            and not info["unique"]
            and info["columns"] == [column]
            and name.startswith(f"{table}_")
        ),
        None,
    )


BUSIEST = [
    "escalations_escalation",
    "escalations_event",
    "escalations_participant",
    "notifications_notification",
    "audit_auditentry",
]


@pytest.mark.parametrize("table", BUSIEST)
def test_the_busiest_tables_keep_no_index_of_a_key_that_another_begins_with(table: str) -> None:
    keys = [column for t, column in _foreign_keys() if t == table]
    twice = []
    for column in keys:
        own = _own_index(table, column)
        others = [name for name, first in _leading_columns(table) if first == column]
        if own is not None and len(others) > 1:
            twice.append((own, sorted(set(others) - {own})))
    assert twice == []
