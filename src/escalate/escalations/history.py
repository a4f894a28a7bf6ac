"""The escalation's events as the policy engine is told them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import get_args

from escalate.escalations.models import Escalation, Event, EventKind
from escalate.policy import case as engine_case
from escalate.policy.case import CaseFacts
from escalate.policy.clock import LONDON
from escalate.policy.schema import Policy, StepEvent

# Events the policy engine does not know are notes to it: kept, shown, but they do not move
# the case (MASH referrals, documents, confirmations, meetings, learning).
_ENGINE_KINDS = set(get_args(engine_case.EventKind))
# Events that record a step the policy names with an event of its own (``event`` on a step):
# to the engine, that step done.
_STEP_EVENTS = set(get_args(StepEvent))


def facts_for(escalation: Escalation) -> CaseFacts:
    """The facts of the case. The agencies' kinds are read only where the policy's
    conditions name them; when the disagreement arose is the start of that London date."""
    named = escalation.policy.names_agencies()
    return CaseFacts(
        child_status=escalation.child_status,  # type: ignore[arg-type]
        immediate_risk=escalation.immediate_risk,
        raising_agency=escalation.raising_agency.kind if named else None,  # type: ignore[arg-type]
        receiving_agency=escalation.receiving_agency.kind if named else None,  # type: ignore[arg-type]
        arose_at=None
        if escalation.arose_on is None
        else dt.datetime.combine(escalation.arose_on, dt.time(0), LONDON),
    )


def engine_event(event: Event, *, disputed: bool = False) -> engine_case.Event:
    """The engine's view of one event; a resolution a party disputed is only a note to it,
    so the escalation is open again at the stage where it was recorded. A meeting recorded
    as held that is one of the stage's steps (``step`` in its data) is that step done."""
    kind = event.kind if event.kind in _ENGINE_KINDS and not disputed else "note"
    if event.kind == EventKind.MEETING_HELD and event.data.get("step"):
        kind = "step-done"
    if event.kind in _STEP_EVENTS:
        kind = "step-done"
    return engine_case.Event(
        kind=kind,  # type: ignore[arg-type]
        at=event.at,
        stage=event.data.get("to_stage"),
        step=event.data.get("step"),
        binding=bool(event.data.get("binding", False)),
        notification=event.data.get("notification"),
        document=event.data.get("kind") if event.kind == EventKind.DOCUMENT_ISSUED else None,
        reason=event.data.get("reason"),
        outcome=event.data.get("outcome"),
        child_status=event.data.get("child_status"),
        actor=actor_of(event.data.get("actor")),
    )


def actor_of(data: object) -> engine_case.Actor | None:
    """The actor an event's data kept when it was taken (``rules.actor_data``); None for
    Escalate's own events and those from before actors were kept."""
    if not isinstance(data, dict):
        return None
    return engine_case.Actor(
        side=data["side"],
        roles=frozenset(data.get("roles", ())),
        officer=bool(data.get("officer")),
        raised_it=bool(data.get("raised_it")),
    )


def _cancelled_meetings(events: Sequence[Event]) -> set[int]:
    """The sequences of the meeting-convened events whose meeting was later cancelled."""
    convened: dict[str, int] = {}
    cancelled: set[int] = set()
    for event in events:
        if event.kind == EventKind.MEETING_CONVENED:
            convened[str(event.data.get("from_stage") or event.stage)] = event.sequence
        elif event.kind == EventKind.MEETING_CANCELLED:
            found = convened.pop(str(event.data.get("meeting_stage")), None)
            if found is not None:
                cancelled.add(found)
    return cancelled


def _document_steps(policy: Policy) -> set[tuple[str, str]]:
    return {(s.key, step.key) for s in policy.stages for step in s.steps if step.document}


def engine_history(events: Sequence[Event], policy: Policy) -> list[engine_case.Event]:
    """The events (in order) as the engine is told them. A step that sends a document is
    done by issuing it; a 'step done' recorded for one (before Escalate refused that, the
    notice's signing recorded both) is a note to the engine, as is a meeting convened and
    then cancelled: the stage's meeting is still to convene."""
    disputed = {e.data.get("resolved") for e in events if e.kind == EventKind.DISPUTED}
    by_document = _document_steps(policy)
    cancelled = _cancelled_meetings(events)
    return [
        engine_event(
            e,
            disputed=(e.kind == EventKind.RESOLVED and e.sequence in disputed)
            or (
                e.kind == EventKind.STEP_DONE
                and e.pk is not None  # a new one is the engine's to refuse
                and (e.data.get("from_stage", e.stage), e.data.get("step")) in by_document
            )
            or e.sequence in cancelled,
        )
        for e in events
    ]


def step_event_kind(policy: Policy, stage: str, step: str | None) -> str | None:
    """The event that records ``step`` where the policy names one (``event`` on the step)."""
    for candidate in policy.stage(stage).steps:
        if candidate.key == step:
            return candidate.event
    return None
