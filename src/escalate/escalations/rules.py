"""Named permission rules, used by views and templates alike, so that a button shown and a
request accepted never disagree. Anyone who may not see an escalation gets 404."""

from __future__ import annotations

from escalate.escalations.models import Escalation, Participant
from escalate.escalations.participants import party_now, people_for
from escalate.memo import once
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person
from escalate.policy.case import AllowedAction

ANY_PARTICIPANT = frozenset(
    {"add-note", "report-policy-gap", "record-discussion", "escalate", "resolve"}
)


def can_view(person: Person, escalation: Escalation) -> bool:
    """Officers of the escalation's partnership and the people party to it (asked many times
    by one page: answered once per request and version of the escalation)."""
    if not person.is_authenticated or not person.is_active:
        return False
    if is_officer(person, escalation.partnership_id):
        return True
    return once(
        ("party-to", person.pk, escalation.pk, escalation.version),
        lambda: Participant.objects.filter(party_now(person), escalation=escalation).exists(),
    )


def can_see_view_log(person: Person, escalation: Escalation) -> bool:
    return is_officer(person, escalation.partnership_id)


def can_take(person: Person, escalation: Escalation, action: AllowedAction) -> bool:
    """May ``person`` take ``action`` (one the engine allows now) on ``escalation``?"""
    if not can_view(person, escalation):
        return False
    officer = is_officer(person, escalation.partnership_id)
    if action.kind in ANY_PARTICIPANT:
        return True
    if action.kind == "complete-step":
        return officer or _fills_step(person, escalation, action)
    if action.kind == "withdraw":
        return (
            officer
            or person.pk == escalation.raised_by_id
            or person in escalation.raised_by.managers()
        )
    if action.kind in ("skip", "record-decision"):
        if not action.roles:
            return True
        return officer or bool(person.role_keys() & set(action.roles))
    return False


def _fills_step(person: Person, escalation: Escalation, action: AllowedAction) -> bool:
    """The step's own people, or their line managers, may record it as done."""
    stage = escalation.policy_version.policy.stage(action.stage or escalation.current_stage)
    step = next((s for s in stage.steps if s.key == action.step), None)
    if step is None:
        return False
    for party in step.who:
        for holder in people_for(escalation, party):
            if person == holder or person in holder.managers():
                return True
    return False


def can_record_mash_referral(
    person: Person, escalation: Escalation, allowed: tuple[AllowedAction, ...]
) -> bool:
    """A MASH referral is recorded on an open escalation by anyone who may add a note."""
    return escalation.status == "open" and any(
        action.kind == "add-note" and can_take(person, escalation, action) for action in allowed
    )


def actions_for(
    person: Person, escalation: Escalation, allowed: tuple[AllowedAction, ...]
) -> list[AllowedAction]:
    return [action for action in allowed if can_take(person, escalation, action)]
