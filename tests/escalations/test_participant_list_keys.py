"""Each participation keeps copies of its escalation's status, next deadline, stage and when it
was raised (the home list reads them through the participant's own index): after every kind of
event the copies are the escalation's, notifications sent included."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from cast import Cast, make_cast, raised_by_raiser
from django.db import connection
from test_pages import act, escalate_to
from timescales import publish, shipped_text

from escalate.escalations import services
from escalate.escalations.models import Escalation, EventKind, Participant
from escalate.escalations.participants import refresh_participants

pytestmark = pytest.mark.django_db

PAUSE_REASONS = """
pause_reasons:
  - key: strategy-meeting
    label: the outcome of the strategy meeting
"""


def copies_differ(escalation: Escalation) -> list[tuple[str, object, object]]:
    """Each participant of ``escalation`` whose copies are not the escalation's."""
    escalation.refresh_from_db()
    wanted = (
        escalation.status,
        escalation.next_deadline,
        escalation.raised_at,
        escalation.current_stage,
        escalation.waits_for_confirmation,
        escalation.resolved_at,
    )
    rows = Participant.objects.filter(escalation=escalation).select_related("person")
    assert rows.exists()
    return [
        (row.person.username, wanted, copied)
        for row in rows
        if (
            copied := (
                row.status,
                row.next_deadline,
                row.raised_at,
                row.current_stage,
                row.to_confirm,
                row.resolved_at,
            )
        )
        != wanted
    ]


def with_pauses(cast: Cast) -> None:
    publish(cast.partnership, shipped_text("brent") + PAUSE_REASONS, "3")


def notified(escalation: Escalation) -> None:
    escalation.refresh_from_db()
    services.append_event(
        escalation,
        actor=None,
        kind=EventKind.NOTIFIED,
        expected_version=escalation.version,
        now=dt.datetime.now(dt.UTC),
        data={"notification": "test-notice"},
    )


def test_the_copies_follow_every_kind_of_event() -> None:
    cast = make_cast("brent")
    with_pauses(cast)
    escalation = raised_by_raiser(cast, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
    assert copies_differ(escalation) == []
    escalate_to(escalation, "other-worker")
    assert copies_differ(escalation) == []
    act(escalation, cast.raiser, "pause", "Waiting.", data={"reason": "strategy-meeting"})
    assert escalation.next_deadline is None
    assert copies_differ(escalation) == []
    act(escalation, cast.raiser, "resume", "Back.")
    assert escalation.next_deadline is not None
    assert copies_differ(escalation) == []
    notified(escalation)
    assert copies_differ(escalation) == []
    act(escalation, cast.other, "resolve", "Agreed.", data={"outstanding": "None"})
    act(escalation, cast.raiser, "resolve", "Agreed.", data={"outstanding": "None"})
    assert escalation.status == "resolved"
    assert copies_differ(escalation) == []
    escalation.refresh_from_db()
    services.escalation_dispute(
        escalation=escalation,
        actor=cast.manager,
        expected_version=escalation.version,
        text="The assessment has not started.",
    )
    escalation.refresh_from_db()
    assert escalation.status == "open"
    assert copies_differ(escalation) == []
    act(escalation, cast.raiser, "withdraw", "No longer needed.")
    assert escalation.status == "withdrawn"
    assert copies_differ(escalation) == []
    notified(escalation)
    assert copies_differ(escalation) == []


def test_someone_made_party_later_gets_the_copies_too() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    before = set(Participant.objects.filter(escalation=escalation).values_list("person", flat=True))
    escalate_to(escalation, "safeguarding-leads")
    after = set(Participant.objects.filter(escalation=escalation).values_list("person", flat=True))
    assert after > before  # the next stage's people
    assert copies_differ(escalation) == []


def test_someone_made_party_while_an_outcome_waits_gets_every_copy() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    escalate_to(escalation, "other-worker")
    act(escalation, cast.other, "resolve", "Agreed.", data={"outstanding": "None"})
    act(escalation, cast.raiser, "resolve", "Agreed.", data={"outstanding": "None"})
    escalation.refresh_from_db()
    assert escalation.waits_for_confirmation
    Participant.objects.filter(escalation=escalation, person=cast.raiser).delete()
    refresh_participants(escalation, escalation.policy, services.escalation_state(escalation))
    assert Participant.objects.filter(escalation=escalation, person=cast.raiser).exists()
    assert copies_differ(escalation) == []  # waiting to be confirmed, since it was resolved


def test_the_migration_fills_the_copies_from_the_escalations() -> None:
    cast = make_cast("brent")
    escalations = [raised_by_raiser(cast), raised_by_raiser(cast)]
    act(escalations[1], cast.raiser, "resolve", "Agreed.", data={"outstanding": "None"})
    Participant.objects.update(
        status="decided",
        next_deadline=None,
        raised_at=dt.datetime(2001, 1, 1, tzinfo=dt.UTC),
        current_stage="",
    )
    assert copies_differ(escalations[0])
    for name in ("0017_participant_list_keys", "0022_participant_stage"):
        migration = importlib.import_module(f"escalate.escalations.migrations.{name}")
        with connection.cursor() as cursor:
            cursor.execute(migration.FILL)
    for escalation in escalations:
        assert copies_differ(escalation) == []
