"""The events' append-only guard has one door, anonymising, and it lets exactly that
through: the event's text erased to the marker and its data cut down, nothing else, only
while an unlock row written by the anonymisation names the escalation (on PostgreSQL, in the
same transaction). Everything else is still refused by the database itself."""

from __future__ import annotations

import pytest
from cast import CHILD, make_cast
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from escalate.escalations.models import Escalation, Event
from escalate.escalations.raising import escalation_raise
from escalate.privacy.erase import ERASED
from escalate.privacy.models import Anonymisation, EventUnlock

pytestmark = pytest.mark.django_db
REFUSED = "Events are never changed or deleted"


def an_event() -> Event:
    cast = make_cast("brent")
    escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        categories=["thresholds"],
        disagreement="A disagreement about Ava.",
        outcome_wanted="An outcome.",
        immediate_risk=False,
        **CHILD,  # type: ignore[arg-type]
    )
    return Event.objects.get()


def unlock(escalation: Escalation, txid: int | None = None) -> EventUnlock:
    record = Anonymisation(
        escalation=escalation,
        partnership_id=escalation.partnership_id,
        at=timezone.now(),
        reason="test",
    )
    record.save()
    if txid is None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current()")
            txid = cursor.fetchone()[0]
    return EventUnlock.objects.create(
        anonymisation=record, escalation_id_unlocked=escalation.pk, txid=txid
    )


def change(event: Event, **values: object) -> None:
    with transaction.atomic():
        Event._base_manager.filter(pk=event.pk).update(**values)


def test_without_an_unlock_erasing_is_refused_like_any_change() -> None:
    event = an_event()
    with pytest.raises(DatabaseError, match=REFUSED):
        change(event, text=ERASED, data={})


def test_with_an_unlock_only_the_erasure_passes() -> None:
    event = an_event()
    unlock(event.escalation)
    for values in (
        {"text": "rewritten"},
        {"text": ERASED, "kind": "note"},
        {"text": ERASED, "sequence": 7},
        {"text": ERASED, "stage": "another"},
        {"text": ERASED, "at": timezone.now()},
        {"text": ERASED, "actor": None},
    ):
        with pytest.raises(DatabaseError, match=REFUSED):
            change(event, **values)
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        Event._base_manager.filter(pk=event.pk).delete()
    change(event, text=ERASED, data={"from_stage": "x"})
    assert Event.objects.get(pk=event.pk).text == ERASED


def test_an_unlock_for_another_escalation_opens_nothing() -> None:
    event = an_event()
    cast_two = Escalation.objects.get()
    other = escalation_raise(
        raiser=cast_two.raised_by,
        receiving_agency=cast_two.receiving_agency,
        categories=["thresholds"],
        disagreement="Another.",
        outcome_wanted="An outcome.",
        immediate_risk=False,
        **CHILD,  # type: ignore[arg-type]
    )
    unlock(other)
    with pytest.raises(DatabaseError, match=REFUSED):
        change(event, text=ERASED)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="transaction ids: PostgreSQL")
def test_an_unlock_left_from_another_transaction_opens_nothing() -> None:
    event = an_event()
    unlock(event.escalation, txid=1)  # not this transaction's
    with pytest.raises(DatabaseError, match=REFUSED):
        change(event, text=ERASED)


def test_the_anonymisation_leaves_no_unlock_behind() -> None:
    from escalate.escalations.services import escalation_act
    from escalate.privacy.anonymise import escalation_anonymise

    event = an_event()
    escalation = event.escalation
    escalation_act(
        escalation=escalation,
        actor=escalation.raised_by,
        action="withdraw",
        expected_version=escalation.version,
        text="Withdrawn: Ava moved away.",
    )
    escalation_anonymise(escalation=escalation, by=None, reason="test")
    assert not EventUnlock.objects.exists()
    with pytest.raises(DatabaseError, match=REFUSED):
        change(event, text=ERASED)
