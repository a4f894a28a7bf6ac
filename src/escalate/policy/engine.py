"""The policy engine: where a case stands under its policy, at a given moment.

``evaluate(policy, facts, events, now)`` replays the events in order and returns a
``CaseState``. It is pure and deterministic: the same arguments always give the same
answer, and the time is an argument, never read from the clock on the wall.
An event the policy does not allow raises ``EngineError`` with a plain message; the web
app asks ``CaseState.allows`` before it records anything, so stored histories replay.

The work is done by subject: ``replay`` (the events, in order), ``deadlines`` (each
stage's and step's), ``notices`` (the notifications triggered) and ``actions`` (what may
be done next). This module is the front door; import the public names from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from escalate.policy.case import Actor, CaseFacts, CaseState, Event
from escalate.policy.deadlines import before, calendar_for
from escalate.policy.errors import EngineError
from escalate.policy.replay import Replay
from escalate.policy.schema import Policy

__all__ = ["EngineError", "before", "calendar_for", "evaluate"]


def evaluate(
    policy: Policy,
    facts: CaseFacts,
    events: Sequence[Event],
    now: datetime,
    *,
    actor: Actor | None = None,
) -> CaseState:
    """Where the case stands at ``now``, after ``events`` (in the order they happened).
    With ``actor``, the allowed actions are only those the stage permits them (``permits``);
    an event that names its actor is refused if the stage did not permit them."""
    if now.tzinfo is None:
        raise EngineError("'now' must carry a time zone")
    now = now.astimezone(UTC)
    replay = Replay(policy, facts)
    for position, event in enumerate(events):
        replay.apply(event, position)
    return replay.state(now, actor)
