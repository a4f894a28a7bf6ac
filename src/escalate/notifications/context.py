"""The unread count in the header of every page: counted up to 100 ("99+" beyond), so a
busy manager's thousands of unread notifications cost a hundred index entries, not a scan."""

from __future__ import annotations

from django.http import HttpRequest

from escalate.notifications.models import Channel, Notification

SHOWN = 100


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = Notification.objects.filter(recipient=user, channel=Channel.APP, read_at__isnull=True)[
        :SHOWN
    ].count()
    return {"unread_notifications": count if count < SHOWN else f"{SHOWN - 1}+"}
