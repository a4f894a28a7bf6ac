"""GOV.UK Notify as the channel for the outbox's messages: a Django email backend, so the
worker's claims, exactly-once marks and outage handling apply unchanged. Set
ESCALATE_EMAIL_BACKEND=escalate.notify.backend.NotifyBackend with the settings in
docs/deploy.md.

Each message goes by email through the email template, or by text message through the
text template to people who chose that, with the subject and body (or, by text, the subject
and the link) as personalisation and the escalation's reference as Notify's ``reference``.
Notify's answers are translated into what the worker understands: a refusal of this
message (400) fails it; Notify unreachable, rate-limiting or failing (429, 5xx, no answer)
or refusing our key (403) is an outage, and the messages wait."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from escalate.notifications.models import Notification
from escalate.notifications.sending import NOTIFICATION_HEADER
from escalate.notify.models import Channel, ContactChoice, NotifyReceipt


def client() -> NotificationsAPIClient:
    return NotificationsAPIClient(  # type: ignore[no-untyped-call]
        settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=settings.EMAIL_TIMEOUT
    )


def _translate(error: HTTPError) -> Exception:
    status = int(error.status_code or 503)
    text = f"GOV.UK Notify answered {status}: {error.message}"[:500]
    if status == 400:
        return smtplib.SMTPDataError(550, text)  # this message, never: fail it
    return smtplib.SMTPServerDisconnected(text)  # Notify away or our key refused: wait


class NotifyBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.client = client()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            self._send(message)
            sent += 1
        return sent

    def _send(self, message: EmailMessage) -> None:
        pk = message.extra_headers.get(NOTIFICATION_HEADER)
        row = (
            Notification.objects.select_related("escalation", "recipient__contact_choice")
            .filter(pk=int(pk))
            .first()
            if pk
            else None
        )
        reference = row.escalation.reference if row and row.escalation else None
        choice: ContactChoice | None = (
            getattr(row.recipient, "contact_choice", None) if row else None
        )
        try:
            if choice is not None and choice.channel == Channel.SMS and choice.mobile:
                link = settings.BASE_URL + (f"/escalations/{reference}/" if reference else "/")
                answer = self.client.send_sms_notification(  # type: ignore[no-untyped-call]
                    phone_number=choice.mobile,
                    template_id=settings.NOTIFY_SMS_TEMPLATE,
                    personalisation={"subject": message.subject, "link": link},
                    reference=reference,
                )
                channel = Channel.SMS
            else:
                answer = self.client.send_email_notification(  # type: ignore[no-untyped-call]
                    email_address=message.to[0],
                    template_id=settings.NOTIFY_EMAIL_TEMPLATE,
                    personalisation={"subject": message.subject, "body": message.body},
                    reference=reference,
                )
                channel = Channel.EMAIL
        except HTTPError as error:
            raise _translate(error) from None
        if row is not None:
            NotifyReceipt.objects.create(
                notification=row,
                notify_id=str(answer["id"]),
                channel=channel,
                updated_at=timezone.now(),
            )
