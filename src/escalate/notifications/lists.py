"""The notifications pages' lists, each compiled once (``escalate.compiled``): a person's
inbox, newest first, and a partnership's failed emails (index ``notification_failed``),
newest first. Building and compiling either took the ORM about 1 ms a page, longer than
the database took to read it."""

from __future__ import annotations

from escalate.compiled import Compiled, Listing
from escalate.notifications.models import Channel, Delivery, Notification

_INBOX: Compiled[Notification] = Compiled(
    Notification,
    lambda person: (
        Notification.objects.filter(recipient_id=person, channel=Channel.APP)
        .select_related("escalation")
        .order_by("-created_at", "-pk")
    ),
)

_FAILED: Compiled[Notification] = Compiled(
    Notification,
    lambda partnership: (
        Notification.objects.filter(partnership_id=partnership, status=Delivery.FAILED)
        .select_related("escalation", "recipient")
        # What the page shows of each: not the message, nor the whole of two more rows.
        .only(
            "subject",
            "attempts",
            "last_error",
            "escalation__reference",
            "recipient__username",
            "recipient__first_name",
            "recipient__last_name",
            "recipient__email",
        )
        .order_by("-created_at", "-pk")
    ),
)


def inbox(person_id: int) -> Listing:
    """The person's in-app notifications, newest first, for ``paginate``."""
    return _INBOX.listing(person=person_id)


def failed_emails(partnership_id: int) -> Listing:
    """The partnership's emails that could not be sent, newest first, for ``paginate``."""
    return _FAILED.listing(partnership=partnership_id)
