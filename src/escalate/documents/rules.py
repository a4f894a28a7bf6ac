"""Who may do what with an escalation's documents. Named rules used by views and templates
alike, on top of ``escalate.escalations.rules`` (anyone who may not see the escalation gets
404 before any of these is asked)."""

from __future__ import annotations

from typing import Final, Literal

from escalate.escalations import rules as escalation_rules
from escalate.escalations.models import Escalation, Status
from escalate.escalations.participants import parties_now
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState

Side = Literal["raising", "receiving"]
SIDES: Final[tuple[Side, ...]] = ("raising", "receiving")
NOTE_ACTIONS: Final = frozenset({"add-note", "report-policy-gap"})


def may_act(person: Person, escalation: Escalation, state: CaseState) -> bool:
    """May ``person`` take an action on the escalation beyond adding a note?"""
    return any(
        action.kind not in NOTE_ACTIONS
        for action in escalation_rules.actions_for(person, escalation, state.allowed_actions)
    )


def can_issue_notice(person: Person, escalation: Escalation, state: CaseState) -> bool:
    """The Escalation Notice is the raising agency's: someone there who may act on the
    escalation reviews and signs it, while the escalation is open."""
    return (
        state.is_open
        and person.agency_id == escalation.raising_agency_id
        and may_act(person, escalation, state)
    )


def can_complete_notice(person: Person, escalation: Escalation) -> bool:
    """The notice's second part: once resolved or decided, by the agency that issued it (the
    raising agency) or the partnership's officers."""
    return (
        escalation.status in (Status.RESOLVED, Status.DECIDED)
        and escalation_rules.can_view(person, escalation)
        and (
            person.agency_id == escalation.raising_agency_id
            or is_officer(person, escalation.partnership_id)
        )
    )


def can_complete_resolution_form(person: Person, escalation: Escalation) -> bool:
    """Once resolved or decided, anyone party to the escalation may complete the form."""
    return escalation.status in (Status.RESOLVED, Status.DECIDED) and escalation_rules.can_view(
        person, escalation
    )


def can_make_case_record(person: Person, escalation: Escalation) -> bool:
    return escalation_rules.can_view(person, escalation)


def side_people(escalation: Escalation, side: Side) -> list[Person]:
    """Who may confirm the agreed outcome for a side: the raiser or the receiving professional,
    and their line managers. Where the receiving professional is not in the directory, the
    people from the receiving agency who are party to the escalation today (``parties_now``:
    not those who have left the agency or the role they were party by)."""
    lead = escalation.raised_by if side == "raising" else escalation.receiving_professional
    if lead is None:
        party = parties_now(escalation).filter(agency_id=escalation.receiving_agency_id)
        return list(Person.objects.filter(pk__in=party.values("person_id")).order_by("username"))
    return [lead, *lead.managers()]


def sides_of(person: Person, escalation: Escalation) -> list[Side]:
    """The sides ``person`` may confirm the agreed outcome for (usually none or one)."""
    if escalation.status != Status.RESOLVED or not escalation_rules.can_view(person, escalation):
        return []
    return [side for side in SIDES if person in side_people(escalation, side)]
