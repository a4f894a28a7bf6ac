"""The signed-in person is loaded in one query: agency, partnership and roles with them."""

from __future__ import annotations

import pytest
from cast import make_cast, person
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalate.partnerships.backends import PersonBackend
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db


def test_the_person_comes_with_agency_partnership_and_roles_in_one_query() -> None:
    cast = make_cast("brent")
    with CaptureQueriesContext(connection) as queries:
        loaded = PersonBackend().get_user(cast.officer.pk)
        assert loaded is not None
        assert loaded.agency is not None
        assert loaded.agency.partnership.name == cast.partnership.name
        assert loaded.role_keys() == {"business-manager", "partnership-administrator"}
    assert len(queries) == 1


def test_someone_with_no_roles_has_none() -> None:
    cast = make_cast("brent")
    nobody = person("noroles.brent", cast.school)
    loaded = PersonBackend().get_user(nobody.pk)
    assert loaded is not None
    assert loaded.role_keys() == frozenset()


def test_a_closed_account_or_a_wrong_id_signs_nobody_in() -> None:
    cast = make_cast("brent")
    cast.raiser.is_active = False
    cast.raiser.save()
    assert PersonBackend().get_user(cast.raiser.pk) is None
    assert PersonBackend().get_user(987654) is None


def test_the_person_loaded_is_the_one_the_orm_loads_field_for_field() -> None:
    """The query is compiled once per process and its row made into the person by hand:
    every field, type and related row as the ORM gives them."""
    cast = make_cast("brent")
    loaded = PersonBackend().get_user(cast.raiser.pk)
    again = PersonBackend().get_user(str(cast.raiser.pk))  # the session keeps it as text
    expected = Person.objects.select_related("agency__partnership").get(pk=cast.raiser.pk)
    for person_loaded in (loaded, again):
        assert person_loaded is not None
        assert not person_loaded._state.adding
        for field in Person._meta.concrete_fields:
            value = getattr(person_loaded, field.attname)
            assert value == getattr(expected, field.attname), field.name
            assert type(value) is type(getattr(expected, field.attname)), field.name
        assert person_loaded.agency == expected.agency
        assert person_loaded.agency.partnership == expected.agency.partnership  # type: ignore[union-attr]
        assert person_loaded.manages_anyone() is False
    manager = PersonBackend().get_user(cast.manager.pk)
    assert manager is not None
    assert manager.manages_anyone() is True


def test_someone_in_no_agency_loads_with_none() -> None:
    loose = Person.objects.create_user(username="loose", password="x" * 20)
    with CaptureQueriesContext(connection) as queries:
        loaded = PersonBackend().get_user(loose.pk)
        assert loaded is not None
        assert loaded.agency is None
        assert loaded.partnership_id is None
        assert loaded.role_keys() == frozenset()
    assert len(queries) == 1
    assert PersonBackend().get_user("not a number") is None
