"""Turning escalations into the API's answers: the same selectors and rules as the pages."""

from __future__ import annotations

from typing import Any

from escalate.escalations import agreement, rules
from escalate.escalations.models import Escalation
from escalate.escalations.selectors import history
from escalate.escalations.services import escalation_state
from escalate.partnerships.models import Agency, Person


def agency(found: Agency) -> dict[str, Any]:
    return {"id": found.pk, "name": found.name, "kind": found.kind}


def summary(escalation: Escalation) -> dict[str, Any]:
    return {
        "reference": escalation.reference,
        "status": escalation.status,
        "stage": escalation.current_stage,
        "raised_at": escalation.raised_at,
        "next_deadline": escalation.next_deadline,
        "immediate_risk": escalation.immediate_risk,
        "raising_agency": agency(escalation.raising_agency),
        "receiving_agency": agency(escalation.receiving_agency),
        "version": escalation.version,
    }


def detail(person: Person, escalation: Escalation) -> dict[str, Any]:
    events = history(escalation)
    state = escalation_state(escalation, events=events)
    allowed = [
        {"action": a.kind, "label": a.label, "stage": a.stage, "step": a.step}
        for a in rules.actions_for(person, escalation, state.allowed_actions)
    ]
    if rules.can_record_mash_referral(person, escalation, state.allowed_actions):
        allowed.append(
            {
                "action": "mash-referral",
                "label": "Record a MASH referral",
                "stage": None,
                "step": None,
            }
        )
    if agreement.may_dispute_now(person, escalation, events):
        allowed.append(
            {
                "action": "dispute",
                "label": "Say you do not agree with the outcome",
                "stage": None,
                "step": None,
            }
        )
    return {
        **summary(escalation),
        "child": {
            "name": escalation.child_name,
            "date_of_birth": escalation.child_date_of_birth,
            "reference": escalation.child_reference,
            "status": escalation.child_status,
            "need_level": escalation.need_level,
            "parents_carers": escalation.parents_carers,
        },
        "categories": list(escalation.categories),
        "disagreement": escalation.disagreement,
        "outcome_wanted": escalation.outcome_wanted,
        "immediate_action": escalation.immediate_action,
        "target_due": state.target_due,
        "stages": [
            {
                "key": visit.key,
                "number": visit.number,
                "title": visit.title,
                "started_at": visit.started_at,
                "deadline": visit.deadline,
                "ended_at": visit.ended_at,
                "steps": [
                    {
                        "key": s.key,
                        "title": s.title,
                        "due": s.due,
                        "done_at": s.done_at,
                        "overdue": s.overdue,
                    }
                    for s in visit.steps
                ],
            }
            for visit in state.history
        ],
        "events": [
            {
                "sequence": e.sequence,
                "kind": e.kind,
                "at": e.at,
                "stage": e.stage,
                "actor": e.actor.display_name if e.actor else None,
                "text": e.text,
                "data": e.data,
            }
            for e in events
        ],
        "allowed_actions": allowed,
    }
