"""A partnership administrator cannot raise anyone's powers, their own included: superusers
and people outside the partnership are out of reach (their pages, their password), and
roles are chosen from those the partnership's policy and the directory name."""

from __future__ import annotations

import re
from typing import Any

import pytest
from cast import PASSWORD, Cast, make_cast
from django.test import Client

from escalate.partnerships.models import Person, RoleHolder

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-password-for-the-takeover"


def admin_client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def superuser_in(cast: Cast) -> Person:
    """A superuser who happens to have an agency in the administrator's partnership."""
    return Person.objects.create_superuser(
        username="root.brent", password=PASSWORD, email="root@example.org", agency=cast.team
    )


def person_url(person: Person, page: str = "change") -> str:
    return f"/admin/partnerships/person/{person.pk}/{page}/"


@pytest.mark.parametrize("page", ["change", "password", "history", "delete"])
@pytest.mark.parametrize("whose", ["superuser", "stranger"])
def test_an_administrator_cannot_open_a_superuser_or_outsider(page: str, whose: str) -> None:
    cast = make_cast("brent")
    target = superuser_in(cast) if whose == "superuser" else cast.stranger
    response = admin_client(cast.officer).get(person_url(target, page))
    assert response.status_code in (302, 403, 404)
    assert target.username.encode() not in response.content


@pytest.mark.parametrize("whose", ["superuser", "stranger"])
def test_an_administrator_cannot_reset_a_superuser_or_outsiders_password(whose: str) -> None:
    cast = make_cast("brent")
    target = superuser_in(cast) if whose == "superuser" else cast.stranger
    admin_client(cast.officer).post(
        person_url(target, "password"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert not Client().login(username=target.username, password=NEW_PASSWORD)


def test_an_administrator_does_not_see_superusers_in_the_list() -> None:
    cast = make_cast("brent")
    root = superuser_in(cast)
    page = admin_client(cast.officer).get("/admin/partnerships/person/")
    assert page.status_code == 200
    assert cast.raiser.username.encode() in page.content
    assert root.username.encode() not in page.content


def test_an_administrator_can_still_reset_a_password_in_their_partnership() -> None:
    cast = make_cast("brent")
    admin_client(cast.officer).post(
        person_url(cast.raiser, "password"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    cast.raiser.refresh_from_db()
    assert cast.raiser.check_password(NEW_PASSWORD)


def test_a_superuser_can_still_manage_superusers() -> None:
    cast = make_cast("brent")
    root = superuser_in(cast)
    other_root = Person.objects.create_superuser(username="root2", password=PASSWORD)
    assert admin_client(root).get(person_url(other_root)).status_code == 200


# -- roles are chosen, not typed ----------------------------------------------------------


def change_form(client: Client, person: Person) -> dict[str, Any]:
    """The person's change form as a browser would post it back, unchanged."""
    page = client.get(person_url(person)).content.decode()
    data: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag or 'type="checkbox"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for tag in re.findall(r'<input[^>]*type="checkbox"[^>]*>', page):
        name = re.search(r'name="([^"]+)"', tag)
        if name and "checked" in tag:
            data[name.group(1)] = "on"
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def role_options(client: Client, person: Person) -> list[str]:
    page = client.get(person_url(person)).content.decode()
    select = re.search(r'<select[^>]*name="role_holdings-0-role"[^>]*>(.*?)</select>', page, re.S)
    assert select, "the role is not chosen from a list"
    return re.findall(r'<option value="([^"]+)"', select.group(1))


def add_role(cast: Cast, role: str) -> Any:
    client = admin_client(cast.officer)
    data = change_form(client, cast.colleague)
    index = int(data["role_holdings-TOTAL_FORMS"]) - 1  # the empty extra row
    data[f"role_holdings-{index}-role"] = role
    data[f"role_holdings-{index}-person"] = str(cast.colleague.pk)
    return client.post(person_url(cast.colleague), data)


def test_a_misspelt_role_is_refused() -> None:
    cast = make_cast("brent")
    response = add_role(cast, "designated-safeguarding-leed")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not RoleHolder.objects.filter(role="designated-safeguarding-leed").exists()


@pytest.mark.parametrize(
    "role",
    [
        "designated-safeguarding-lead",  # the directory's vocabulary
        "head-of-safeguarding",  # Brent's policy names it
        "partnership-administrator",  # Escalate's own
    ],
)
def test_a_role_from_the_list_is_saved(role: str) -> None:
    cast = make_cast("brent")
    response = add_role(cast, role)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert RoleHolder.objects.filter(person=cast.colleague, role=role).exists()


def test_a_role_only_another_partnerships_policy_names_is_refused() -> None:
    cast = make_cast("brent")
    response = add_role(cast, "dci")  # Haringey's policy names it; Brent's does not
    assert response.status_code == 200
    assert not RoleHolder.objects.filter(person=cast.colleague, role="dci").exists()


def test_the_role_list_has_the_policys_and_the_directorys_roles() -> None:
    cast = make_cast("brent")
    options = role_options(admin_client(cast.officer), cast.raiser)
    assert "head-of-safeguarding" in options
    assert "designated-safeguarding-lead" in options
    assert "partnership-administrator" in options
    assert "dci" not in options
    assert len(options) == len(set(options))
