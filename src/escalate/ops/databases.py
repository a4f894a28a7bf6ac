"""How Escalate connects to PostgreSQL.

A database that is away fails a request or a health check in seconds, not minutes
(``connect_timeout``).

Every query is planned for the values it is run with (Django's default: parameters bound in
the client, no prepared statements). Prepared statements were tried (dea28fd): they saved
the escalation page about 4 ms, PostgreSQL's planning of its ten-table query, but after five
runs PostgreSQL may switch a prepared statement to a generic plan, made without the values,
and a generic plan cannot use a partial index whose condition is a value the query passes
(``status = 'failed'``, ``status IN ('pending', 'sending')``). Failed emails at 100,000
escalations took 0.12 ms with a plan for the values and 2.4 s with the generic one; the
worker's claim of emails to send, the deadline scan and the outcomes to confirm read partial
indexes too. Do not turn them on without making every such index a full one.
"""

from __future__ import annotations

from typing import Any


def postgres_options(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` (from the database URL) with Escalate's connection settings added."""
    return {"connect_timeout": 10, **options}
