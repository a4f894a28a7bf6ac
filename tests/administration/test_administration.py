"""The administration pages: only a partnership's administrators reach them (everyone else
gets 404), they show and change only that partnership's people and never a superuser, roles
are chosen from the partnership's list, line managers come from the partnership and never
loop, and each list keeps its query budget at two sizes."""

from __future__ import annotations

import html
from typing import Any

import pytest
from budget import assert_budget
from cast import PASSWORD, Cast, make_cast, person
from django.test import Client

from escalate.partnerships.models import Agency, Person, RoleHolder

pytestmark = pytest.mark.django_db

PAGES = [
    "/partnership/administration/",
    "/partnership/administration/agencies/",
    "/partnership/administration/people/",
]


def signed_in(someone: Person) -> Client:
    client = Client()
    assert client.login(username=someone.username, password=PASSWORD)
    return client


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def form_for(target: Person, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": target.agency_id,
        "job_title": target.job_title,
        "email": target.email,
        "phone": target.phone,
        "line_manager": target.line_manager_id or "",
        "active": "yes" if target.is_active else "no",
        "roles": sorted(target.role_keys()),
    }
    data.update(changes)
    return data


def test_only_the_partnerships_administrators_reach_the_pages() -> None:
    cast = make_cast("brent")
    RoleHolder.objects.create(person=cast.stranger, role="partnership-administrator")
    administrator = signed_in(cast.officer)
    for path in [*PAGES, f"/partnership/administration/people/{cast.raiser.pk}/"]:
        assert administrator.get(path).status_code == 200, path
        for outsider in (cast.raiser, cast.chair, cast.manager):
            assert signed_in(outsider).get(path).status_code == 404, (path, outsider)
        assert Client().get(path).status_code == 302, path
    other_partnerships = signed_in(cast.stranger)
    page = text(other_partnerships.get("/partnership/administration/people/"))
    assert cast.raiser.display_name not in page
    response = other_partnerships.get(f"/partnership/administration/people/{cast.raiser.pk}/")
    assert response.status_code == 404


def test_the_header_links_to_the_administration_for_administrators_only() -> None:
    cast = make_cast("brent")
    link = 'href="/partnership/administration/">Administration</a>'
    assert link in text(signed_in(cast.officer).get("/"))
    assert link not in text(signed_in(cast.raiser).get("/"))
    index = text(signed_in(cast.officer).get("/partnership/administration/"))
    for target in ("/partnership/policy/", "/partnership/failed-emails/", "/partnership/import/"):
        assert f'href="{target}"' in index, target


def test_people_are_found_by_name() -> None:
    cast = make_cast("brent")
    page = text(signed_in(cast.officer).get("/partnership/administration/people/?q=dsl+test"))
    assert "Dsl Testperson" in page
    assert "Raiser Testperson" not in page
    page = text(signed_in(cast.officer).get("/partnership/administration/people/?q=nobody"))
    assert 'Nobody matches "nobody".' in page


def test_superusers_are_out_of_reach() -> None:
    cast = make_cast("brent")
    root = person("root.brent", cast.team, "partnership-administrator")
    root.is_superuser = True
    root.save()
    client = signed_in(cast.officer)
    assert root.display_name not in text(client.get("/partnership/administration/people/"))
    assert client.get(f"/partnership/administration/people/{root.pk}/").status_code == 404
    response = client.post(
        f"/partnership/administration/people/{cast.raiser.pk}/",
        form_for(cast.raiser, line_manager=root.pk),
    )
    assert response.status_code == 200
    cast.raiser.refresh_from_db()
    assert cast.raiser.line_manager == cast.manager


def test_an_administrator_changes_roles_and_the_line_manager() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.officer)
    response = client.post(
        f"/partnership/administration/people/{cast.colleague.pk}/",
        form_for(
            cast.colleague,
            job_title="Head of year",
            line_manager=cast.dsl.pk,
            roles=["practitioner", "designated-safeguarding-lead"],
        ),
    )
    assert response.status_code == 302
    colleague = Person.objects.get(pk=cast.colleague.pk)
    assert colleague.line_manager == cast.dsl
    assert colleague.job_title == "Head of year"
    assert colleague.role_keys() == {"practitioner", "designated-safeguarding-lead"}
    page = text(client.get(response["Location"]))
    assert "Colleague Testperson's details are saved" in page
    assert "Designated safeguarding lead" in page or "designated-safeguarding-lead" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"roles": ["practitioner", "grand-vizier"]}, "Choose roles from the list"),
        ({"line_manager": "raiser"}, "Select a valid choice"),
        ({"line_manager": "loop"}, "is managed, directly or not, by Raiser Testperson"),
        ({"agency": "elsewhere"}, "Select a valid choice"),
        ({"active": ""}, "Select whether they can sign in"),
    ],
)
def test_a_change_the_rules_refuse_says_why(changes: dict[str, Any], message: str) -> None:
    cast = make_cast("brent")
    stand_ins = {
        "raiser": cast.raiser.pk,
        "loop": person("report.brent", cast.school, "practitioner", manager=cast.raiser).pk,
        "elsewhere": Agency.objects.create(
            partnership=cast.stranger.agency.partnership,  # type: ignore[union-attr]
            name="Far school",
            kind="school",
        ).pk,
    }
    changes = {
        key: stand_ins.get(value, value) if isinstance(value, str) else value
        for key, value in changes.items()
    }
    client = signed_in(cast.officer)
    response = client.post(
        f"/partnership/administration/people/{cast.raiser.pk}/", form_for(cast.raiser, **changes)
    )
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "<title>Error: " in page
    raiser = Person.objects.get(pk=cast.raiser.pk)
    assert raiser.line_manager == cast.manager
    assert raiser.role_keys() == {"practitioner"}


def test_an_administrator_cannot_remove_their_own_administration() -> None:
    cast = make_cast("brent")
    response = signed_in(cast.officer).post(
        f"/partnership/administration/people/{cast.officer.pk}/",
        form_for(cast.officer, roles=["business-manager"]),
    )
    assert "You cannot take away your own administrator role" in text(response)
    assert "partnership-administrator" in Person.objects.get(pk=cast.officer.pk).role_keys()


def test_switching_an_account_off_stops_them_signing_in() -> None:
    cast = make_cast("brent")
    theirs = signed_in(cast.colleague)
    response = signed_in(cast.officer).post(
        f"/partnership/administration/people/{cast.colleague.pk}/",
        form_for(cast.colleague, active="no"),
    )
    assert response.status_code == 302
    assert theirs.get("/").status_code == 302  # signed out: sent to sign in
    assert not Client().login(username=cast.colleague.username, password=PASSWORD)


def _more_people(cast: Cast, n: int) -> None:
    have = Person.objects.filter(agency__partnership=cast.partnership).count()
    for number in range(have, n):
        person(f"extra{number}.brent", cast.school, "practitioner", manager=cast.manager)
        Agency.objects.get_or_create(
            partnership=cast.partnership, name=f"Extra agency {number}", kind="school"
        )


# What each page runs now, the session and the signed-in person included (issue 10).
BUDGETS = {
    "/partnership/administration/": 5,
    "/partnership/administration/agencies/": 4,
    "/partnership/administration/people/": 6,
}


@pytest.mark.parametrize("path", PAGES)
def test_the_administration_pages_keep_their_query_budget(path: str) -> None:
    cast = make_cast("brent")

    def page(n: int) -> tuple[Client, str]:
        _more_people(cast, n)
        return signed_in(cast.officer), path

    assert_budget(page, limit=BUDGETS[path])
