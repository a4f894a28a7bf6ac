"""Choosing the professional you disagree with, in an agency of any size.

An agency of a national directory can have thousands of people: the raise form listed every
one of them as a radio button. It now lists at most 25, by surname, and beyond that asks the
practitioner to search by name or job title (a GET form: no JavaScript needed)."""

from __future__ import annotations

import re

import pytest
from budget import assert_budget
from cast import Cast, make_cast
from django.test import Client
from test_pages import signed_in

from escalate.escalations.drafts import draft_answers
from escalate.escalations.professionals import SHOWN
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db


def _staff(cast: Cast, n: int) -> None:
    """``n`` more people in the receiving agency (children's social care), fictional."""
    have = Person.objects.filter(agency=cast.social_care).count()
    Person.objects.bulk_create(
        Person(
            username=f"worker{i}.{cast.social_care.pk}",
            first_name="Sam",
            last_name=f"Worker{i:04d}",
            job_title="Social worker",
            agency=cast.social_care,
        )
        for i in range(have, n)
    )


def _at_professional(cast: Cast) -> Client:
    client = signed_in(cast.raiser)
    client.get("/raise/")
    client.post("/raise/immediate-risk/", {"immediate_risk": "no"})
    client.post("/raise/not-an-escalation/", {"matter": "none"})
    client.post("/raise/agency/", {"agency": cast.social_care.pk})
    return client


def _listed(html: str) -> list[str]:
    """The values of the professional radio buttons on the page."""
    return re.findall(r'name="professional" type="radio" value="([^"]*)"', html)


def test_a_small_agency_lists_everyone_and_asks_for_no_search() -> None:
    cast = make_cast("brent")
    page = _at_professional(cast).get("/raise/professional/").content.decode()
    everyone = Person.objects.filter(agency=cast.social_care, is_active=True)
    assert sorted(_listed(page)) == sorted([str(p.pk) for p in everyone] + ["not-listed"])
    assert 'name="find"' not in page


def test_a_large_agency_lists_the_first_25_and_offers_a_search() -> None:
    cast = make_cast("brent")
    _staff(cast, 300)
    page = _at_professional(cast).get("/raise/professional/").content.decode()
    assert len(_listed(page)) == SHOWN + 1  # and "They are not listed"
    assert f"The first {SHOWN} by surname" in page
    assert 'name="find"' in page


def test_searching_finds_them_and_the_choice_is_kept() -> None:
    cast = make_cast("brent")
    _staff(cast, 300)
    wanted = Person.objects.get(last_name="Worker0277")
    client = _at_professional(cast)
    page = client.get("/raise/professional/?find=worker0277").content.decode()
    assert _listed(page) == [str(wanted.pk), "not-listed"]
    assert 'value="worker0277"' in page  # the search box keeps what was searched for
    answer = client.post("/raise/professional/?find=worker0277", {"professional": wanted.pk})
    assert answer.status_code == 302
    assert draft_answers(person=cast.raiser)["professional"] == str(wanted.pk)
    # Back on the page with no search, the one chosen is still a choice, and checked.
    again = client.get("/raise/professional/").content.decode()
    assert str(wanted.pk) in _listed(again)
    assert f'value="{wanted.pk}" checked' in again


def test_a_search_that_finds_nobody_says_what_to_do() -> None:
    cast = make_cast("brent")
    _staff(cast, 300)
    page = _at_professional(cast).get("/raise/professional/?find=nobody+here").content.decode()
    assert _listed(page) == ["not-listed"]
    assert "Nobody in the agency matches &#39;nobody here&#39;" in page


def test_someone_from_another_agency_is_refused_with_a_message() -> None:
    cast = make_cast("brent")
    client = _at_professional(cast)
    answer = client.post("/raise/professional/", {"professional": cast.outsider.pk})
    assert answer.status_code == 200
    assert "Select a professional from the list" in answer.content.decode()
    assert not draft_answers(person=cast.raiser).get("professional")
    for posted in ("x", "9" * 30, "²", "9" * 5000):  # none of them a person's id
        nonsense = client.post("/raise/professional/?find=" + "x" * 500, {"professional": posted})
        assert nonsense.status_code == 200
        assert "Select a professional from the list" in nonsense.content.decode()


def test_the_professional_page_keeps_its_budget_however_big_the_agency() -> None:
    cast = make_cast("brent")
    client = _at_professional(cast)

    def page(n: int) -> tuple[Client, str]:
        _staff(cast, n * 10)  # 50 and 500 people
        return client, "/raise/professional/"

    assert_budget(page, limit=10)
