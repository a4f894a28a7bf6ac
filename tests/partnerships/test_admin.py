"""The administration pages: each partnership administrator sees only their partnership."""

from __future__ import annotations

import pytest
from cast import make_cast
from django.test import Client

from escalate.partnerships.models import Person, RoleHolder

pytestmark = pytest.mark.django_db


def admin_client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_an_administrator_sees_only_their_own_partnerships_people_and_agencies() -> None:
    cast = make_cast("brent")
    client = admin_client(cast.officer)  # holds partnership-administrator
    people = client.get("/admin/partnerships/person/")
    assert people.status_code == 200
    assert cast.raiser.username.encode() in people.content
    assert cast.stranger.username.encode() not in people.content
    assert client.get(f"/admin/partnerships/person/{cast.stranger.pk}/change/").status_code in (
        302,
        404,
    )
    agencies = client.get("/admin/partnerships/agency/")
    assert b"Oakfield Primary School" in agencies.content
    assert b"Far team" not in agencies.content


def test_an_administrator_cannot_give_anyone_superuser_or_staff_powers() -> None:
    cast = make_cast("brent")
    page = admin_client(cast.officer).get(f"/admin/partnerships/person/{cast.raiser.pk}/change/")
    assert page.status_code == 200
    assert b"is_superuser" not in page.content
    assert b"user_permissions" not in page.content


def test_an_administrator_can_set_who_manages_whom_within_their_partnership() -> None:
    cast = make_cast("brent")
    page = admin_client(cast.officer).get(f"/admin/partnerships/person/{cast.raiser.pk}/change/")
    assert f'value="{cast.manager.pk}"'.encode() in page.content
    assert f'value="{cast.stranger.pk}"'.encode() not in page.content


@pytest.mark.parametrize("who", ["raiser", "manager", "stranger", "chair"])
def test_people_who_do_not_administer_are_sent_to_sign_in(who: str) -> None:
    cast = make_cast("brent")
    person = getattr(cast, who)
    assert not RoleHolder.objects.filter(person=person, role="partnership-administrator").exists()
    page = admin_client(person).get("/admin/partnerships/person/")
    assert page.status_code == 302
    assert "/admin/login/" in page["Location"]
