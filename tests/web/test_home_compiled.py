"""The home lists compiled once (``home_list.home_listing``) give the rows, in the order and
with the count, that the ORM's ``home_list`` gives, for each kind of person, every status
and with a stage or without; and the lists it does not compile are left to the ORM."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import make_cast
from django.test import RequestFactory
from django.utils import timezone
from many import copies_of
from test_home import three
from test_pages import raise_escalation

from escalate.escalations.filters import STATUSES, Search, Wanted
from escalate.escalations.home_list import home_list, home_listing, home_row_values
from escalate.paging import paginate

pytestmark = pytest.mark.django_db

WANTED = [
    Wanted(status=status, stage=stage)
    for status, _ in STATUSES
    for stage in ("", "other-worker", "line-manager")
]


def both(person, wanted: Wanted, query: str = ""):  # type: ignore[no-untyped-def]
    listing = home_listing(person, wanted)
    assert listing is not None
    request = RequestFactory().get(f"/{query}")
    compiled = paginate(request, listing)
    orm = paginate(request, home_list(person, wanted), shown=home_row_values)
    return compiled, orm


def test_each_persons_compiled_list_is_the_orms() -> None:
    cast = make_cast("brent")
    three(cast)  # open and overdue, open at stage 2 (with health), resolved
    copies_of(raise_escalation(cast, now=timezone.now() - dt.timedelta(days=3)), 27)
    for person in (cast.officer, cast.raiser, cast.manager, cast.other, cast.dsl):
        for wanted in WANTED:
            for query in ("", "?page=2"):
                compiled, orm = both(person, wanted, query)
                assert compiled.rows == orm.rows, (person.username, wanted, query)
                assert (compiled.total, compiled.number) == (orm.total, orm.number)
    compiled, _ = both(cast.officer, Wanted())
    assert compiled.total == 30  # the open ones, two pages: the comparison was not of nothing


def test_a_person_sees_only_their_own_through_a_statement_another_compiled() -> None:
    cast = make_cast("brent")
    raised = raise_escalation(cast)
    elsewhere = make_cast("haringey")
    theirs = raise_escalation(elsewhere)
    # The same shapes, compiled by one, then run for the other: each gets their own.
    mine, _ = both(cast.raiser, Wanted())
    other, _ = both(elsewhere.raiser, Wanted())
    assert [row[0] for row in mine.rows] == [raised.reference]
    assert [row[0] for row in other.rows] == [theirs.reference]
    officer, _ = both(cast.officer, Wanted())
    assert [row[0] for row in officer.rows] == [raised.reference]


@pytest.mark.parametrize(
    "wanted",
    [
        Wanted(status="any", overdue=True),
        Wanted(agency_id=1),
        Wanted(search=Search(name="ava")),
        Wanted(search=Search(reference="BRE-2026-0001")),
        Wanted(search=Search(born=dt.date(2016, 5, 4))),
    ],
)
def test_a_search_an_agency_or_only_overdue_is_left_to_the_orm(wanted: Wanted) -> None:
    cast = make_cast("brent")
    assert home_listing(cast.officer, wanted) is None
