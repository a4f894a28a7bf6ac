"""Statements PostgreSQL plans once per connection: the lookups asked on every request.

Django binds every query's values in the client, so PostgreSQL parses and plans each query
each time it is run. For the lookups every page asks (the signed-in person; the escalation
with the rows it names; its events, documents and role holders) planning took longer than
running: on 1,000 escalations the escalation's query planned and ran in 1.5 ms, and ran as
a prepared statement in 0.25 ms. A cursor from ``cursor_for(alias, prepared=True)`` binds
the values in the server and prepares each statement the first time a connection runs it;
after five runs PostgreSQL may keep one generic plan for it, made without the values.

Only a query whose best plan does not depend on its values may ask for it: a lookup by a
key or a foreign key. A query that reads a partial index by a value it is passed (failed
emails: ``status = 'failed'``; the worker's claim; outcomes to confirm) must not, because a
generic plan cannot use such an index: failed emails at 100,000 escalations took 0.12 ms
planned for the values and 2.4 s with a generic plan. Nothing else is prepared: the
connection's ``prepare_threshold`` is set (``escalate.ops.databases``) only so that psycopg
may prepare at all, and Django's own cursors bind in the client, which never prepares.

``ESCALATE_PREPARED_STATEMENTS=false`` turns it off, for a connection pooler that cannot
carry prepared statements (PgBouncer before 1.21, or without ``max_prepared_statements``
in transaction pooling).
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from psycopg.pq import Format


class _Preparing(psycopg.Cursor[Any]):
    """A cursor that binds values in the server and prepares every statement it runs."""

    def execute(
        self,
        query: Any,
        params: Any = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> _Preparing:
        super().execute(query, params, prepare=True, binary=binary)
        return self


class _Logged(CursorDebugWrapper):
    """Django's logging wrapper (DEBUG, and tests counting queries), with each query logged
    as the text it ran with: a prepared statement's cursor keeps none of its own."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


def prepares(alias: str) -> bool:
    """Whether ``cursor_for(alias, prepared=True)`` prepares its statements there."""
    return connections[alias].vendor == "postgresql" and getattr(
        settings, "ESCALATE_PREPARED_STATEMENTS", True
    )


def cursor_for(alias: str, *, prepared: bool) -> CursorWrapper:
    """A cursor of database ``alias``, as ``connections[alias].cursor()`` gives, that
    prepares its statements where ``prepared`` and the database can (PostgreSQL)."""
    wrapper: Any = connections[alias]  # a PostgreSQL wrapper, beyond what its stubs say
    if not (prepared and prepares(alias)):
        cursor: CursorWrapper = wrapper.cursor()
        return cursor
    wrapper.close_if_health_check_failed()
    wrapper.ensure_connection()
    with wrapper.wrap_database_errors:
        raw = _Preparing(wrapper.connection)
        _same_time_zone(wrapper, raw)
    wrapper.validate_thread_sharing()
    # Through Django's wrapper, as every other query: counted, logged, errors translated.
    return _Logged(raw, wrapper) if wrapper.queries_logged else CursorWrapper(raw, wrapper)


def _same_time_zone(wrapper: Any, cursor: psycopg.Cursor[Any]) -> None:
    """Times read in the connection's time zone, as Django's own cursors read them."""
    from django.db.backends.postgresql.psycopg_any import (  # type: ignore[import-untyped]
        register_tzloader,
    )

    oid = wrapper.connection.adapters.types["timestamptz"].oid
    loader = wrapper.connection.adapters.get_loader(oid, Format.TEXT)
    if wrapper.timezone != loader.timezone:
        register_tzloader(wrapper.timezone, cursor)
