"""On PostgreSQL, searching the home list by the child's name can be served by the trigram
index of the upper-cased name (migrations escalations 0009 and 0026): the index matches the SQL that
``child_name__icontains`` writes, so on a big table the search reads the matching
escalations, not every escalation of the partnership."""

from __future__ import annotations

import pytest
from cast import make_cast, raised_by_raiser
from django.db import connection

from escalate.escalations.filters import ANY, Search, Wanted
from escalate.escalations.home_list import home_list
from escalate.escalations.models import Escalation

pytestmark = pytest.mark.django_db


def test_the_officers_name_search_reads_the_trigram_index() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index")
    cast = make_cast("brent")
    raised_by_raiser(cast, child_name="Ava Adams")
    raised_by_raiser(cast, child_name="Ben Baker")
    found = home_list(cast.officer, Wanted(status=ANY, search=Search(name="ava adams")))
    assert [e.child_name for e in found] == ["Ava Adams"]
    with connection.cursor() as cursor:
        # As on a big table, where reading it all costs more than the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Escalation.objects.filter(child_name__icontains="adams").explain()
    assert "escalation_name_search" in plan, plan
