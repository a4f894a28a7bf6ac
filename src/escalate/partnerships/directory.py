"""Finding the people who hold a role on one side of a disagreement."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from escalate.partnerships.models import OFFICER_ROLES, Agency, Partnership, Person
from escalate.policy.schema import Party, Policy
from escalate.policy.sections import NotAnEscalation


def people_holding(
    party: Party, *, partnership: Partnership, raising: Agency, receiving: Agency
) -> QuerySet[Person]:
    """Everyone who holds ``party.role`` on ``party.side`` (the raiser's and the other
    professional's own places are found by the caller: a 'practitioner' is a person, not a
    post)."""
    people = Person.objects.filter(is_active=True, role_holdings__role=party.role)
    if party.side == "raising":
        return people.filter(agency=raising)
    if party.side == "receiving":
        return people.filter(agency=receiving)
    if party.side == "both":
        return people.filter(agency__in=[raising, receiving])
    return people.filter(agency__partnership=partnership)


def officers(partnership: Partnership) -> QuerySet[Person]:
    return Person.objects.filter(
        is_active=True, agency__partnership=partnership, role_holdings__role__in=OFFICER_ROLES
    ).distinct()


def is_officer(person: Person, partnership_id: int) -> bool:
    return person.partnership_id == partnership_id and bool(person.role_keys() & set(OFFICER_ROLES))


def administrators(partnership: Partnership) -> list[Person]:
    """Who keeps the partnership's directory: its partnership administrators."""
    return list(
        Person.objects.filter(
            is_active=True,
            agency__partnership=partnership,
            role_holdings__role="partnership-administrator",
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def directory_contacts(
    person: Person, policy: Policy, wanted: Iterable[Party]
) -> list[dict[str, object]]:
    """For each party (once), its label and the people who hold it, as seen by ``person``:
    their own agency is the raising side (for a practitioner about to raise)."""
    agency = person.agency
    if agency is None:
        return []
    found: list[dict[str, object]] = []
    for party in dict.fromkeys(wanted):
        if party.role == "practitioner":
            continue
        people = people_holding(
            party, partnership=agency.partnership, raising=agency, receiving=agency
        )
        label = policy.role_label(party.role)
        if party.side in ("raising", "both"):
            label = f"{label}, {agency.name}"
        found.append(
            {"label": label, "people": list(people.select_related("agency").order_by("last_name"))}
        )
    return found


def matter_contacts(person: Person, policy: Policy, matter: NotAnEscalation) -> dict[str, object]:
    """The not-an-escalation page: the matter, the policy, the matter's own contacts and
    those for an immediate risk (whoever the policy's immediate-risk actions tell)."""
    risk = [party for action in policy.immediate_risk.actions for party in action.tell]
    return {
        "matter": matter,
        "policy": policy,
        "contacts": directory_contacts(person, policy, matter.contact),
        "risk_contacts": directory_contacts(person, policy, risk),
    }
