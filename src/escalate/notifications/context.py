"""The unread count in the header of every page: counted up to 100 ("99+" beyond), so a
busy manager's thousands of unread notifications cost a hundred index entries, not a scan.

It is read with the signed-in person, in the same query (``escalate.partnerships.backends``:
this app registers it in ``apps.py``); a person loaded some other way is counted here."""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.expressions import BaseExpression
from django.http import HttpRequest

from escalate.notifications.models import Channel, Notification

SHOWN = 100
UNREAD = "signed_in_unread_notifications"  # the annotation on the signed-in person


class _CappedCount(Subquery):
    """How many rows ``queryset`` has, counting no further than its LIMIT."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()


def _unread(recipient: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(
        recipient=recipient, channel=Channel.APP, read_at__isnull=True
    ).order_by()


def unread_expression() -> BaseExpression:
    """The capped count as a subquery of the signed-in person's query."""
    return _CappedCount(_unread(OuterRef("pk")).values("pk")[:SHOWN])


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count: int | None = getattr(user, UNREAD, None)
    if count is None:
        count = _unread(user)[:SHOWN].count()
    return {"unread_notifications": count if count < SHOWN else f"{SHOWN - 1}+"}
