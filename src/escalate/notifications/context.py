"""The unread count in the header of every page."""

from __future__ import annotations

from django.http import HttpRequest

from escalate.notifications.models import Channel, Notification


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = Notification.objects.filter(
        recipient=user, channel=Channel.APP, read_at__isnull=True
    ).count()
    return {"unread_notifications": count}
