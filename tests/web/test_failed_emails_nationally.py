"""The officers' failed emails in a national service: one database, many partnerships.

An officer sees only their own partnership's failed emails, and on PostgreSQL the page reads
only those: the list and its count come from an index that begins with the partnership. It
read every partnership's failed emails newest first, joined each to its escalation and
dropped those of other partnerships, so after a mail outage one partnership's list read the
whole country's."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from budget import queries_for
from cast import Cast, make_cast
from django.db import connection
from django.utils import timezone
from plans import rows_read
from test_pages import raise_escalation, signed_in

from escalate.escalations.models import Escalation
from escalate.notifications import outage
from escalate.notifications.compose import Message
from escalate.notifications.models import Channel, Delivery, Notification
from escalate.notifications.outbox import enqueue

pytestmark = pytest.mark.django_db

OURS = 30  # more than a page, so the page is counted
THEIRS = 200  # the rest of the country's, all newer than ours


def _failed(escalation: Escalation, cast: Cast, n: int, newest: dt.datetime) -> None:
    """``n`` emails about ``escalation``, put in the outbox as the product does, then failed."""
    for i in range(n):
        enqueue(
            escalation,
            [Message(f"test:{i}", cast.other, f"Message {i}", "Something happened.", None)],
            now=newest - dt.timedelta(minutes=i),
        )
    Notification.objects.filter(escalation=escalation, channel=Channel.EMAIL).update(
        status=Delivery.FAILED, attempts=5, last_error="Connection refused"
    )


def _national() -> tuple[Cast, Escalation, Escalation]:
    ours, theirs = make_cast("brent"), make_cast("haringey")
    mine, elsewhere = raise_escalation(ours), raise_escalation(theirs)
    now = timezone.now()
    _failed(mine, ours, OURS, now - dt.timedelta(days=1))
    _failed(elsewhere, theirs, THEIRS, now)
    return ours, mine, elsewhere


def test_an_officer_sees_only_their_partnerships_failed_emails() -> None:
    ours, mine, elsewhere = _national()
    page = signed_in(ours.officer).get("/partnership/failed-emails/")
    assert page.status_code == 200
    text = page.content.decode()
    assert mine.reference in text
    assert elsewhere.reference not in text
    ours_failed = Notification.objects.filter(escalation=mine, status=Delivery.FAILED).count()
    assert ours_failed >= OURS
    assert f"Showing 1 to 25 of {ours_failed} emails" in text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_the_failed_emails_page_reads_only_its_own_partnerships() -> None:
    ours, mine, _ = _national()
    ours_failed = Notification.objects.filter(escalation=mine, status=Delivery.FAILED).count()
    statements = [
        sql
        for sql in queries_for(signed_in(ours.officer), "/partnership/failed-emails/")
        if '"notifications_notification"."status" = \'failed\'' in sql
    ]
    assert len(statements) == 2, statements  # the page's rows, and their count
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_notification")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    for sql in statements:
        assert rows_read(sql, "notifications_notification") <= ours_failed, sql


def test_every_notification_knows_its_partnership_and_the_migration_fills_it() -> None:
    """Written with the message (the escalation's partnership; a notice about the service, its
    officer's), and filled in for the rows from before by notifications 0006, a batch at a time."""
    _, mine, elsewhere = _national()
    later = timezone.now() + dt.timedelta(hours=2)  # long enough for the officers to be told
    outage.server_away(later - dt.timedelta(hours=2), ConnectionRefusedError("refused"))
    outage.server_away(later, ConnectionRefusedError("refused"))
    assert Notification.objects.filter(escalation=None).exists()
    expected = {
        pk: (mine if escalation == mine.pk else elsewhere).partnership_id
        if escalation is not None
        else recipient_partnership
        for pk, escalation, recipient_partnership in Notification.objects.values_list(
            "pk", "escalation_id", "recipient__agency__partnership_id"
        )
    }
    assert None not in expected.values()
    assert set(Notification.objects.values_list("pk", "partnership_id")) == set(expected.items())
    Notification.objects.update(partnership=None)
    migration = importlib.import_module("escalate.notifications.migrations.0006_fill_partnership")
    migration.fill(connection, batch=7)  # in batches, as on a large outbox
    assert set(Notification.objects.values_list("pk", "partnership_id")) == set(expected.items())


def test_a_failed_email_about_no_escalation_is_listed_for_its_partnership() -> None:
    """An email about the service, not an escalation, that failed: shown with its subject."""
    ours, _, _ = _national()
    now = timezone.now()
    Notification.objects.create(
        partnership_id=ours.officer.partnership_id,
        key="service:test",
        recipient=ours.officer,
        channel=Channel.EMAIL,
        subject="Emails are not going out",
        body="The mail server cannot be reached.",
        status=Delivery.FAILED,
        next_attempt_at=now,
        created_at=now,
    )
    page = signed_in(ours.officer).get("/partnership/failed-emails/")
    assert page.status_code == 200
    assert "None: Emails are not going out" in page.content.decode()
