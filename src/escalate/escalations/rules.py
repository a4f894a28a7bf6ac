"""Named permission rules, used by views and templates alike, so that a button shown and a
request accepted never disagree. Anyone who may not see an escalation gets 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from escalate.escalations.models import Escalation, Participant
from escalate.escalations.participants import party_now, party_now_as, people_for
from escalate.memo import once, remember
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person
from escalate.policy import permits
from escalate.policy.case import Actor, AllowedAction
from escalate.policy.case import ActorSide as Side
from escalate.policy.permits import DISPUTING as DISPUTING
from escalate.policy.permits import acting_sides as acting_sides
from escalate.policy.permits import agreeing_sides as agreeing_sides
from escalate.policy.permits import agreement_needed as agreement_needed
from escalate.policy.references import roles_named
from escalate.policy.schema import Stage

ANY_PARTICIPANT = frozenset({"add-note", "report-policy-gap", "record-discussion"})


def can_view(person: Person, escalation: Escalation) -> bool:
    """Officers of the escalation's partnership and the people party to it (asked many times
    by one page: answered once per request and version of the escalation)."""
    if not person.is_authenticated or not person.is_active:
        return False
    if is_officer(person, escalation.partnership_id):
        return True
    return once(
        _party_key(person, escalation),
        lambda: Participant.objects.filter(party_now(person), escalation=escalation).exists(),
    )


def _party_key(person: Person, escalation: Escalation) -> tuple[object, ...]:
    return ("party-to", person.pk, escalation.pk, escalation.version)


def party_to(person_id: int, agency_id: int, roles: tuple[str, ...]) -> Exists:
    """For a query of escalations: is the person party to each today (``can_view``'s test
    for anyone but an officer, ``party_now``), to be read with the escalation and handed to
    ``remember_party``, so the page need not ask the database again."""
    mine = party_now_as(person_id, agency_id, roles)
    return Exists(Participant.objects.filter(mine, escalation_id=OuterRef("pk")))


def remember_party(person: Person, escalation: Escalation, party: bool) -> None:
    """``can_view``'s answer about a party, read with the escalation, for this request."""
    remember(_party_key(person, escalation), party)


def can_see_view_log(person: Person, escalation: Escalation) -> bool:
    return is_officer(person, escalation.partnership_id)


def can_take(person: Person, escalation: Escalation, action: AllowedAction) -> bool:
    """May ``person`` take ``action`` (one the engine allows now) on ``escalation``?"""
    if not can_view(person, escalation):
        return False
    if action.kind in ANY_PARTICIPANT:
        return True
    if action.kind == "complete-step":
        return is_officer(person, escalation.partnership_id) or _fills_step(
            person, escalation, action
        )
    if action.kind in ("pause", "resume"):  # whoever may move it on, and the officers
        stage = escalation.policy.stage(escalation.current_stage)
        actor = actor_for(person, escalation)
        return actor.officer or any(
            permits.permitted(stage, kind, actor) for kind in ("escalate", "resolve")
        )
    if action.kind in permits.CHECKED:  # the stage's rule, as the engine applies it
        stage = escalation.policy.stage(escalation.current_stage)
        return permits.permitted(stage, action.kind, actor_for(person, escalation), action.roles)
    return False


def actor_for(person: Person, escalation: Escalation) -> Actor:
    """``person`` as the policy engine is told them: their roles (a 'practitioner' is the
    raiser or the professional it is with, not a post), their side, whether they are one of
    the partnership's officers and whether they raised it (or manage who did)."""

    def build() -> Actor:
        roles = set(person.role_keys()) - {"practitioner"}
        if person.pk in (escalation.raised_by_id, escalation.receiving_professional_id):
            roles.add("practitioner")
        return Actor(
            side=side_of(person, escalation),
            roles=frozenset(roles),
            officer=is_officer(person, escalation.partnership_id),
            raised_it=person.pk == escalation.raised_by_id
            or person in escalation.raised_by.managers(),
        )

    return once(("actor", person.pk, escalation.pk, escalation.version), build)


def refusal(person: Person, escalation: Escalation, action: AllowedAction) -> str | None:
    """Why ``person``, who may see the escalation, may not take ``action`` (one the engine
    allows now) under the stage's rule, in plain words; None where the rule lets them."""
    if action.kind not in permits.CHECKED or not can_view(person, escalation):
        return None
    policy = escalation.policy
    stage = policy.stage(escalation.current_stage)
    reason = permits.refusal(
        policy, stage, action.kind, actor_for(person, escalation), action.roles
    )
    return None if reason is None else reason[:1].upper() + reason[1:]


def actor_data(actor: Actor) -> dict[str, Any]:
    """The actor as an event's data keeps it, so that the history replays as it was taken."""
    return {
        "side": actor.side,
        "roles": sorted(actor.roles),
        "officer": actor.officer,
        "raised_it": actor.raised_it,
    }


def side_of(person: Person, escalation: Escalation) -> Side:
    """Which side of the disagreement ``person`` is on: their agency's, or the partnership's
    (officers, chairs, panel members, anyone from a third agency)."""
    if person.agency_id == escalation.raising_agency_id:
        return "raising"
    if person.agency_id == escalation.receiving_agency_id:
        return "receiving"
    return "partnership"


def may_dispute(person: Person, escalation: Escalation, stage: Stage) -> bool:
    """A party on a side whose agreement the outcome needed may say they do not agree with
    it. (Whether there is an outcome to dispute is the service's question.)"""
    return can_view(person, escalation) and side_of(person, escalation) in agreement_needed(stage)


def _fills_step(person: Person, escalation: Escalation, action: AllowedAction) -> bool:
    """The step's own people, or their line managers, may record it as done."""
    stage = escalation.policy.stage(action.stage or escalation.current_stage)
    step = next((s for s in stage.steps if s.key == action.step), None)
    if step is None:
        return False
    for party in step.who:
        for holder in people_for(escalation, party):
            if person == holder or person in holder.managers():
                return True
    return False


def names_mash(escalation: Escalation) -> bool:
    """Does the escalation's procedure name a multi-agency safeguarding hub (the ``mash``
    role: Bromley's immediate-risk referral)?"""
    return "mash" in roles_named(escalation.policy)


def can_record_mash_referral(
    person: Person, escalation: Escalation, allowed: tuple[AllowedAction, ...]
) -> bool:
    """A MASH referral is recorded on an open escalation, where the policy names a MASH, by
    anyone who may add a note."""
    return (
        escalation.status == "open"
        and names_mash(escalation)
        and any(
            action.kind == "add-note" and can_take(person, escalation, action) for action in allowed
        )
    )


def can_record_circumstances(
    person: Person, escalation: Escalation, allowed: tuple[AllowedAction, ...]
) -> bool:
    """A change in the child's circumstances: on an open escalation, by anyone who may add
    a note."""
    return escalation.status == "open" and any(
        action.kind == "add-note" and can_take(person, escalation, action) for action in allowed
    )


def actions_for(
    person: Person, escalation: Escalation, allowed: tuple[AllowedAction, ...]
) -> list[AllowedAction]:
    """The actions ``person`` may take from the escalation's page. Where the stage has a
    meeting or panel, its decision is recorded through the meeting, never from here."""
    meeting = escalation.policy.stage(escalation.current_stage).meeting
    return [
        action
        for action in allowed
        if can_take(person, escalation, action)
        and not (action.kind == "record-decision" and meeting is not None)
    ]
