"""The home list of anyone who is not an officer is read from their own participations (the
participant's copies of the escalation's status, next deadline and when it was raised, in
index ``participant_home``): one query a page whatever their history, naming no list of
escalations, with the same rows in the same order as the escalations' own columns give,
for every filter."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from budget import queries_for
from cast import Cast, make_cast
from django.db import connection
from django.utils import timezone
from many import copies_of
from test_home import officer_home, references
from test_pages import page_text, raise_escalation, signed_in

from escalate.escalations import home_list
from escalate.escalations.filters import Wanted
from escalate.escalations.models import Escalation, Participant

pytestmark = pytest.mark.django_db


def home_sql(cast: Cast, n: int, original: Escalation) -> list[str]:
    copies_of(original, max(0, n - Escalation.objects.count()))
    return [sql for sql in queries_for(signed_in(cast.raiser), "/") if "_participant" in sql]


def test_the_list_is_a_page_of_the_persons_own_participations_at_any_size() -> None:
    cast = make_cast("brent")
    original = raise_escalation(cast)
    few, many = home_sql(cast, 5, original), home_sql(cast, 50, original)
    for sql in few + many:
        assert not re.search(r'"(escalation_id|id)" IN \(', sql), sql
    (page,) = [sql for sql in many if "ORDER BY" in sql]
    assert [sql for sql in few if "ORDER BY" in sql] == [page]  # nothing in it grows
    assert 'FROM "escalations_participant"' in page
    assert page.endswith("LIMIT 25")
    assert (
        'ORDER BY "escalations_participant"."next_deadline" ASC NULLS LAST, '
        '"escalations_participant"."raised_at" DESC, '
        '"escalations_participant"."escalation_id" DESC'
    ) in page
    (count,) = [sql for sql in many if "COUNT(" in sql]
    assert "escalations_escalation" not in count  # the participations alone are counted


def keep(escalation: Escalation, **fields: Any) -> None:
    """Change the escalation's list keys as the writer would: the escalation and every
    participant's copies together."""
    Escalation.objects.filter(pk=escalation.pk).update(**fields)
    keys = ("status", "next_deadline", "raised_at", "current_stage")
    copied = {k: v for k, v in fields.items() if k in keys}
    Participant.objects.filter(escalation=escalation).update(**copied)


def mixed(cast: Cast) -> list[Escalation]:
    """Twelve of the raiser's escalations with ties at every key: the same deadline, the
    same deadline and raised at the same moment, a deadline just passed and one just to
    come, paused (no deadline) among closed ones, in another stage, with another agency, and
    another child."""
    now = timezone.now()
    made = copies_of(raise_escalation(cast), 11)
    first = Escalation.objects.order_by("pk").first()
    assert first is not None
    e = [first, *made]
    soon, moment = now + dt.timedelta(days=2), now - dt.timedelta(days=3)
    keep(e[0], next_deadline=soon)
    keep(e[1], next_deadline=soon)
    keep(e[2], next_deadline=soon, raised_at=moment)
    keep(e[3], next_deadline=soon, raised_at=moment)
    keep(e[4], next_deadline=now - dt.timedelta(seconds=1))  # just overdue
    keep(e[5], next_deadline=now + dt.timedelta(minutes=1))  # just not
    keep(e[6], next_deadline=None)  # paused
    keep(e[7], status="resolved", next_deadline=None)
    keep(e[8], status="withdrawn", next_deadline=None, raised_at=e[6].raised_at)
    keep(e[9], status="decided", next_deadline=None)
    keep(e[10], current_stage="other-worker")
    Escalation.objects.filter(pk=e[11].pk).update(
        receiving_agency=cast.health,
        child_name="Milo Fictional",
        child_date_of_birth=dt.date(2019, 11, 30),
    )
    return e


def in_order(rows: list[Escalation]) -> list[str]:
    """The home list's order, worked out here: next deadline first (none last), newest, pk."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows = sorted(rows, key=lambda e: -e.pk)
    rows = sorted(rows, key=lambda e: e.raised_at, reverse=True)
    rows = sorted(rows, key=lambda e: e.next_deadline or far)
    return [e.reference for e in rows]


def test_every_filter_gives_the_rows_the_escalations_give_in_the_same_order() -> None:
    cast = make_cast("brent")
    e = mixed(cast)
    everything = list(Escalation.objects.all())
    open_ = [x for x in everything if x.status == "open"]
    asked = {
        "": open_,
        "?status=closed": [x for x in everything if x.status != "open"],
        "?status=any": everything,
        "?status=resolved": [x for x in everything if x.status == "resolved"],
        "?status=withdrawn": [x for x in everything if x.status == "withdrawn"],
        "?overdue=on": [x for x in open_ if x.pk == e[4].pk],
        "?stage=other-worker": [x for x in open_ if x.pk == e[10].pk],
        f"?agency={cast.health.pk}": [x for x in open_ if x.pk == e[11].pk],
        "?q=fict+MIL": [e[11]],
        "?q=30/11/2019": [e[11]],
        f"?q={e[3].reference.lower()}&status=any": [e[3]],
    }
    manager = signed_in(cast.manager)  # party to them all as the raiser's line manager
    for query, wanted in asked.items():
        listed = references(page_text(manager, f"/{query}"))
        assert listed == in_order(wanted), query
        assert listed == references(officer_home(cast, query)), query
    assert references(page_text(signed_in(cast.raiser), "/?status=closed")) == in_order(
        asked["?status=closed"]
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize("status", ["open", "closed", "any", "resolved"])
def test_an_index_gives_the_page_in_order_on_postgresql(status: str) -> None:
    cast = make_cast("brent")
    # Party to 200, with the table's statistics taken (as autovacuum would): with 30 and
    # none, PostgreSQL might as well read the API's index (participant_newest) and sort.
    copies_of(raise_escalation(cast), 200)
    page = home_list.home_list(cast.raiser, Wanted(status=status))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE escalations_participant")
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tables are small here
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = page[:25].explain()
    assert "participant_home" in plan
    assert "Sort" not in plan  # no sorting of everything the person was party to
