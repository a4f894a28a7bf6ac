"""The mail server misbehaving, against real SMTP servers on 127.0.0.1: down for longer than
every retry schedule, hanging, refusing one recipient for now or for good; and a worker
whose claim ran out while it was paused."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from cast import make_cast
from django.test import Client, override_settings
from django.utils import timezone
from outbox_rows import MONDAY, due_emails
from smtp_sink import Silent, Sink, free_port

from escalate.notifications import claims
from escalate.notifications.models import Channel, Delivery, MailOutage, Notification
from escalate.notifications.sending import send
from escalate.partnerships.directory import officers
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def port() -> Iterator[int]:
    chosen = free_port()
    with override_settings(
        EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=chosen, EMAIL_TIMEOUT=0.5
    ):
        yield chosen


def outage_notices() -> list[Notification]:
    return list(Notification.objects.filter(key__startswith="mail-outage:", channel=Channel.APP))


@override_settings(MAIL_OUTAGE_NOTICE_SECONDS=600, NOTIFY_MAX_ATTEMPTS=8)
def test_mail_server_down_longer_than_every_retry_schedule_loses_nothing(port: int) -> None:
    cast = make_cast("brent")
    subjects = due_emails(cast, 50)
    now = MONDAY
    for _ in range(12):  # two days of passes, three hours apart: far past 8 attempts
        run_pass(now=now)
        now += dt.timedelta(hours=4)
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    assert set(emails.values_list("status", flat=True)) == {Delivery.PENDING}
    assert set(emails.values_list("attempts", flat=True)) == {0}
    told = outage_notices()
    assert set(officers(cast.partnership)) <= {n.recipient for n in told}
    assert cast.stranger in {n.recipient for n in told}  # every partnership's officers
    assert len(told) == len({n.recipient for n in told})  # once each, not once a pass
    assert "not going out" in told[0].subject
    client = Client()
    client.force_login(cast.officer)
    inbox = client.get("/notifications/")
    assert b"Emails are not going out" in inbox.content
    with Sink(port=port) as sink:
        run_pass(now=now)
        assert sorted(sink.subjects) == sorted(subjects)
        assert set(sink.subjects.values()) == {1}
    assert emails.filter(status=Delivery.SENT).count() == 50
    assert not MailOutage.objects.filter(is_open=True).exists()
    assert len(outage_notices()) == len(told)


def test_a_hanging_mail_server_does_not_stall_the_worker(port: int) -> None:
    cast = make_cast("brent")
    due_emails(cast, 20)
    with (
        Silent() as silent,
        override_settings(EMAIL_PORT=silent.port),
    ):
        started = time.monotonic()
        report = run_pass(now=MONDAY)
        took = time.monotonic() - started
    # One timeout for the whole pass, not one per message; the other jobs ran.
    assert took < 5, f"the pass took {took:.1f} s"
    assert report.counts["mail server away"] == 1
    assert not report.errors
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    assert set(emails.values_list("status", "attempts")) == {(Delivery.PENDING, 0)}


def test_a_recipient_refused_for_now_is_retried_and_sent_once(port: int) -> None:
    cast = make_cast("brent")
    (subject,) = due_emails(cast, 1)
    with Sink(port=port) as sink:
        sink.refuse[cast.other.email] = "450 Mailbox busy, try later"
        for hours in range(0, 48, 4):  # longer than the whole schedule: never failed
            run_pass(now=MONDAY + dt.timedelta(hours=hours))
        row = Notification.objects.get(channel=Channel.EMAIL)
        assert row.status == Delivery.PENDING
        assert row.attempts == 12
        assert "Mailbox busy" in row.last_error
        del sink.refuse[cast.other.email]
        assert run_pass(now=row.next_attempt_at).sent == 1
        assert sink.subjects == {subject: 1}


def test_a_permanent_refusal_fails_that_email_only_and_officers_can_retry_it(port: int) -> None:
    cast = make_cast("brent")
    due_emails(cast, 3)
    refused = Notification.objects.filter(channel=Channel.EMAIL).order_by("pk").first()
    assert refused is not None
    refused.recipient = cast.raiser
    refused.save()
    with Sink(port=port) as sink:
        sink.refuse[cast.raiser.email] = "550 No such user here"
        report = run_pass(now=MONDAY)
        assert (report.sent, report.failed) == (2, 1)
        refused.refresh_from_db()
        assert (refused.status, refused.attempts) == (Delivery.FAILED, 1)
        assert "No such user" in refused.last_error

        outsider = Client()
        outsider.force_login(cast.raiser)  # not an officer
        retry = {"retry": refused.pk}
        assert outsider.post("/partnership/failed-emails/", retry).status_code == 404
        outsider.force_login(cast.stranger)  # another partnership's officer: touches nothing
        outsider.post("/partnership/failed-emails/", {"retry": refused.pk})
        refused.refresh_from_db()
        assert refused.status == Delivery.FAILED
        client = Client()
        client.force_login(cast.officer)
        page = client.get("/partnership/failed-emails/")
        assert b"No such user" in page.content
        assert b"Try again" in page.content
        del sink.refuse[cast.raiser.email]
        answer = client.post("/partnership/failed-emails/", {"retry": refused.pk}, follow=True)
        assert b"will be sent again" in answer.content
        refused.refresh_from_db()
        assert refused.status == Delivery.PENDING
        counts: dict[str, int] = {}
        send(timezone.now(), counts, "worker")  # at once, not at the backoff's time
        assert counts["sent"] == 1
        assert sink.subjects["[Escalate] message 0"] == 1
        assert client.post("/partnership/failed-emails/", {"retry": "x²"}).status_code == 302


def test_a_worker_whose_claim_ran_out_neither_sends_nor_marks_what_another_took() -> None:
    cast = make_cast("brent")
    due_emails(cast, 3)
    paused = claims.claim_batch(MONDAY, "paused", 10)
    assert len(paused.held) == 3
    # It is paused past its lease; another worker claims the rows and sends one.
    Notification.objects.update(claimed_until=MONDAY)
    other = claims.claim_batch(MONDAY, "other", 10)
    assert len(other.held) == 3
    assert claims.mark_sent(other, other.held[0], MONDAY)
    # The paused worker wakes: it can mark nothing, and renewing drops every row.
    assert not claims.mark_sent(paused, paused.held[0], MONDAY)
    claims.renew(paused, list(paused.held))
    assert paused.held == []
    assert Notification.objects.filter(status=Delivery.SENT).count() == 1
    assert Notification.objects.filter(claimed_by=other.token).count() == 2


@override_settings(NOTIFY_PASS_SECONDS=0.5)
def test_a_slow_mail_server_does_not_starve_the_deadline_scan(port: int) -> None:
    cast = make_cast("brent")
    due_emails(cast, 20)
    with Sink(port=port, delay=0.2) as sink:  # 4 s of sending in all
        started = time.monotonic()
        report = run_pass(now=MONDAY)
        took = time.monotonic() - started
        assert took < 3, f"the pass took {took:.1f} s"
        assert 0 < report.sent < 20
        # What was not sent is given back at once, not held until the lease runs out.
        emails = Notification.objects.filter(channel=Channel.EMAIL)
        assert emails.filter(status=Delivery.SENDING).count() == 0
        assert emails.filter(status=Delivery.PENDING).count() == 20 - report.sent
        counts: dict[str, int] = {}
        while emails.filter(status=Delivery.PENDING).exists():
            send(MONDAY, counts, "worker")
        assert sink.received() == 20
        assert set(sink.subjects.values()) == {1}


def test_while_the_mail_server_is_away_one_worker_at_a_time_tries_it_again() -> None:
    from escalate.notifications import outage

    assert outage.may_try(MONDAY)  # no outage: everyone sends
    outage.server_away(MONDAY, ConnectionRefusedError("refused"))
    later = MONDAY + dt.timedelta(minutes=1)
    assert not outage.may_try(MONDAY)  # not yet time to try again
    assert [outage.may_try(later) for _ in range(3)] == [True, False, False]
    outage.server_away(later, ConnectionRefusedError("refused"))
    assert MailOutage.objects.get(is_open=True).probes == 2  # once per try, not per worker
    outage.server_back(later)
    assert outage.may_try(later)
