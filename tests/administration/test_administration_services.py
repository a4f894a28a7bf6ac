"""The administration's rules, asked of the service directly (the pages use it too)."""

from __future__ import annotations

import pytest
from cast import make_cast, person

from escalate.administration.services import AdministrationRefused, PersonChange, person_update
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db


def change(target: Person, **values: object) -> PersonChange:
    fields: dict[str, object] = {
        "agency": target.agency,
        "job_title": target.job_title,
        "email": target.email,
        "phone": target.phone,
        "line_manager": target.line_manager,
        "is_active": target.is_active,
        "roles": frozenset(target.role_keys()),
    }
    fields.update(values)
    return PersonChange(**fields)  # type: ignore[arg-type]


def test_nobody_manages_themselves_and_no_chain_loops() -> None:
    cast = make_cast("brent")
    with pytest.raises(AdministrationRefused, match="cannot be their own line manager"):
        person_update(
            actor=cast.officer,
            person=cast.raiser,
            change=change(cast.raiser, line_manager=cast.raiser),
        )
    with pytest.raises(AdministrationRefused, match="is managed, directly or not"):
        person_update(
            actor=cast.officer,
            person=cast.manager,
            change=change(cast.manager, line_manager=cast.raiser),
        )


def test_superusers_and_other_partnerships_people_are_refused() -> None:
    cast = make_cast("brent")
    root = person("root.brent", cast.team)
    root.is_superuser = True
    root.save()
    for target in (root, cast.stranger):
        with pytest.raises(AdministrationRefused, match="only change people in your own"):
            person_update(actor=cast.officer, person=target, change=change(target))
    with pytest.raises(AdministrationRefused, match="line manager in your partnership"):
        person_update(
            actor=cast.officer, person=cast.raiser, change=change(cast.raiser, line_manager=root)
        )


def test_only_an_administrator_may_change_anyone_and_only_to_listed_roles() -> None:
    cast = make_cast("brent")
    with pytest.raises(AdministrationRefused, match="Only a partnership administrator"):
        person_update(actor=cast.manager, person=cast.raiser, change=change(cast.raiser))
    with pytest.raises(AdministrationRefused, match="Choose roles from the list: made-up"):
        person_update(
            actor=cast.officer,
            person=cast.raiser,
            change=change(cast.raiser, roles=frozenset({"practitioner", "made-up"})),
        )
