"""The outcomes a person may still confirm are read from their own participations that
wait for a confirmation (index ``participant_to_confirm``), each side's confirmation stored
on the escalation by the writer: a side that confirms drops out for its people only, a
dispute takes the escalation off everyone's list, and a new resolution waits for both sides
again (a confirmation of the earlier one does not count). However many escalations a person
has been party to, the list reads only those still waiting."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import Cast, make_cast, raised_by_raiser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from paperwork import confirm, listed_for, resolve, signed_in

from escalate.escalations.models import Escalation, Participant
from escalate.escalations.services import escalation_dispute

pytestmark = pytest.mark.django_db


def waiting_copies(escalation: Escalation) -> set[bool]:
    return set(
        Participant.objects.filter(escalation=escalation).values_list("to_confirm", flat=True)
    )


def test_each_side_drops_out_when_it_confirms_and_a_dispute_clears_it(cast: Cast) -> None:
    now = timezone.now()
    escalation = resolve(raised_by_raiser(cast, now=now - dt.timedelta(days=3)), at=now)
    professional = escalation.receiving_professional
    assert professional is not None
    assert escalation.reference in listed_for(cast.raiser)
    assert escalation.reference in listed_for(professional)
    assert waiting_copies(escalation) == {True}

    escalation = confirm(escalation, cast.raiser, "raising")
    assert (escalation.raising_confirmed, escalation.receiving_confirmed) == (True, False)
    assert escalation.reference not in listed_for(cast.raiser)
    assert escalation.reference in listed_for(professional)
    assert waiting_copies(escalation) == {True}

    escalation_dispute(
        escalation=escalation,
        actor=cast.raiser,
        expected_version=escalation.version,
        text="That is not what we agreed.",
        now=now + dt.timedelta(hours=1),
    )
    escalation = Escalation.objects.get(pk=escalation.pk)
    assert (escalation.raising_confirmed, escalation.receiving_confirmed) == (False, False)
    assert escalation.reference not in listed_for(professional)
    assert waiting_copies(escalation) == {False}

    escalation = resolve(escalation, at=now + dt.timedelta(hours=2))  # waits for both again
    assert escalation.reference in listed_for(cast.raiser)
    later = now + dt.timedelta(hours=3)
    escalation = confirm(escalation, professional, "receiving", later)
    escalation = confirm(escalation, cast.raiser, "raising", later)
    assert escalation.reference not in listed_for(cast.raiser)
    assert escalation.reference not in listed_for(professional)
    assert waiting_copies(escalation) == {False}


def test_the_list_reads_only_what_waits_not_the_persons_history(cast: Cast) -> None:
    now = timezone.now()
    done = [
        resolve(raised_by_raiser(cast, now=now - dt.timedelta(days=5)), at=now) for _ in range(3)
    ]
    for escalation in done:
        professional = escalation.receiving_professional
        assert professional is not None
        confirm(confirm(escalation, cast.raiser, "raising"), professional, "receiving")
    waiting = resolve(raised_by_raiser(cast, now=now - dt.timedelta(days=2)), at=now)
    assert Participant.objects.filter(person=cast.raiser, to_confirm=True).count() == 1
    client = signed_in(cast.raiser)
    client.get("/outcomes/to-confirm/")
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/outcomes/to-confirm/").content.decode()
    assert waiting.reference in text
    assert not any(e.reference in text for e in done)
    (listing,) = [q["sql"] for q in queries.captured_queries if "to_confirm" in q["sql"]]
    assert '"escalations_participant"."person_id"' in listing
    assert "escalations_event" not in listing


@pytest.fixture
def cast() -> Cast:
    return make_cast("brent")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_page_is_the_first_rows_of_the_index_in_order_on_postgresql(cast: Cast) -> None:
    """PostgreSQL reads the person's waiting rows in the index's order and stops at the
    page's last, rather than joining every one to its escalation and sorting them all: as
    on the bench, the person raised few of the partnership's escalations (so the planner
    guessed few of their rows would pass the side check), yet they may confirm every
    outcome they are waiting on."""
    from many import copies_of

    from escalate.documents.selectors import confirmations_waiting_for

    now = timezone.now()
    waiting = resolve(raised_by_raiser(cast, now=now - dt.timedelta(days=3)), at=now)
    copies_of(waiting, 200)
    others = [e.pk for e in copies_of(waiting, 2000)]
    Escalation.objects.filter(pk__in=others).update(raised_by=cast.colleague)
    Participant.objects.filter(escalation__in=others, person=cast.raiser).delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE escalations_participant")
        cursor.execute("ANALYZE escalations_escalation")
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tables are small here
        cursor.execute("SET LOCAL enable_hashjoin = off")
    plan = confirmations_waiting_for(cast.raiser)[:25].explain()
    assert "participant_to_confirm" in plan
    assert "Sort" not in plan
    assert "1 to 25 of 201" in " ".join(listed_for(cast.raiser).split())
