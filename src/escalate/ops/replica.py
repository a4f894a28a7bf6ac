"""Reports read from a replica when ``DATABASE_REPLICA_URL`` is set.

Pages marked with ``reads_from_replica`` (the Board report, the dashboard, their CSV and
PDF) send their reads to the ``replica`` database; every write, and every read that locks
(``select_for_update``), goes to ``default``. Sign-in and sessions are looked up before the
page runs, on ``default``, so a replica that lags never signs anyone out. Without a
replica everything reads from ``default``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db.models import Model

REPLICA = "replica"
_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def reads_from_replica(view: Callable[P, R]) -> Callable[P, R]:
    """Run the view with its reads sent to the replica (when there is one)."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return view(*args, **kwargs)

    wrapped.reads_from_replica = True  # type: ignore[attr-defined]
    return wrapped


class ReplicaRouter:
    """Django's database router for the replica."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if _reading_reports.get() and replica_configured():
            return REPLICA
        return None  # Django's default: the instance's own database, else "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as default, so objects from either may relate.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
