"""Who is party to an escalation, worked out from the policy, the engine's answer and the
directory. Stored so that 'my escalations' and permission checks are one indexed query."""

from __future__ import annotations

from escalate.escalations.models import Escalation, Participant
from escalate.partnerships.directory import people_holding
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState
from escalate.policy.schema import Party, Policy


def people_for(escalation: Escalation, party: Party) -> list[Person]:
    """The people who fill ``party`` on this escalation."""
    if party.role == "practitioner":
        found: list[Person] = []
        if party.side in ("raising", "both"):
            found.append(escalation.raised_by)
        if party.side in ("receiving", "both") and escalation.receiving_professional:
            found.append(escalation.receiving_professional)
        return found
    return list(
        people_holding(
            party,
            partnership=escalation.partnership,
            raising=escalation.raising_agency,
            receiving=escalation.receiving_agency,
        ).order_by("username")
    )


def participants_for(
    escalation: Escalation, policy: Policy, state: CaseState
) -> dict[Person, tuple[str, bool]]:
    """Each person who may see the escalation, why, and whether they must act now."""
    found: dict[Person, tuple[str, bool]] = {}

    def add(person: Person, reason: str, acts: bool = False) -> None:
        known = found.get(person)
        if known is None:
            found[person] = (reason, acts)
        elif acts and not known[1]:
            found[person] = (known[0], True)

    add(escalation.raised_by, "Raised it")
    if escalation.receiving_professional is not None:
        add(escalation.receiving_professional, "The disagreement is with them")
    acting = set(state.who_must_act)
    for visit in state.history:
        stage = policy.stage(visit.key)
        for party in stage.actors:
            is_now = state.is_open and visit is state.current
            for person in people_for(escalation, party):
                add(person, f"{policy.role_label(party.role)} at {stage.title}", is_now)
    for party in acting:
        for person in people_for(escalation, party):
            add(person, f"{policy.role_label(party.role)}: must act now", True)
    for note in state.notifications_due:
        for party in note.to:
            for person in people_for(escalation, party):
                add(person, f"{policy.role_label(party.role)}: to be told")
    for person in list(found):
        for manager in person.managers():
            add(manager, f"Line manager of {person.display_name}")
    return found


def refresh_participants(escalation: Escalation, policy: Policy, state: CaseState) -> None:
    """Add new participants and update who must act. Nobody is removed: whoever took part
    may always see what they took part in."""
    wanted = participants_for(escalation, policy, state)
    existing = {p.person_id: p for p in Participant.objects.filter(escalation=escalation)}
    for person, (reason, acts) in wanted.items():
        row = existing.get(person.pk)
        if row is None:
            Participant.objects.create(
                escalation=escalation, person=person, reason=reason, acts=acts
            )
        elif row.acts != acts:
            Participant.objects.filter(pk=row.pk).update(acts=acts)
    stale = [pk for pk, row in existing.items() if row.acts and pk not in {p.pk for p in wanted}]
    Participant.objects.filter(escalation=escalation, person_id__in=stale).update(acts=False)
