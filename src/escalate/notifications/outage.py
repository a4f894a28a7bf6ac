"""When the mail server cannot be reached: emails wait, the worker tries the server again
every so often (shared by all workers, through one open ``MailOutage`` row), and each
partnership's officers are told once, in the app, that mail is not going out."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction

from escalate.notifications.models import Channel, Delivery, MailOutage, Notification
from escalate.partnerships.directory import officers
from escalate.partnerships.models import Partnership

log = logging.getLogger(__name__)
# Try the server again after 5, 10, 20 seconds, then every 30 seconds: mail goes out
# within about half a minute of the server coming back.
FIRST_PROBE = 5.0
LONGEST_PROBE = 30.0


def may_try(now: dt.datetime) -> bool:
    """May this worker try the mail server now? Yes when no outage is open. While one is,
    only when it is time to try again, and then only one worker (the one whose update wins)
    tries: the others wait for its answer, so the waits do not grow with every worker."""
    outage = MailOutage.objects.filter(is_open=True).first()
    if outage is None:
        return True
    if outage.next_probe_at > now:
        return False
    answer_within = dt.timedelta(seconds=settings.EMAIL_TIMEOUT * 4 + 1)
    return (
        MailOutage.objects.filter(
            pk=outage.pk, is_open=True, next_probe_at=outage.next_probe_at
        ).update(next_probe_at=now + answer_within)
        == 1
    )


def _wait(probes: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(FIRST_PROBE * 2 ** max(probes - 1, 0), LONGEST_PROBE))


def server_away(now: dt.datetime, error: BaseException) -> MailOutage:
    """Record a failed try; tell the officers once the outage has lasted long enough."""
    text = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        outage = MailOutage.objects.select_for_update().filter(is_open=True).first()
        if outage is None:
            try:
                with transaction.atomic():
                    outage = MailOutage.objects.create(
                        started_at=now, last_error=text, next_probe_at=now + _wait(1)
                    )
            except IntegrityError:  # another worker opened it at the same moment
                outage = MailOutage.objects.select_for_update().get(is_open=True)
            log.warning("Cannot reach the mail server: %s. Emails will wait.", text)
        else:
            outage.probes += 1
            outage.last_error = text
            outage.next_probe_at = now + _wait(outage.probes)
        notice_after = dt.timedelta(seconds=settings.MAIL_OUTAGE_NOTICE_SECONDS)
        if outage.officers_told_at is None and now - outage.started_at >= notice_after:
            _tell_officers(outage, now)
            outage.officers_told_at = now
        outage.save()
    return outage


def server_back(now: dt.datetime) -> None:
    """The server answered: close any open outage."""
    if MailOutage.objects.filter(is_open=True).update(is_open=False, ended_at=now):
        log.warning("The mail server answers again; waiting emails are going out")


def _tell_officers(outage: MailOutage, now: dt.datetime) -> None:
    since = outage.started_at.astimezone(dt.UTC)
    subject = "Emails are not going out: the mail server cannot be reached"
    body = (
        f"Escalate has not been able to reach its mail server since {since:%H:%M} UTC on "
        f"{since:%-d %B %Y}. Emails are waiting and will be sent when it is back: none "
        "will be lost. Until then, tell people about urgent deadlines another way, and ask "
        "whoever runs the mail server to check it.\n\nThe last error was: "
        f"{outage.last_error}"
    )
    rows = [
        Notification(
            escalation=None,
            partnership=partnership,
            key=f"mail-outage:{outage.pk}",
            recipient=person,
            channel=Channel.APP,
            subject=subject,
            body=body,
            status=Delivery.SENT,
            sent_at=now,
            next_attempt_at=now,
            created_at=now,
        )
        for partnership in Partnership.objects.all()
        for person in officers(partnership)
    ]
    Notification.objects.bulk_create(rows)
    log.warning("Told %d officers that emails are not going out", len(rows))
