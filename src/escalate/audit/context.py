"""What a request looked at, noted by the code that finds it, for the audit middleware.

``escalation_for`` notes the escalation it found (before deciding whether the person may
see it), so the log names the escalation and its partnership without another query. Outside
a request nothing is noted. This module imports nothing of the apps it serves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol


class _Escalation(Protocol):
    pk: int
    partnership_id: int
    reference: str


@dataclass(frozen=True)
class Seen:
    escalation_id: int
    partnership_id: int
    reference: str


_seen: ContextVar[list[Seen] | None] = ContextVar("escalate_audit_seen", default=None)


def about(escalation: _Escalation) -> None:
    """Note that this request found ``escalation`` (whether or not it is then shown)."""
    seen = _seen.get()
    if seen is not None:
        seen.append(Seen(escalation.pk, escalation.partnership_id, escalation.reference))


@contextmanager
def watching() -> Iterator[list[Seen]]:
    seen: list[Seen] = []
    token = _seen.set(seen)
    try:
        yield seen
    finally:
        _seen.reset(token)
