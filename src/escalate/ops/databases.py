"""How Escalate connects to PostgreSQL.

A database that is away fails a request or a health check in seconds, not minutes
(``connect_timeout``).

Every query is planned for the values it is run with (Django's default: parameters bound in
the client), but for the lookups every page asks, which are prepared statements
(``escalate.ops.prepared``): ``prepare_threshold`` is set so that psycopg may prepare
them, and only its server-binding cursors ever do; Django's own cursors bind in the client
and are never prepared. A generic plan, made without the values, cannot use a partial index
whose condition is a value the query passes (``status = 'failed'``): failed emails at
100,000 escalations took 0.12 ms planned for the values and 2.4 s with a generic one
(dea28fd, when every query was prepared), so no list is.
"""

from __future__ import annotations

from typing import Any


def postgres_options(options: dict[str, Any], *, prepared: bool = True) -> dict[str, Any]:
    """``options`` (from the database URL) with Escalate's connection settings added;
    ``prepared``: the lookups may be prepared statements (``escalate.ops.prepared``)."""
    # psycopg prepares nothing while prepare_threshold is None (Django's default). With a
    # number, only a cursor that binds in the server prepares, and escalate.ops.prepared's
    # prepares every statement it runs, at once: the number itself is never reached.
    return {"connect_timeout": 10, "prepare_threshold": 5 if prepared else None, **options}
