"""The Escalation Resolution form (St Helens' template, offered under every policy): what it
says, pre-filled from the events, and whether each stage kept to its timescale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from escalate.documents.wording import long_date, person_line, short_datetime
from escalate.escalations.models import Escalation, Event, EventKind, NeedLevel
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState, StageVisit
from escalate.policy.schema import Policy

MAIN_REASONS: Final[tuple[tuple[str, str], ...]] = (
    ("threshold", "Threshold conflict"),
    ("communication", "Communication"),
    ("need-for-action", "Need for action"),
    ("roles-and-responsibilities", "Roles and responsibilities"),
)

# The shipped policies' kinds of disagreement, as the template's main reasons.
CATEGORY_REASONS: Final[Mapping[str, str]] = {
    "threshold": "threshold",
    "thresholds": "threshold",
    "threshold-conflict": "threshold",
    "level-of-need": "threshold",
    "levels-of-need": "threshold",
    "severity-of-risk": "threshold",
    "cp-conference-refused": "threshold",
    "case-conference-refused": "threshold",
    "communication": "communication",
    "information-sharing": "communication",
    "need-for-action": "need-for-action",
    "reducing-risk": "need-for-action",
    "course-of-action": "need-for-action",
    "agreed-action-not-completed": "need-for-action",
    "progressing-plans": "need-for-action",
    "plan-inappropriate": "need-for-action",
    "multi-agency-plan": "need-for-action",
    "roles-and-responsibilities": "roles-and-responsibilities",
}

DELIVERY: Final[tuple[tuple[str, str], ...]] = (
    ("escalate", "Through Escalate (a secure link by email)"),
    ("secure-email", "Secure email"),
    ("post", "Post"),
    ("by-hand", "By hand"),
)

CLOSING_KINDS: Final = (EventKind.RESOLVED, EventKind.DECISION)


@dataclass(frozen=True)
class TimescaleRow:
    """One stage the case passed through, and whether it kept to its timescale."""

    key: str
    number: int
    title: str
    deadline: dt.datetime | None
    ended_at: dt.datetime | None
    met: bool | None

    @property
    def answer(self) -> str:
        if self.met is None:
            return "No timescale set by the policy" if self.deadline is None else "Not ended"
        return "Yes" if self.met else "No"


def timescale_rows(state: CaseState) -> list[TimescaleRow]:
    """From the engine's replay of the events: each stage visited, in order."""
    return [_row(visit) for visit in state.history]


def _row(visit: StageVisit) -> TimescaleRow:
    return TimescaleRow(
        visit.key, visit.number, visit.title, visit.deadline, visit.ended_at, visit.timescale_met
    )


def main_reasons_for(categories: Sequence[str]) -> list[str]:
    found = {CATEGORY_REASONS[c] for c in categories if c in CATEGORY_REASONS}
    return [key for key, _ in MAIN_REASONS if key in found]


def closing_event(events: Sequence[Event]) -> Event | None:
    """The event that ended the escalation: resolved, or the final binding decision."""
    for event in reversed(events):
        if event.kind in CLOSING_KINDS:
            return event
    return None


def level_of(policy: Policy, stage_key: str) -> str:
    """Who resolves at a stage, as the template's 'level of resolution'."""
    labels: list[str] = []
    for party in policy.stage(stage_key).actors:
        label = policy.role_label(party.role)
        if label not in labels:
            labels.append(label)
    return ", ".join(labels)


def resolution_initial(escalation: Escalation, events: Sequence[Event]) -> dict[str, Any]:
    """The form's answers before anyone types: everything Escalate already knows."""
    closing = closing_event(events)
    action = closing.text if closing else ""
    if closing is not None and closing.data.get("outstanding"):
        action += f"\n\nOutstanding issues: {closing.data['outstanding']}"
    informed = [person_line(escalation.raised_by)]
    if escalation.receiving_professional is not None:
        informed.append(person_line(escalation.receiving_professional))
    else:
        informed.append(
            f"{escalation.receiving_professional_display}, {escalation.receiving_agency.name}"
        )
    lessons = [e.text for e in events if e.kind == EventKind.LEARNING and e.text]
    return {
        "parents": escalation.parents_carers,
        "lead_practitioner": (
            f"{escalation.receiving_professional_display}, {escalation.receiving_agency.name}"
        ),
        "need_level": escalation.need_level,
        "procedures": escalation.get_child_status_display(),
        "main_reasons": main_reasons_for(escalation.categories),
        "action": action.strip(),
        "practitioners_informed": "\n".join(informed),
        "delivery": "escalate",
        "issues": escalation.disagreement,
        "lessons": "\n\n".join(lessons),
    }


def resolution_content(
    *,
    escalation: Escalation,
    policy: Policy,
    state: CaseState,
    events: Sequence[Event],
    answers: Mapping[str, Any],
    reasons: Mapping[str, str],
    author: Person,
    sent_to: Sequence[str],
    now: dt.datetime,
) -> dict[str, Any]:
    """What the form says, as plain values: the PDF and the page in the app show this."""
    closing = closing_event(events)
    first, last = state.history[0], state.history[-1]
    reached = (
        last.title if first.key == last.key else f"Raised at {first.title}; reached {last.title}"
    )
    how = "final binding decision" if state.status == "decided" else "resolved by agreement"
    labels = dict(MAIN_REASONS)
    return {
        "title": "Escalation Resolution form",
        "reference": escalation.reference,
        "partnership": escalation.partnership.name,
        "policy_title": policy.title,
        "procedure": escalation.procedure_name,
        "child_name": escalation.child_name,
        "child_date_of_birth": long_date(escalation.child_date_of_birth),
        "parents": answers.get("parents", "").strip() or "Not recorded",
        "lead_practitioner": answers["lead_practitioner"].strip(),
        "need_level": str(NeedLevel(answers["need_level"]).label),
        "procedures": answers["procedures"].strip(),
        "stage_of_escalation": reached,
        "stage_resolved": f"{last.title} ({how})",
        "timescales": [
            {
                "stage": row.title,
                "number": row.number,
                "deadline": short_datetime(row.deadline) or "None",
                "ended": short_datetime(row.ended_at),
                "answer": row.answer,
                "reason": reasons.get(row.key, "").strip() if row.met is False else "",
            }
            for row in timescale_rows(state)
        ],
        "main_reasons": [labels[key] for key in answers["main_reasons"]],
        "action": answers["action"].strip(),
        "referrer": person_line(escalation.raised_by),
        "practitioners_informed": answers["practitioners_informed"].strip(),
        "date_completed": long_date(now),
        "completed_by": person_line(author),
        "delivery": dict(DELIVERY)[answers["delivery"]],
        "sent_to": list(sent_to),
        "resolution_date": long_date(closing.at if closing else last.ended_at),
        "resolution_level": f"{level_of(policy, last.key)} ({last.title})",
        "issues": answers["issues"].strip(),
        "lessons": answers["lessons"].strip(),
    }
