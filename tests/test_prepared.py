"""Lookups planned once per connection (``escalate.ops.prepared``): on PostgreSQL a compiled
query marked ``prepared`` is a prepared statement of its connection and gives what the ORM
gives; nothing else is prepared; the setting turns it off; SQLite runs it as any query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from escalate.compiled import Compiled
from escalate.partnerships.models import Agency, Partnership, Person

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)

SEEN = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # the night the clocks go forward

# Each test asks by another column, so each statement is its own in pg_prepared_statements.
BY_NAME: Compiled[Person] = Compiled(
    Person,
    lambda name: Person.objects.select_related("agency__partnership").filter(first_name=name),
    prepared=True,
)
BY_SURNAME: Compiled[Person] = Compiled(
    Person, lambda name: Person.objects.filter(last_name=name), prepared=True
)
BY_EMAIL: Compiled[Person] = Compiled(
    Person, lambda email: Person.objects.filter(email=email), prepared=True
)
NOT_PREPARED: Compiled[Person] = Compiled(Person, lambda name: Person.objects.filter(username=name))


@pytest.fixture
def ada() -> Person:
    partnership = Partnership.objects.create(name="First", slug="first", reference_prefix="FIR")
    agency = Agency.objects.create(partnership=partnership, name="First school", kind="school")
    return Person.objects.create(
        username="ada.first",
        first_name="Ada",
        last_name="Lovell",
        email="ada@first.example",
        agency=agency,
        last_login=SEEN,
    )


def prepared_statements(fragment: str) -> list[tuple[int, int]]:
    """Plans made for this connection's prepared statements whose text has ``fragment``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return [(int(generic), int(custom)) for generic, custom in cursor.fetchall()]


def test_a_prepared_lookup_gives_what_the_orm_gives(ada: Person) -> None:
    for _ in range(7):  # past the runs after which PostgreSQL may keep a generic plan
        found = BY_NAME.first(name="Ada")
        assert found is not None
        assert found.pk == ada.pk
        assert found.agency.partnership.slug == "first"
        # A time comes back as the same moment, in the time zone Django reads times in.
        expected = Person.objects.get(pk=ada.pk).last_login
        assert found.last_login == SEEN == expected
        assert found.last_login.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]
    assert BY_NAME.first(name="Nobody") is None


@on_postgresql
def test_on_postgresql_it_is_a_prepared_statement_and_other_queries_are_not(ada: Person) -> None:
    for _ in range(6):
        assert BY_SURNAME.first(name="Lovell") is not None
        assert NOT_PREPARED.first(name="ada.first") is not None
    plans = prepared_statements('"last_name" = $1')
    assert len(plans) == 1, plans
    assert sum(plans[0]) == 6, plans  # each run, on a plan of its own or the generic one
    assert prepared_statements('"username" = $1') == []
    assert prepared_statements('"username" = ') == []


@on_postgresql
@override_settings(ESCALATE_PREPARED_STATEMENTS=False)
def test_the_setting_turns_it_off_for_a_pooler_that_cannot_carry_them(ada: Person) -> None:
    for _ in range(3):
        assert BY_EMAIL.first(email="ada@first.example") is not None
    assert prepared_statements('"email" = ') == []


def test_a_prepared_lookup_is_counted_as_any_query(ada: Person) -> None:
    with CaptureQueriesContext(connection) as queries:
        BY_NAME.first(name="Ada")
    assert len(queries) == 1
    assert '"first_name"' in queries[0]["sql"]
