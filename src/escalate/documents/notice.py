"""The Escalation Notice: when the policy asks for one, who it goes to, when it is due, and
what it says (the fields of the St Helens template)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from escalate.documents.wording import long_date, long_datetime, party_label
from escalate.escalations.models import Escalation
from escalate.escalations.participants import people_for
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState, StageVisit, StepState
from escalate.policy.schema import Notification, Party, Policy, Stage

NOTICE = "escalation-notice"


@dataclass(frozen=True)
class Addressee:
    """One party the policy says receives the notice, and the people who fill it."""

    label: str
    people: tuple[Person, ...]
    copy: bool
    text: str


def notice_stages(policy: Policy) -> list[Stage]:
    """The stages whose documents include the Escalation Notice."""
    return [stage for stage in policy.stages if NOTICE in stage.documents]


def reached_notice_visits(policy: Policy, state: CaseState) -> list[tuple[Stage, StageVisit]]:
    keys = {stage.key for stage in notice_stages(policy)}
    return [(policy.stage(visit.key), visit) for visit in state.history if visit.key in keys]


def notice_step(policy: Policy, visit: StageVisit) -> StepState | None:
    """The stage's step whose document is the escalation notice, where the policy names one
    (St Helens: 'Forward the Escalation Notice to the Service Manager')."""
    sends = {s.key for s in policy.stage(visit.key).steps if s.document == "escalation-notice"}
    return next((step for step in visit.steps if step.key in sends), None)


def notice_due(policy: Policy, state: CaseState, visit: StageVisit) -> dt.datetime | None:
    """When the notice is due: the engine's deadline for the step that sends it, else for the
    policy's notification that carries it, else the stage's own deadline."""
    step = notice_step(policy, visit)
    if step is not None and step.due is not None:
        return step.due
    for due in state.notifications_due:
        if due.document == NOTICE and due.stage == visit.key and not due.copy:
            return due.due
    return visit.deadline


def _notifications(policy: Policy, stage: Stage) -> list[Notification]:
    return [n for n in (*stage.notify, *policy.notify) if n.document == NOTICE]


def addressees(escalation: Escalation, policy: Policy, stage: Stage) -> list[Addressee]:
    """Whom the policy says the notice goes to, a copy last; the people found for each."""
    found: list[Addressee] = []
    for note in sorted(_notifications(policy, stage), key=lambda n: n.copy_only):
        for party in note.to:
            found.append(
                Addressee(
                    label=_label(escalation, policy, party),
                    people=tuple(people_for(escalation, party)),
                    copy=note.copy_only,
                    text=note.text,
                )
            )
    return found


def _label(escalation: Escalation, policy: Policy, party: Party) -> str:
    return party_label(
        policy,
        party,
        raising=escalation.raising_agency.name,
        receiving=escalation.receiving_agency.name,
        partnership=escalation.partnership.name,
    )


def notice_content(
    *,
    escalation: Escalation,
    policy: Policy,
    stage: Stage,
    due: dt.datetime | None,
    to: list[Addressee],
    signer: Person,
    signer_role: str,
    information: str,
    now: dt.datetime,
) -> dict[str, Any]:
    """What the notice says, as plain values: the PDF and the page in the app show this."""
    copies = [a for a in to if a.copy]
    return {
        "title": "Escalation Notice",
        "reference": escalation.reference,
        "partnership": escalation.partnership.name,
        "policy_title": policy.title,
        "procedure": escalation.procedure_name,
        "stage_title": stage.title,
        "issuing_agency": escalation.raising_agency.name,
        "receiving_agency": escalation.receiving_agency.name,
        "child_name": escalation.child_name,
        "child_date_of_birth": long_date(escalation.child_date_of_birth),
        "child_reference": escalation.child_reference,
        "information": information.strip(),
        "signed_by": signer.display_name,
        "signed_role": signer_role.strip(),
        "dated": long_date(now),
        "issued_at": long_datetime(now),
        "sent_to": [_addressed(a) for a in to if not a.copy],
        "copy_to": [_addressed(a) for a in copies],
        "copy_date": long_date(now) if copies else "",
        "due": long_datetime(due),
        "on_time": None if due is None else now <= due,
    }


def _addressed(addressee: Addressee) -> str:
    names = ", ".join(p.display_name for p in addressee.people)
    return f"{addressee.label} ({names})" if names else f"{addressee.label} (nobody named yet)"
