"""``/health/live`` and ``/health/ready`` for load balancers and process supervisors.

Answered first thing in the middleware, before sessions, sign-in, host checks and HTTPS
redirects, so a probe from inside the network gets a plain answer and costs no more than
one ``SELECT 1``. They say nothing about the data: no counts, no names, no versions.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)
LIVE = "/health/live"
READY = "/health/ready"


def _answer(status: int, state: str, reason: str = "") -> HttpResponse:
    body = {"status": state, **({"reason": reason} if reason else {})}
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class _Migrations:
    """Whether every migration on disk is applied. Once it is, it stays so for the life of
    the process (the code cannot change under it), so the migration graph is read once."""

    def __init__(self) -> None:
        self._applied = False
        self._lock = threading.Lock()

    def applied(self) -> bool:
        if self._applied:
            return True
        with self._lock:
            connection = connections["default"]
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            self._applied = not plan
        return self._applied


MIGRATIONS = _Migrations()


def ready() -> HttpResponse:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        log.warning("Not ready: the database does not answer (%s)", type(error).__name__)
        connections["default"].close()  # the next probe opens a fresh connection
        return _answer(503, "not ready", "the database does not answer")
    try:
        applied = MIGRATIONS.applied()
    except DatabaseError:
        return _answer(503, "not ready", "the database does not answer")
    if not applied:
        return _answer(503, "not ready", "migrations are not applied: run escalate migrate")
    return _answer(200, "ready")


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path == LIVE and request.method in ("GET", "HEAD"):
            return _answer(200, "live")
        if path == READY and request.method in ("GET", "HEAD"):
            return ready()
        return self.get_response(request)
