"""The agreed outcome: confirmed once by each side (the raiser's and the receiving side), by
the professional or their managers; pending confirmations shown; reminders through the
outbox to the sides that have not confirmed."""

from __future__ import annotations

import datetime as dt

import pytest
from agree import decide
from cast import Cast, make_cast
from paperwork import MONDAY, act, escalate_to, raise_one, resolve, signed_in

from escalate.documents.models import OutcomeReminder
from escalate.documents.reminders import outcome_send_reminders
from escalate.documents.selectors import outcome_status
from escalate.documents.services import outcome_confirm
from escalate.escalations.models import Escalation, Event
from escalate.escalations.services import ActionRefused, escalation_dispute
from escalate.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db

RESOLVED_AT = MONDAY + dt.timedelta(hours=1)


def resolved(cast: Cast, **changes: object) -> Escalation:
    return resolve(
        raise_one(cast, **changes),
        at=RESOLVED_AT,
        text="Social care will visit the family this week.",
        outstanding="The school raises any new concern with the team manager.",
    )


def confirm_url(escalation: Escalation) -> str:
    return f"/escalations/{escalation.reference}/documents/agreed-outcome/"


def test_both_parties_confirm_in_the_app() -> None:
    cast = make_cast("brent")
    escalation = resolved(cast)
    raiser = signed_in(cast.raiser)
    page = raiser.get(confirm_url(escalation)).content.decode()
    assert "Social care will visit the family this week." in page
    assert "The school raises any new concern with the team manager." in page
    assert page.count("Waiting for confirmation") == 2
    page = raiser.post(confirm_url(escalation), {"version": escalation.version})
    assert "Confirm that this is the outcome you agreed" in page.content.decode()
    page = raiser.post(
        confirm_url(escalation),
        {"version": escalation.version, "side": "raising", "confirmed": "yes"},
    )
    assert page["Location"] == f"/escalations/{escalation.reference}/"
    escalation.refresh_from_db()
    # The receiving side: the professional's line manager confirms for them.
    page = signed_in(cast.other_manager).post(
        confirm_url(escalation),
        {"version": escalation.version, "side": "receiving", "confirmed": "yes"},
    )
    assert page.status_code == 302
    confirmations = Event.objects.filter(escalation=escalation, kind="outcome-confirmed")
    resolved_event = Event.objects.get(escalation=escalation, kind="resolved")
    assert [(e.actor, e.data["side"], e.data["resolved"]) for e in confirmations] == [
        (cast.raiser, "raising", resolved_event.sequence),
        (cast.other_manager, "receiving", resolved_event.sequence),
    ]
    status = outcome_status(escalation)
    assert status is not None
    assert status.pending == []
    page = raiser.get(f"/escalations/{escalation.reference}/").content.decode()
    assert "Waiting for confirmation" not in page
    assert "Oakfield Primary School: confirmed by Raiser Testperson" in page
    assert "Children&#39;s Social Care: confirmed by Othermanager Testperson" in page


def test_a_third_party_cannot_confirm_and_a_side_confirms_once() -> None:
    cast = make_cast("brent")
    escalation = resolved(cast)
    for someone in (cast.officer, cast.chair):
        client = signed_in(someone)
        page = client.get(confirm_url(escalation))
        assert page.status_code == 200
        assert "Confirm the agreed outcome</button>" not in page.content.decode()
        data = {"version": escalation.version, "side": "raising", "confirmed": "yes"}
        assert client.post(confirm_url(escalation), data).status_code == 404
        with pytest.raises(ActionRefused, match="Only the professional who raised"):
            outcome_confirm(
                escalation=escalation,
                person=someone,
                side="raising",
                expected_version=escalation.version,
            )
    for someone in (cast.colleague, cast.outsider, cast.stranger, cast.dsl):
        assert signed_in(someone).get(confirm_url(escalation)).status_code == 404
    with pytest.raises(ActionRefused, match="Only the professional who raised"):
        outcome_confirm(
            escalation=escalation,
            person=cast.raiser,
            side="receiving",
            expected_version=escalation.version,
        )
    outcome_confirm(
        escalation=escalation,
        person=cast.raiser,
        side="raising",
        expected_version=escalation.version,
    )
    escalation.refresh_from_db()
    with pytest.raises(ActionRefused, match="already been confirmed for Oakfield Primary School"):
        outcome_confirm(
            escalation=escalation,
            person=cast.manager,
            side="raising",
            expected_version=escalation.version,
        )
    page = signed_in(cast.manager).get(confirm_url(escalation)).content.decode()
    assert "Confirm the agreed outcome</button>" not in page
    assert Event.objects.filter(kind="outcome-confirmed").count() == 1


def test_pending_confirmations_are_shown_and_listed_for_the_person() -> None:
    cast = make_cast("brent")
    escalation = resolved(cast)
    page = signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/").content.decode()
    assert page.count("Waiting for confirmation") == 2
    assert "Confirm the agreed outcome" in page
    page = signed_in(cast.officer).get(f"/escalations/{escalation.reference}/").content.decode()
    assert page.count("Waiting for confirmation") == 2
    assert "Read the agreed outcome" in page
    assert "Confirm the agreed outcome" not in page
    listed = signed_in(cast.other).get("/outcomes/to-confirm/").content.decode()
    assert escalation.reference in listed
    assert "Children&#39;s Social Care" in listed
    outcome_confirm(
        escalation=escalation,
        person=cast.raiser,
        side="raising",
        expected_version=escalation.version,
    )
    assert (
        escalation.reference
        not in signed_in(cast.raiser).get("/outcomes/to-confirm/").content.decode()
    )
    assert (
        escalation.reference in signed_in(cast.other).get("/outcomes/to-confirm/").content.decode()
    )
    nothing = signed_in(cast.officer).get("/outcomes/to-confirm/").content.decode()
    assert "Nothing is waiting for you to confirm." in nothing


def test_no_agreed_outcome_while_open_or_after_a_final_decision() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    assert signed_in(cast.raiser).get(confirm_url(escalation)).status_code == 404
    escalate_to(escalation, cast.raiser, "resolution-panel", at=MONDAY + dt.timedelta(minutes=1))
    decide(escalation, cast.chair, "Assess now.", now=RESOLVED_AT)
    assert signed_in(cast.raiser).get(confirm_url(escalation)).status_code == 404
    page = signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/").content.decode()
    assert "Waiting for confirmation" not in page


def test_a_receiving_professional_not_in_the_directory() -> None:
    """The receiving agency's people who are party to it confirm for that side."""
    cast = make_cast("brent")
    escalation = raise_one(
        cast, receiving_professional=None, receiving_professional_name="Sam Social, social worker"
    )
    escalate_to(escalation, cast.raiser, "line-managers", at=MONDAY + dt.timedelta(minutes=1))
    act(
        escalation,
        cast.raiser,
        "resolve",
        at=RESOLVED_AT,
        text="Agreed.",
        data={"outstanding": "None"},
    )
    outcome_confirm(
        escalation=escalation,
        person=cast.other_manager,
        side="receiving",
        expected_version=escalation.version,
    )
    status = outcome_status(escalation)
    assert status is not None
    assert [c.side for c in status.pending] == ["raising"]


def reminders_to(escalation: Escalation) -> list[tuple[str, str]]:
    return sorted(
        (row.recipient.username, row.key)
        for row in Notification.objects.filter(
            escalation=escalation, channel=Channel.EMAIL, key__startswith="outcome-reminder"
        )
    )


def test_reminders_go_to_the_sides_that_have_not_confirmed() -> None:
    cast = make_cast("brent")
    escalation = resolved(cast)
    assert outcome_send_reminders(now=RESOLVED_AT + dt.timedelta(hours=1)) == 0
    row = OutcomeReminder.objects.get(escalation=escalation)
    assert row.next_at == dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)  # the next working day
    tuesday = dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.UTC)
    assert outcome_send_reminders(now=tuesday) == 4  # two people, in the app and by email
    assert outcome_send_reminders(now=tuesday) == 0  # never twice
    assert reminders_to(escalation) == [
        ("other.brent", "outcome-reminder:2026-03-03"),
        ("raiser.brent", "outcome-reminder:2026-03-03"),
    ]
    email = Notification.objects.filter(
        key="outcome-reminder:2026-03-03", channel=Channel.EMAIL
    ).first()
    assert email is not None
    assert "Ava" not in email.body
    assert "Testington" not in email.body
    assert confirm_url(escalation) in email.body
    outcome_confirm(
        escalation=escalation,
        person=cast.raiser,
        side="raising",
        expected_version=escalation.version,
    )
    thursday = dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)  # three working days after
    assert outcome_send_reminders(now=thursday) == 2
    assert ("other.brent", "outcome-reminder:2026-03-05") in reminders_to(escalation)
    assert ("raiser.brent", "outcome-reminder:2026-03-05") not in reminders_to(escalation)
    escalation.refresh_from_db()
    outcome_confirm(
        escalation=escalation,
        person=cast.other,
        side="receiving",
        expected_version=escalation.version,
    )
    assert OutcomeReminder.objects.get(escalation=escalation).next_at is None
    assert outcome_send_reminders(now=dt.datetime(2026, 3, 20, 9, 30, tzinfo=dt.UTC)) == 0


def test_reminders_stop_after_three() -> None:
    cast = make_cast("brent")
    escalation = resolved(cast)
    sent = [
        outcome_send_reminders(now=dt.datetime(2026, 3, day, 9, 30, tzinfo=dt.UTC))
        for day in range(2, 20)
    ]
    assert sum(sent) == 12  # three reminders, two people, two channels
    assert OutcomeReminder.objects.get(escalation=escalation).next_at is None


def test_a_worker_that_catches_up_sends_one_reminder_a_person_not_one_a_day_missed() -> None:
    """Stopped for a week, then started at 09:00 with passes every few seconds: each side is
    reminded once that day, however many of the schedule's days have gone by."""
    cast = make_cast("brent")
    escalation = resolved(cast)
    a_week_on = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    sent = [outcome_send_reminders(now=a_week_on + dt.timedelta(seconds=5 * i)) for i in range(6)]
    assert sum(sent) == 4  # two people, in the app and by email, once
    assert reminders_to(escalation) == [
        ("other.brent", "outcome-reminder:2026-03-10"),
        ("raiser.brent", "outcome-reminder:2026-03-10"),
    ]
    assert OutcomeReminder.objects.get(escalation=escalation).next_at is None


def test_no_reminders_for_escalations_resolved_long_before() -> None:
    cast = make_cast("brent")
    resolved(cast)
    assert outcome_send_reminders(now=MONDAY + dt.timedelta(days=30)) == 0
    assert not OutcomeReminder.objects.exists()


def test_a_dispute_then_a_second_resolution_starts_the_reminders_again() -> None:
    """Both sides confirmed the first outcome (no more reminders); the raiser's manager
    disputes it, which reopens it; a second outcome is recorded: the sides
    are reminded to confirm that one, from its own day."""
    cast = make_cast("brent")
    escalation = resolved(cast)
    outcome_send_reminders(now=RESOLVED_AT + dt.timedelta(minutes=5))
    for minutes, (who, side) in enumerate([(cast.raiser, "raising"), (cast.other, "receiving")]):
        escalation.refresh_from_db()
        outcome_confirm(
            escalation=escalation,
            person=who,
            side=side,  # type: ignore[arg-type]
            expected_version=escalation.version,
            now=RESOLVED_AT + dt.timedelta(minutes=10 + minutes),
        )
    assert OutcomeReminder.objects.get(escalation=escalation).next_at is None
    escalation.refresh_from_db()
    escalation_dispute(
        escalation=escalation,
        actor=cast.manager,
        expected_version=escalation.version,
        text="The visit did not happen.",
        now=dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC),
    )
    escalation.refresh_from_db()
    assert escalation.status == "open"
    wednesday = dt.datetime(2026, 3, 4, 11, 0, tzinfo=dt.UTC)
    act(
        escalation,
        cast.raiser,
        "resolve",
        at=wednesday,
        text="Social care visited on Wednesday.",
        data={"outstanding": "None"},
    )
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    outcome_send_reminders(now=wednesday + dt.timedelta(minutes=5))
    row = OutcomeReminder.objects.get(escalation=escalation)
    assert (row.resolved_at, row.sent) == (wednesday, 0)
    thursday = dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)  # the next working day
    assert outcome_send_reminders(now=thursday) == 4
    assert reminders_to(escalation)[-2:] == [
        ("other.brent", "outcome-reminder:2026-03-05"),
        ("raiser.brent", "outcome-reminder:2026-03-05"),
    ]
    assert "Confirm" in signed_in(cast.raiser).get(confirm_url(escalation)).content.decode()
