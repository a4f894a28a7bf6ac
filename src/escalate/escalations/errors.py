"""Why a change to an escalation was not made."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from escalate.escalations.models import Event


class ActionRefused(Exception):
    """The action is not allowed now; the message says why and what to do instead."""


class ConcurrentChange(Exception):
    """Someone else changed the escalation first. ``events`` are what they recorded."""

    def __init__(self, events: Sequence[Event]) -> None:
        super().__init__("This escalation changed while you were working on it")
        self.events = list(events)


CLOSED_MESSAGES: dict[str, str] = {
    "resolved": "This escalation has been resolved, so this cannot be done. Add a note",
    "withdrawn": "This escalation has been withdrawn, so this cannot be done. Add a note",
    "decided": (
        "A final binding decision has been made on this escalation, so this cannot be done. "
        "Add a note"
    ),
}
