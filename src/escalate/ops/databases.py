"""How Escalate connects to PostgreSQL.

A database that is away fails a request or a health check in seconds, not minutes
(``connect_timeout``). Each connection plans a query the first times it runs it, then keeps
the plan (server-side parameters and psycopg's prepared statements). The escalation page's
own query joins seven tables: PostgreSQL planned it on every request for about 3 ms and ran
it in 0.3 ms (0.5 ms in all once its plan is kept). Connections last a minute
(``conn_max_age``), so a plan is made about once a minute per server thread, not once a
request.

A connection pooler in transaction mode (PgBouncer before 1.21, or without
``max_prepared_statements``) cannot keep a prepared statement between transactions: set
``ESCALATE_DB_PREPARED=off`` behind one.
"""

from __future__ import annotations

from typing import Any

from escalate.ops.environ import flag

PREPARE_AFTER = 2  # executions of the same SQL on one connection before its plan is kept


def postgres_options(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` (from the database URL) with Escalate's connection settings added."""
    found = {"connect_timeout": 10, **options}
    if flag("ESCALATE_DB_PREPARED", True):
        found.setdefault("server_side_binding", True)
        found.setdefault("prepare_threshold", PREPARE_AFTER)
    return found
