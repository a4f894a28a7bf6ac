"""Outcomes to confirm, served from when each escalation was resolved as the writer stored
it (``Escalation.resolved_at``, copied to each participant and indexed), longest waiting
first, with no subquery per row."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import make_cast, raised_by_raiser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from paperwork import resolve

from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.services import escalation_dispute

pytestmark = pytest.mark.django_db


def test_the_writer_stores_when_it_was_resolved_and_the_list_is_served_from_it() -> None:
    cast = make_cast("brent")
    now = timezone.now()
    later = resolve(raised_by_raiser(cast, now=now - dt.timedelta(days=3)), at=now)
    sooner = resolve(
        raised_by_raiser(cast, now=now - dt.timedelta(days=3)), at=now - dt.timedelta(days=1)
    )
    event = Event.objects.get(escalation=later, kind=EventKind.RESOLVED)
    assert (later.resolved_at, later.resolved_sequence) == (event.at, event.sequence)
    assert sooner.resolved_at == now - dt.timedelta(days=1)

    client = Client()
    client.force_login(cast.raiser)
    client.get("/outcomes/to-confirm/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/outcomes/to-confirm/")
    text = page.content.decode()
    assert text.index(sooner.reference) < text.index(later.reference)  # waiting longest
    (listing,) = [
        q["sql"]
        for q in queries.captured_queries
        if "ORDER BY" in q["sql"] and '"escalations_participant"."resolved_at" ASC' in q["sql"]
    ]
    assert "escalations_event" not in listing  # no subquery of the events per row

    escalation_dispute(
        escalation=later,
        actor=cast.raiser,
        expected_version=later.version,
        text="That is not what we agreed.",
        now=now + dt.timedelta(hours=1),
    )
    reopened = Escalation.objects.get(pk=later.pk)
    assert (reopened.status, reopened.resolved_at, reopened.resolved_sequence) == (
        "open",
        None,
        None,
    )
    page = client.get("/outcomes/to-confirm/")
    assert later.reference not in page.content.decode()
    assert sooner.reference in page.content.decode()
    again = resolve(reopened, at=now + dt.timedelta(hours=2))
    assert again.resolved_at == now + dt.timedelta(hours=2)
    assert again.resolved_sequence == again.version
