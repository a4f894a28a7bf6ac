"""Events are append-only in the database itself, on SQLite as on PostgreSQL: raw SQL and
Django's base manager can add events but never change or delete one."""

from __future__ import annotations

import pytest
from cast import CHILD, make_cast
from django.db import DatabaseError, connection, transaction

from escalate.escalations.models import Event
from escalate.escalations.raising import escalation_raise

pytestmark = pytest.mark.django_db
REFUSED = "Events are never changed or deleted"


def an_event() -> Event:
    cast = make_cast("brent")
    escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        categories=["thresholds"],
        disagreement="A disagreement.",
        outcome_wanted="An outcome.",
        immediate_risk=False,
        **CHILD,  # type: ignore[arg-type]
    )
    return Event.objects.get()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE escalations_event SET text = 'rewritten' WHERE id = %s",
        "UPDATE escalations_event SET sequence = sequence WHERE id = %s",
        "DELETE FROM escalations_event WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_event(statement: str) -> None:
    event = an_event()
    with (
        pytest.raises(DatabaseError, match=REFUSED),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk])
    assert Event.objects.get(pk=event.pk).text == event.text


def test_the_base_manager_cannot_change_or_delete_an_event() -> None:
    event = an_event()
    base = Event._base_manager.filter(pk=event.pk)
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        base.update(text="rewritten")
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        base.delete()
    assert Event.objects.filter(pk=event.pk, text=event.text).exists()


def test_new_events_can_still_be_added_by_raw_sql() -> None:
    event = an_event()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO escalations_event (escalation_id, sequence, kind, at, stage, text, data)"
            " SELECT escalation_id, 2, 'note', at, stage, 'a note', '{}' FROM escalations_event"
            " WHERE id = %s",
            [event.pk],
        )
    assert Event.objects.filter(escalation_id=event.escalation_id).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_test_that_commits_events_is_still_cleaned_up_on_sqlite() -> None:
    """The suite's flush works past the guard (tests/conftest.py), and puts it back."""
    an_event()
    assert Event.objects.count() == 1


def test_the_guard_is_back_after_a_flush() -> None:
    event = an_event()
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        Event._base_manager.filter(pk=event.pk).update(text="rewritten")
