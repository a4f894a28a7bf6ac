"""The escalation page's timeline: each event, newest first, as the page words it, worked
out here so that the template only prints: the stage it moved to by its title, a pause's
reason by the policy's label, a step's outcome in words, and only what the event recorded.
(Asked in the template, each detail an event does not record cost Django a failed lookup
and a ``dir()`` of the event's data: about fifty on a page of ten events.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from escalate.escalations.forms import outcome_label
from escalate.escalations.models import Event, EventKind
from escalate.policy.schema import Policy


@dataclass(frozen=True)
class Entry:
    event: Event
    kind: str  # what happened, in words (Django's get_kind_display took 15 microseconds each)
    to_stage: str  # the title of the stage it moved to
    who: str  # a discussion's: with whom, how, what was agreed and what was not
    method: str
    agreed: str
    disagreed: str
    waiting_for: str  # a pause's reason
    outcome: str  # a step's outcome, in words
    outstanding: str  # what a resolution left outstanding


def _text(value: Any) -> str:
    return str(value) if value else ""  # as the template would: nothing for what is not set


_KINDS = dict(EventKind.choices)


def timeline(events: Sequence[Event], policy: Policy) -> list[Entry]:
    """``events`` newest first, each with what the page says of it."""
    titles = {stage.key: stage.title for stage in policy.stages}
    reasons = {reason.key: reason.label for reason in policy.pause_reasons}
    entries = []
    for event in reversed(events):
        data: dict[str, Any] = event.data if isinstance(event.data, dict) else {}
        to_stage, reason, outcome = (
            _text(data.get(key)) for key in ("to_stage", "reason", "outcome")
        )
        entries.append(
            Entry(
                event=event,
                kind=_KINDS.get(event.kind, event.kind),
                to_stage=titles.get(to_stage, to_stage),
                who=_text(data.get("who")),
                method=_text(data.get("method")),
                agreed=_text(data.get("agreed")),
                disagreed=_text(data.get("disagreed")),
                waiting_for=reasons.get(reason, reason),
                outcome=outcome_label(outcome) if outcome else "",
                outstanding=_text(data.get("outstanding")),
            )
        )
    return entries
