"""The rules of the administration pages, in one place: a partnership administrator changes
only people of their own partnership, never a superuser; agencies and line managers come from
the same partnership; roles are chosen from the partnership's list (the same list as the Django
administration's and the directory imports'), never typed; nobody manages themselves, and no
chain of line managers loops."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from escalate.accounts.sessions import end_sessions
from escalate.partnerships.models import Agency, Partnership, Person, RoleHolder
from escalate.partnerships.roles import role_names

ADMINISTRATOR = "partnership-administrator"


class AdministrationRefused(Exception):
    """A change the rules do not allow; its message says why, in plain English."""


def administers(person: Person) -> Partnership | None:
    """The partnership ``person`` administers, or None."""
    if not person.is_authenticated or not person.is_active or person.agency is None:
        return None
    if ADMINISTRATOR not in person.role_keys():
        return None
    return person.agency.partnership


def people_administered(partnership: Partnership) -> QuerySet[Person]:
    """Everyone an administrator of ``partnership`` may see and change: its people, no
    superuser."""
    return Person.objects.filter(agency__partnership=partnership, is_superuser=False)


@dataclass(frozen=True)
class PersonChange:
    agency: Agency
    job_title: str
    line_manager: Person | None
    email: str
    phone: str
    is_active: bool
    roles: frozenset[str]


def _check(partnership: Partnership, person: Person, change: PersonChange) -> None:
    if person.is_superuser or person.partnership_id != partnership.pk:
        raise AdministrationRefused("You can only change people in your own partnership")
    if change.agency.partnership_id != partnership.pk:
        raise AdministrationRefused("Choose an agency in your partnership")
    unknown = change.roles - set(role_names(partnership))
    if unknown:
        raise AdministrationRefused(f"Choose roles from the list: {', '.join(sorted(unknown))}")
    manager = change.line_manager
    if manager is None:
        return
    if manager.pk == person.pk:
        raise AdministrationRefused("Someone cannot be their own line manager")
    if manager.is_superuser or manager.partnership_id != partnership.pk:
        raise AdministrationRefused("Choose a line manager in your partnership")
    seen = {person.pk}
    above: Person | None = manager
    while above is not None:
        if above.pk in seen:
            raise AdministrationRefused(
                f"{manager.display_name} is managed, directly or not, by "
                f"{person.display_name}: choose someone else"
            )
        seen.add(above.pk)
        above = above.line_manager


@transaction.atomic
def person_update(
    *, actor: Person, person: Person, change: PersonChange, session_key: str | None = None
) -> Person:
    """Change ``person``'s agency, job title, line manager, whether they can sign in, and
    roles. Someone whose account is switched off is signed out everywhere."""
    partnership = administers(actor)
    if partnership is None:
        raise AdministrationRefused("Only a partnership administrator can change people")
    _check(partnership, person, change)
    if person.pk == actor.pk and ADMINISTRATOR not in change.roles:
        raise AdministrationRefused("You cannot take away your own administrator role")
    if person.pk == actor.pk and not change.is_active:
        raise AdministrationRefused("You cannot switch off your own account")
    switched_off = person.is_active and not change.is_active
    person.agency = change.agency
    person.job_title = change.job_title
    person.email = change.email
    person.phone = change.phone
    person.line_manager = change.line_manager
    person.is_active = change.is_active
    person.save(
        update_fields=["agency", "job_title", "email", "phone", "line_manager", "is_active"]
    )
    _set_roles(person, change.roles)
    if switched_off:
        end_sessions(person, keep=session_key)
    return person


def _set_roles(person: Person, roles: Iterable[str]) -> None:
    wanted = set(roles)
    held = set(person.role_holdings.values_list("role", flat=True))
    person.role_holdings.filter(role__in=held - wanted).delete()
    RoleHolder.objects.bulk_create(
        [RoleHolder(person=person, role=role) for role in sorted(wanted - held)]
    )
    person.__dict__.pop("_role_keys", None)
