"""Named permission rules, used by views and templates alike, so that a button shown and a
request accepted never disagree. Anyone who may not see an escalation gets 404."""

from __future__ import annotations

from typing import Final, Literal

from escalate.escalations.models import Escalation, Participant
from escalate.escalations.participants import party_now, people_for
from escalate.memo import once
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person
from escalate.policy.case import AllowedAction
from escalate.policy.schema import Stage

ANY_PARTICIPANT = frozenset({"add-note", "report-policy-gap", "record-discussion"})

Side = Literal["raising", "receiving", "partnership"]
DISPUTING: Final[frozenset[Side]] = frozenset({"raising", "receiving"})


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
    stage = escalation.policy_version.policy.stage(escalation.current_stage)
    if action.kind in ("resolve", "escalate"):
        return moves_it_on(person, escalation, stage)
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


def side_of(person: Person, escalation: Escalation) -> Side:
    """Which side of the disagreement ``person`` is on: their agency's, or the partnership's
    (officers, chairs, panel members, anyone from a third agency)."""
    if person.agency_id == escalation.raising_agency_id:
        return "raising"
    if person.agency_id == escalation.receiving_agency_id:
        return "receiving"
    return "partnership"


def acting_sides(stage: Stage) -> frozenset[Side]:
    """The sides the policy names among the stage's actors ("both" is each agency)."""
    sides: set[Side] = set()
    for party in stage.actors:
        if party.side == "both":
            sides |= DISPUTING
        else:
            sides.add(party.side)
    return frozenset(sides)


def agreeing_sides(stage: Stage) -> frozenset[Side]:
    """Whose agreement resolves the escalation at ``stage``: each agency in the disagreement
    that acts at the stage; where only the partnership acts (a panel, a chair), both."""
    return (acting_sides(stage) & DISPUTING) or DISPUTING


def _named_at(person: Person, escalation: Escalation, stage: Stage) -> bool:
    """Is ``person`` one of the partnership's people the policy names at ``stage``?"""
    return any(
        person in people_for(escalation, party)
        for party in stage.actors
        if party.side == "partnership"
    )


def moves_it_on(person: Person, escalation: Escalation, stage: Stage) -> bool:
    """Who may resolve or escalate at ``stage``: a side whose agreement is needed (for a
    resolution, each such side records its agreement and it is resolved once all have), and
    the partnership's people the policy names at the stage (a mediator, a panel's chair), who
    may record the outcome the sides agreed in front of them or take it on."""
    side = side_of(person, escalation)
    if side in agreeing_sides(stage):
        return True
    return side == "partnership" and _named_at(person, escalation, stage)


def may_dispute(person: Person, escalation: Escalation, stage: Stage) -> bool:
    """A party on a side whose agreement the outcome needed may say they do not agree with
    it. (Whether there is an outcome to dispute is the service's question.)"""
    return can_view(person, escalation) and side_of(person, escalation) in agreeing_sides(stage)


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
    """The actions ``person`` may take from the escalation's page. Where the stage has a
    meeting or panel, its decision is recorded through the meeting, never from here."""
    meeting = escalation.policy_version.policy.stage(escalation.current_stage).meeting
    return [
        action
        for action in allowed
        if can_take(person, escalation, action)
        and not (action.kind == "record-decision" and meeting is not None)
    ]
