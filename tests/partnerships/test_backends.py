"""The signed-in person is loaded in one query: agency, partnership and roles with them."""

from __future__ import annotations

import pytest
from cast import make_cast, person
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalate.partnerships.backends import PersonBackend

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
