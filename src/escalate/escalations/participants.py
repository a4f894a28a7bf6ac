"""Who is party to an escalation, worked out from the policy, the engine's answer and the
directory. Stored so that 'my escalations' and permission checks are one indexed query."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from escalate import memo
from escalate.compiled import Compiled
from escalate.escalations.models import Escalation, Participant
from escalate.memo import once
from escalate.partnerships.directory import people_holding
from escalate.partnerships.models import Person, RoleHolder
from escalate.policy.case import CaseState
from escalate.policy.schema import Party, Policy


def _party_key(escalation: Escalation, party: Party) -> tuple[object, ...]:
    return (
        "people-for",
        party.role,
        party.side,
        escalation.partnership_id,
        escalation.raising_agency_id,
        escalation.receiving_agency_id,
    )


def people_for(escalation: Escalation, party: Party) -> list[Person]:
    """The people who fill ``party`` on this escalation (looked up once per request)."""
    if party.role == "practitioner":
        found: list[Person] = []
        if party.side in ("raising", "both"):
            found.append(escalation.raised_by)
        if party.side in ("receiving", "both") and escalation.receiving_professional:
            found.append(escalation.receiving_professional)
        return found
    holders = once(
        _party_key(escalation, party),
        lambda: tuple(
            people_holding(
                party,
                partnership=escalation.partnership,
                raising=escalation.raising_agency,
                receiving=escalation.receiving_agency,
            ).order_by("username")
        ),
    )
    return list(holders)


def _fills(holding: RoleHolder, party: Party, escalation: Escalation) -> bool:
    """Does this role holding fill ``party``? (``people_holding``'s rule, for a batch.)"""
    agency = holding.person.agency
    if holding.role != party.role or agency is None:
        return False
    if party.side == "raising":
        return agency.pk == escalation.raising_agency_id
    if party.side == "receiving":
        return agency.pk == escalation.receiving_agency_id
    if party.side == "both":
        return agency.pk in (escalation.raising_agency_id, escalation.receiving_agency_id)
    return agency.partnership_id == escalation.partnership_id


def _holders(where: Q, roles: tuple[str, ...]) -> QuerySet[RoleHolder]:
    return (
        RoleHolder.objects.filter(where, person__is_active=True, role__in=roles)
        .select_related("person__agency")
        .order_by("person__username")
    )


# Who holds the roles, in the two agencies or anywhere in the partnership: compiled once
# (``escalate.compiled``), as the escalation page asks on every request.
_HOLDERS: Compiled[RoleHolder] = Compiled(
    RoleHolder,
    lambda agencies, roles: _holders(Q(person__agency__in=agencies), roles),
    prepared=True,
)
_HOLDERS_IN_PARTNERSHIP: Compiled[RoleHolder] = Compiled(
    RoleHolder,
    lambda agencies, partnership, roles: _holders(
        Q(person__agency__in=agencies) | Q(person__agency__partnership_id=partnership), roles
    ),
    prepared=True,
)


def remember_parties(escalation: Escalation, parties: Iterable[Party]) -> None:
    """Look up everyone who fills any of ``parties`` in one query, for the rest of this
    request (``people_for`` then needs none). Outside a request it does nothing."""
    if not memo.active():
        return
    wanted = {
        party
        for party in parties
        if party.role != "practitioner" and not memo.remembered(_party_key(escalation, party))
    }
    if not wanted:
        return
    roles = tuple(sorted({p.role for p in wanted}))
    agencies = (escalation.raising_agency_id, escalation.receiving_agency_id)
    if any(party.side not in ("raising", "receiving", "both") for party in wanted):
        holdings = _HOLDERS_IN_PARTNERSHIP.instances(
            agencies=agencies, partnership=escalation.partnership_id, roles=roles
        )
    else:
        holdings = _HOLDERS.instances(agencies=agencies, roles=roles)
    for party in wanted:
        people = tuple(h.person for h in holdings if _fills(h, party, escalation))
        memo.remember(_party_key(escalation, party), people)


def party_now(person: Person, prefix: str = "") -> Q:
    """Participant rows (or, with ``prefix`` like 'participants__', escalations) that give
    ``person`` access today: made while they were in the agency they are in now, and by a
    role they still hold (or as themselves). Moved, or without the role, they see no more."""
    if person.agency_id is None:
        return Q(pk__in=[])
    return party_now_as(person.pk, person.agency_id, tuple(sorted(person.role_keys())), prefix)


def party_now_as(person_id: int, agency_id: int, roles: tuple[str, ...], prefix: str = "") -> Q:
    """``party_now`` for the person ``person_id``, now in ``agency_id`` and holding ``roles``
    (for a query compiled once: ``escalate.compiled``)."""
    return Q(
        Q(**{f"{prefix}role": ""}) | Q(**{f"{prefix}role__in": roles}),
        **{f"{prefix}person_id": person_id, f"{prefix}agency_id": agency_id},
    )


def parties_now(escalation: Escalation) -> QuerySet[Participant]:
    """The escalation's Participant rows that count today, ``party_now``'s rule for everyone
    at once: the person is active, in the agency the row was made in, and still holds the
    role it was made for (or is party as themselves)."""
    still_holds = RoleHolder.objects.filter(person_id=OuterRef("person_id"), role=OuterRef("role"))
    return Participant.objects.filter(
        Q(role="") | Q(Exists(still_holds)),
        escalation=escalation,
        person__is_active=True,
        agency_id=F("person__agency_id"),
    )


def participants_for(
    escalation: Escalation, policy: Policy, state: CaseState
) -> dict[Person, tuple[str, bool, str]]:
    """Each person who may see the escalation, why, whether they must act now, and the role
    they are party by ("" when as themselves, which outlasts any role)."""
    found: dict[Person, tuple[str, bool, str]] = {}

    def add(person: Person, reason: str, acts: bool = False, role: str = "") -> None:
        known = found.get(person)
        if known is None:
            found[person] = (reason, acts, role)
        else:
            found[person] = (known[0], known[1] or acts, known[2] and role)

    def role_of(party: Party) -> str:
        return "" if party.role == "practitioner" else party.role

    add(escalation.raised_by, "Raised it")
    if escalation.receiving_professional is not None:
        add(escalation.receiving_professional, "The disagreement is with them")
    acting = set(state.who_must_act)
    for visit in state.history:
        stage = policy.stage(visit.key)
        for party in stage.actors:
            is_now = state.is_open and visit is state.current
            for person in people_for(escalation, party):
                add(
                    person,
                    f"{policy.role_label(party.role)} at {stage.title}",
                    is_now,
                    role_of(party),
                )
    for party in acting:
        for person in people_for(escalation, party):
            add(person, f"{policy.role_label(party.role)}: must act now", True, role_of(party))
    for note in state.notifications_due:
        for party in note.to:
            for person in people_for(escalation, party):
                add(person, f"{policy.role_label(party.role)}: to be told", False, role_of(party))
    for person in list(found):
        for manager in person.managers():
            add(manager, f"Line manager of {person.display_name}")
    return found


def list_copies(escalation: Escalation) -> dict[str, Any]:
    """What each participation keeps a copy of, besides when the escalation was raised (which
    never changes), for the lists that start from their own rows: kept by the writer
    (``services.append_event``) whenever one of them changes."""
    return {
        "status": escalation.status,
        "next_deadline": escalation.next_deadline,
        "current_stage": escalation.current_stage,
        "to_confirm": escalation.waits_for_confirmation,
        "resolved_at": escalation.resolved_at,
    }


def refresh_participants(escalation: Escalation, policy: Policy, state: CaseState) -> None:
    """Add new participants and update who must act. Nobody is removed: whoever took part
    may always see what they took part in."""
    wanted = participants_for(escalation, policy, state)
    existing = {p.person_id: p for p in Participant.objects.filter(escalation=escalation)}
    for person, (reason, acts, role) in wanted.items():
        row = existing.get(person.pk)
        if row is None:
            Participant.objects.create(
                escalation=escalation,
                person=person,
                reason=reason,
                acts=acts,
                agency_id=person.agency_id,
                role=role,
                raised_at=escalation.raised_at,
                **list_copies(escalation),
            )
        elif (row.acts, row.agency_id, row.role) != (acts, person.agency_id, role):
            # Party again from where they are now (after a move, or by another role).
            Participant.objects.filter(pk=row.pk).update(
                acts=acts, agency_id=person.agency_id, role=role, reason=reason
            )
    stale = [pk for pk, row in existing.items() if row.acts and pk not in {p.pk for p in wanted}]
    Participant.objects.filter(escalation=escalation, person_id__in=stale).update(acts=False)
