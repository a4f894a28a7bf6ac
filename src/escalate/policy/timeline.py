"""The worst-case timeline: every step and stage running to its deadline.

Built by feeding the engine the events of a case in which every step is done at its
deadline and every stage is escalated at its deadline, so it can never disagree with what
the engine says of a real case. The JSON form (``timeline_json``) is documented in the
README and kept stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from escalate.policy.case import CaseFacts, CaseState, Event, NotificationDue
from escalate.policy.engine import evaluate
from escalate.policy.gates import doing
from escalate.policy.schema import Party, Policy

TIMELINE_FORMAT = 1


@dataclass(frozen=True)
class Timeline:
    policy: Policy
    facts: CaseFacts
    start: datetime
    state: CaseState
    complete: bool


def worst_case(policy: Policy, facts: CaseFacts, start: datetime) -> Timeline:
    """Run every stage and step to its deadline, from ``start`` to the final stage."""
    events = [Event("raised", start)]
    complete = True
    while True:
        state = evaluate(policy, facts, events, start)
        current = state.current
        moment = current.started_at
        stage = policy.stage(current.key)
        for step in current.steps:
            if step.due is None:
                continue
            moment = max(moment, step.due)
            events.append(doing(stage, step.key, step.due))
            state = evaluate(policy, facts, events, moment)
        if current.deadline is None:
            complete = not state.allows("escalate") and not state.held
            break
        moment = max(moment, current.deadline)
        if state.held:  # a later stage waits for steps with no date of their own: done last
            pending = [s for s in state.current.steps if s.done_at is None and s.needed]
            events += [doing(stage, step.key, moment) for step in pending]
            state = evaluate(policy, facts, events, moment)
        if state.allows("escalate"):
            events.append(Event("escalated", moment))
            continue
        if state.allows("record-decision"):
            events.append(Event("decision", moment, binding=True))
        else:
            events.append(Event("resolved", moment))
        break
    last = max(event.at for event in events)
    horizon = last + timedelta(days=1)
    return Timeline(policy, facts, start, evaluate(policy, facts, events, horizon), complete)


def _party(policy: Policy, party: Party) -> dict[str, str]:
    return {"role": party.role, "side": party.side, "label": policy.role_label(party.role)}


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _notification(policy: Policy, note: NotificationDue) -> dict[str, Any]:
    return {
        "key": note.key,
        "stage": note.stage,
        "when": note.trigger,
        "triggered_at": _iso(note.triggered_at),
        "due": _iso(note.due),
        "to": [_party(policy, party) for party in note.to],
        "copy": note.copy,
        "document": note.document,
        "text": note.text,
    }


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    policy, state = timeline.policy, timeline.state
    decision = state.final_decision
    return {
        "format": TIMELINE_FORMAT,
        "policy": {"id": policy.id, "version": policy.version},
        "start": _iso(timeline.start),
        "immediate_risk": timeline.facts.immediate_risk,
        "child_status": timeline.facts.child_status,
        "target_due": _iso(state.target_due),
        "complete": timeline.complete,
        "stages": [
            {
                "key": visit.key,
                "number": visit.number,
                "title": visit.title,
                "starts": _iso(visit.started_at),
                "deadline": _iso(visit.deadline),
                "convene_by": _iso(visit.convene_by),
                "who": [_party(policy, p) for p in policy.stage(visit.key).actors],
                "steps": [
                    {"key": step.key, "title": step.title, "due": _iso(step.due)}
                    for step in visit.steps
                ],
            }
            for visit in state.history
        ],
        "notifications": [_notification(policy, note) for note in state.notifications_due],
        "final_decision": None
        if decision is None
        else {
            "stage": decision.stage,
            "at": _iso(decision.at),
            "by": [_party(policy, p) for p in decision.by],
            "binding": decision.binding,
        },
    }
