"""The record for the child's file: the escalation's whole chronology (every event: who,
when, what was decided), for each agency to place on the child's file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from escalate.documents.models import DocumentKind
from escalate.documents.resolution import timescale_rows
from escalate.documents.wording import long_date, long_datetime, person_line, short_datetime
from escalate.escalations.circumstances import child_status_now
from escalate.escalations.models import ChildStatus, Escalation, Event, EventKind, Status
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState
from escalate.policy.schema import Policy

METHODS = {
    "phone": "Phone",
    "meeting": "Face to face meeting",
    "video": "Video call",
    "email": "Email",
}
SIDE_NAMES = {"raising": "the raising agency", "receiving": "the agency the disagreement is with"}
ENDINGS = {
    "escalated": "Escalated",
    "skipped": "Skipped to a later stage",
    "resolved": "Resolved",
    "withdrawn": "Withdrawn",
    "decided": "Final decision made",
}


def _stage_title(policy: Policy, key: str | None) -> str:
    if not key:
        return ""
    try:
        return policy.stage(key).title
    except KeyError:
        return key


def _step_title(policy: Policy, stage_key: str, step_key: str) -> str:
    try:
        stage = policy.stage(stage_key)
    except KeyError:
        return step_key
    return next((step.title for step in stage.steps if step.key == step_key), step_key)


def _details(escalation: Escalation, policy: Policy, event: Event) -> list[list[str]]:
    data = event.data
    rows: list[list[str]] = []
    if event.kind == EventKind.DISCUSSION:
        rows.append(["With", f"{data.get('who', '')} ({METHODS.get(data.get('method', ''), '')})"])
        if data.get("agreed"):
            rows.append(["Agreed", data["agreed"]])
        if data.get("disagreed"):
            rows.append(["Disagreed", data["disagreed"]])
    elif event.kind in (EventKind.ESCALATED, EventKind.SKIPPED):
        rows.append(["To", _stage_title(policy, data.get("to_stage"))])
    elif event.kind == EventKind.STEP_DONE:
        rows.append(["Step", _step_title(policy, event.stage, data.get("step", ""))])
    elif event.kind == EventKind.RESOLVED and data.get("outstanding"):
        rows.append(["How any outstanding issue will be pursued", data["outstanding"]])
    elif event.kind == EventKind.DECISION:
        rows.append(["Final and binding", "Yes" if data.get("binding") else "No"])
    elif event.kind == EventKind.DOCUMENT_ISSUED:
        kind = data.get("kind", "")
        label = DocumentKind(kind).label if kind in DocumentKind.values else kind
        rows.append(["Document", f"{label} ({data.get('filename', '')})"])
        rows.append(["SHA-256", data.get("sha256", "")])
    elif event.kind == EventKind.OUTCOME_CONFIRMED:
        agency = (
            escalation.raising_agency
            if data.get("side") == "raising"
            else escalation.receiving_agency
        )
        rows.append(
            ["Confirmed for", f"{agency.name} ({SIDE_NAMES.get(data.get('side', ''), '')})"]
        )
    return rows


def chronology(
    escalation: Escalation, policy: Policy, events: Sequence[Event]
) -> list[dict[str, Any]]:
    """Every event, oldest first, as plain values."""
    return [
        {
            "number": event.sequence,
            "when": short_datetime(event.at),
            "who": person_line(event.actor),
            "what": event.get_kind_display(),
            "stage": _stage_title(policy, event.stage),
            "relation": "from" if event.kind in (EventKind.ESCALATED, EventKind.SKIPPED) else "at",
            "text": event.text,
            "details": _details(escalation, policy, event),
        }
        for event in events
    ]


def record_content(
    *,
    escalation: Escalation,
    policy: Policy,
    state: CaseState,
    events: Sequence[Event],
    made_by: Person | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """What the record says, as plain values: the page, the PDF and the stored copy."""
    labels = {category.key: category.label for category in policy.categories}
    decision = state.final_decision
    return {
        "title": "Record for the child's file",
        "reference": escalation.reference,
        "partnership": escalation.partnership.name,
        "policy_title": f"{policy.title} (version {policy.version})",
        "procedure": escalation.procedure_name,
        "child_name": escalation.child_name,
        "child_date_of_birth": long_date(escalation.child_date_of_birth),
        "child_reference": escalation.child_reference,
        "child_status": ChildStatus(child_status_now(escalation, events)).label,
        "need_level": escalation.get_need_level_display(),
        "parents": escalation.parents_carers,
        "raised": long_datetime(escalation.raised_at),
        "raised_by": person_line(escalation.raised_by),
        "raising_agency": escalation.raising_agency.name,
        "receiving_agency": escalation.receiving_agency.name,
        "receiving_professional": escalation.receiving_professional_display,
        "categories": [labels.get(c, c) for c in escalation.categories],
        "disagreement": escalation.disagreement,
        "outcome_wanted": escalation.outcome_wanted,
        "immediate_risk": "Yes" if escalation.immediate_risk else "No",
        "immediate_action": escalation.immediate_action,
        "status": Status(state.status).label,
        "final_decision": long_datetime(decision.at) if decision else "",
        "stages": [
            {
                "title": row.title,
                "started": short_datetime(visit.started_at),
                "deadline": short_datetime(row.deadline) or "None set by the policy",
                "ended": short_datetime(row.ended_at) or "Not ended",
                "how": ENDINGS.get(visit.ended_by or "", ""),
                "timescale": row.answer,
            }
            for row, visit in zip(timescale_rows(state), state.history, strict=True)
        ],
        "events": chronology(escalation, policy, events),
        "made_at": long_datetime(now),
        "made_by": person_line(made_by),
        "covers": events[-1].sequence if events else 0,
    }
