"""Who is told what, the outbox, reminders at the edges of the working day, and the worker."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import CHILD, Cast, make_cast
from django.core import mail
from django.test import override_settings
from timescales import with_timescales_unstated

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import escalation_act
from escalate.notifications.models import Channel, Delivery, Notification
from escalate.notifications.sending import backoff
from escalate.policy.clock import LONDON
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


MONDAY = london("2026-03-02T10:00")


def raise_one(cast: Cast, *, now: dt.datetime = MONDAY, **extra: object) -> Escalation:
    policy = cast.partnership.policy_in_force(now.date()).policy
    fields: dict[str, object] = {"categories": [policy.categories[0].key], **CHILD, **extra}
    return escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        disagreement="The referral was closed without a visit.",
        outcome_wanted="An assessment.",
        immediate_risk=False,
        now=now,
        **fields,  # type: ignore[arg-type]
    )


def recipients(escalation: Escalation, key_prefix: str, channel: str = Channel.EMAIL) -> set[str]:
    rows = Notification.objects.filter(
        escalation=escalation, key__startswith=key_prefix, channel=channel
    )
    return {row.recipient.username for row in rows}


def escalate(escalation: Escalation, who: object, at: dt.datetime) -> None:
    escalation.refresh_from_db()
    escalation_act(
        escalation=escalation,
        actor=who,  # type: ignore[arg-type]
        action="escalate",
        expected_version=escalation.version,
        text="Not resolved.",
        now=at,
    )
    escalation.refresh_from_db()


def test_raising_tells_the_other_party_and_whoever_must_act_but_not_the_raiser() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    told = recipients(escalation, "event:1")
    assert cast.other.username in told
    assert cast.raiser.username not in told  # they did it themselves
    assert cast.outsider.username not in told
    # In the app too, with the same rows.
    assert recipients(escalation, "event:1", Channel.APP) == told


def test_escalating_tells_the_raiser_and_the_managers_who_must_act_next() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    escalate(escalation, cast.raiser, london("2026-03-02T11:00"))  # to stage two
    escalate(escalation, cast.raiser, london("2026-03-02T12:00"))  # to line managers
    told = recipients(escalation, "event:3")
    assert {cast.manager.username, cast.other_manager.username} <= told
    assert cast.other.username in told


def test_bromley_tells_the_cp_chair_at_stage_two_when_the_child_has_a_cp_plan() -> None:
    cast = make_cast("bromley")
    escalation = raise_one(cast, child_status="cp-plan")
    escalate(escalation, cast.raiser, london("2026-03-02T11:00"))
    assert cast.chair.username in recipients(escalation, "policy:cp-chair")
    assert not Notification.objects.filter(escalation=escalation, key__startswith="policy:iro")


def test_bromley_says_nothing_to_the_cp_chair_for_a_child_in_need() -> None:
    cast = make_cast("bromley")
    escalation = raise_one(cast)
    escalate(escalation, cast.raiser, london("2026-03-02T11:00"))
    assert not Notification.objects.filter(escalation=escalation, key__startswith="policy:cp")


def test_no_email_carries_the_childs_details() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    escalate(escalation, cast.raiser, london("2026-03-02T11:00"))
    bodies = Notification.objects.filter(escalation=escalation, channel=Channel.EMAIL)
    assert bodies.count() > 0
    for row in bodies:
        for secret in ("Ava", "Testington", "2016", "closed without a visit"):
            assert secret not in row.subject
            assert secret not in row.body
        assert escalation.reference in row.subject
        assert f"/escalations/{escalation.reference}/" in row.body


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_the_worker_sends_each_email_once() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    waiting = Notification.objects.filter(escalation=escalation, channel=Channel.EMAIL).count()
    first = run_pass(now=MONDAY + dt.timedelta(minutes=1), me="a")
    second = run_pass(now=MONDAY + dt.timedelta(minutes=2), me="b")
    assert first.sent == waiting
    assert second.sent == 0
    assert len(mail.outbox) == waiting
    assert all(m.subject.startswith("[Escalate] ") for m in mail.outbox)


class FlakySMTP:
    """An email backend that fails a set number of times, then works. Its failure is not
    the mail server being away (that waits: test_sending_faults.py) but an error of the
    message's own, which is retried with backoff and in the end failed."""

    failures = 0
    sent: list[str] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def send_messages(self, messages: list[mail.EmailMessage]) -> int:
        if FlakySMTP.failures > 0:
            FlakySMTP.failures -= 1
            raise ValueError("the message could not be encoded")
        FlakySMTP.sent.extend(m.to[0] for m in messages)
        return len(messages)


@override_settings(EMAIL_BACKEND="test_notifications.FlakySMTP")
def test_an_email_failing_then_working_is_retried_with_backoff_and_sent_once() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    row = Notification.objects.filter(escalation=escalation, channel=Channel.EMAIL).first()
    assert row is not None
    Notification.objects.filter(escalation=escalation, channel=Channel.EMAIL).exclude(
        pk=row.pk
    ).update(status=Delivery.SENT)
    FlakySMTP.failures, FlakySMTP.sent = 2, []
    now = MONDAY + dt.timedelta(minutes=1)
    assert run_pass(now=now).counts["retrying"] == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Delivery.PENDING, 1)
    assert "could not be encoded" in row.last_error
    assert row.next_attempt_at == now + backoff(1)
    assert run_pass(now=now + dt.timedelta(seconds=30)).counts["retrying"] == 0  # not yet
    now = row.next_attempt_at
    assert run_pass(now=now).counts["retrying"] == 1
    row.refresh_from_db()
    assert run_pass(now=row.next_attempt_at).sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Delivery.SENT, 3, "")
    assert FlakySMTP.sent == [row.recipient.email]


@override_settings(EMAIL_BACKEND="test_notifications.FlakySMTP", NOTIFY_MAX_ATTEMPTS=2)
def test_an_email_that_keeps_failing_is_marked_failed_for_the_officers() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    FlakySMTP.failures = 10_000
    now = MONDAY
    for _ in range(3):
        now += dt.timedelta(hours=7)
        run_pass(now=now)
    failed = Notification.objects.filter(escalation=escalation, status=Delivery.FAILED)
    assert (
        failed.count()
        == Notification.objects.filter(escalation=escalation, channel=Channel.EMAIL).count()
    )
    from django.test import Client

    client = Client()
    client.force_login(cast.officer)
    page = client.get("/partnership/failed-emails/")
    assert page.status_code == 200
    assert escalation.reference.encode() in page.content
    client.force_login(cast.raiser)
    assert client.get("/partnership/failed-emails/").status_code == 404


def reminder_people(escalation: Escalation, day: dt.date) -> set[str]:
    return recipients(escalation, f"reminder:{day.isoformat()}")


@override_settings(EMAIL_BACKEND=LOCMEM)
@pytest.mark.parametrize(
    ("moment", "reminded"),
    [
        ("2026-03-09T08:59", False),  # before the working day starts
        ("2026-03-09T09:00", True),  # the start of the day the deadline falls
        ("2026-03-09T16:59", True),
    ],
)
def test_reminders_start_with_the_working_day_on_which_the_deadline_falls(
    moment: str, reminded: bool
) -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)  # Brent: one working week, due Monday 9 March 17:00
    assert escalation.next_deadline == london("2026-03-09T17:00")
    run_pass(now=london("2026-03-06T12:00"))  # the Friday before: nothing due yet
    assert not reminder_people(escalation, dt.date(2026, 3, 6))
    run_pass(now=london(moment))
    assert bool(reminder_people(escalation, dt.date(2026, 3, 9))) is reminded


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_overdue_alert_goes_to_those_who_act_their_managers_and_the_raiser_in_working_hours() -> (
    None
):
    cast = make_cast("brent")
    with_timescales_unstated(cast.partnership, "brent")  # alerted, not reminders only
    escalation = raise_one(cast)
    run_pass(now=london("2026-03-09T17:01"))  # one minute late, after hours
    alert = Notification.objects.filter(escalation=escalation, key__startswith="overdue:")
    people = {row.recipient.username for row in alert.filter(channel=Channel.EMAIL)}
    assert {cast.raiser.username, cast.manager.username} <= people
    assert cast.outsider.username not in people
    # Written at once, but not emailed outside working hours: it waits for 09:00 Tuesday.
    assert {row.next_attempt_at for row in alert.filter(channel=Channel.EMAIL)} == {
        london("2026-03-10T09:00")
    }
    assert "escalate to the next stage" in alert.first().body  # type: ignore[union-attr]
    sent_before = len(mail.outbox)
    run_pass(now=london("2026-03-09T20:00"))
    assert len(mail.outbox) == sent_before
    run_pass(now=london("2026-03-10T09:00"))
    assert len(mail.outbox) > sent_before
    # The alert is sent once per deadline, however many passes run.
    count = alert.count()
    run_pass(now=london("2026-03-10T10:00"))
    assert alert.count() == count


def test_the_notifications_page_and_unread_count() -> None:
    from django.test import Client

    cast = make_cast("brent")
    escalation = raise_one(cast)
    client = Client()
    client.force_login(cast.other)
    page = client.get("/notifications/")
    assert escalation.reference.encode() in page.content
    assert b"unread" in client.get("/").content
    client.post("/notifications/read/")
    assert not Notification.objects.filter(
        recipient=cast.other, channel=Channel.APP, read_at__isnull=True
    ).exists()
    assert client.get("/notifications/read/").status_code == 405


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_one_message_a_morning_per_person_per_escalation_when_it_has_just_gone_overdue() -> None:
    """The deadline passed at 17:00 Monday: at 09:00 on Tuesday the people who must act get
    the overdue alert, not the alert and a reminder saying the same thing."""
    cast = make_cast("brent")
    with_timescales_unstated(cast.partnership, "brent")  # alerted, not reminders only
    escalation = raise_one(cast)
    for minute in range(0, 10, 2):  # passes from 17:00 until Tuesday morning
        run_pass(now=london("2026-03-09T17:01") + dt.timedelta(minutes=minute))
    for minute in range(0, 10, 2):
        run_pass(now=london("2026-03-10T09:00") + dt.timedelta(minutes=minute))
    tuesday = [
        m for m in mail.outbox if "overdue" in m.subject and escalation.reference in m.subject
    ]
    counts: dict[str, int] = {}
    for message in tuesday:
        counts[message.to[0]] = counts.get(message.to[0], 0) + 1
    assert counts  # the alert went out
    assert set(counts.values()) == {1}, counts
    # On Wednesday it is still overdue: one reminder each, as every day it stays so.
    run_pass(now=london("2026-03-11T09:00"))
    wednesday = reminder_people(escalation, dt.date(2026, 3, 11))
    assert wednesday == {cast.raiser.username, cast.manager.username}
    assert not reminder_people(escalation, dt.date(2026, 3, 10))
