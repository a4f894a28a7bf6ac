"""An officer's search in a national service: one database, many partnerships.

Searching the home list by part of the child's name or by the date of birth shows only the
officer's own partnership's escalations, and on PostgreSQL reads only those: the name's
trigram index and the date-of-birth index hold the partnership too (escalations 0026). They
held the name or the date alone, so a search read every partnership's matches and dropped
the others': bounded by the country's matches, not the partnership's."""

from __future__ import annotations

import datetime as dt
from copy import copy

import pytest
from budget import queries_for
from cast import Cast, make_cast
from django.db import connection
from many import copies_of
from plans import rows_read
from test_pages import raise_escalation, signed_in

from escalate.escalations.models import Escalation

pytestmark = pytest.mark.django_db

# As in a real partnership, the child searched for is one of thousands: at a few hundred rows
# PostgreSQL reads the partnership's whole list (in this test, only ours), whatever the indexes.
OURS = 3  # our escalations about the child searched for
THEIRS = 20  # another partnership's about a child of the same name and date of birth
OTHERS = 3000  # each partnership's about other children
BORN = dt.date(2015, 3, 4)
SEARCHES = ["?status=any&q=ava+adams", "?status=any&q=4%2F3%2F2015"]


def _about(escalations: list[Escalation], name: str, born: dt.date) -> None:
    Escalation.objects.filter(pk__in=[e.pk for e in escalations]).update(
        child_name=name, child_date_of_birth=born
    )


def _others(escalation: Escalation, n: int) -> None:
    """``n`` escalations like ``escalation`` about other children, each of another name and
    date of birth (the rows alone: they are there to be found, or not, by a search)."""
    made = []
    for i in range(n):
        other = copy(escalation)
        other.pk = None
        other.reference = f"{escalation.reference}-{i}"
        other.child_name = f"Child {i} Other"
        other.child_date_of_birth = dt.date(2000, 1, 1) + dt.timedelta(days=i)  # before BORN
        made.append(other)
    Escalation.objects.bulk_create(made, batch_size=1000)


def _national() -> tuple[Cast, list[Escalation]]:
    ours, theirs = make_cast("brent"), make_cast("haringey")
    mine = raise_escalation(ours)
    found = [mine, *copies_of(mine, OURS - 1)]
    _about(found, "Ava Adams", BORN)
    elsewhere = raise_escalation(theirs)
    _about([elsewhere, *copies_of(elsewhere, THEIRS - 1)], "Ava Adams", BORN)
    _others(mine, OTHERS)
    _others(elsewhere, OTHERS)
    return ours, found


@pytest.mark.parametrize("query", SEARCHES)
def test_an_officers_search_shows_only_their_partnerships_escalations(query: str) -> None:
    ours, found = _national()
    page = signed_in(ours.officer).get(f"/{query}")
    assert page.status_code == 200
    text = page.content.decode()
    assert all(escalation.reference in text for escalation in found), text
    theirs = Escalation.objects.exclude(partnership_id=ours.officer.partnership_id)
    assert not [e for e in theirs.filter(child_name="Ava Adams") if e.reference in text]
    assert "Other" not in text  # no other child


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize("query", SEARCHES)
def test_an_officers_search_reads_only_their_partnerships_matches(query: str) -> None:
    ours, _ = _national()
    statements = [
        sql
        for sql in queries_for(signed_in(ours.officer), f"/{query}")
        if "LIKE UPPER" in sql or '"child_date_of_birth" = ' in sql
    ]
    assert statements, "the search ran no query of the escalations"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE escalations_escalation")
        # What autovacuum does: the rows just written move from the GIN index's list of
        # pending ones into the index (until then a search reads the list through).
        cursor.execute("SELECT gin_clean_pending_list('escalation_name_search'::regclass)")
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tables are small here
    for sql in statements:
        assert rows_read(sql, "escalations_escalation") <= OURS, sql
