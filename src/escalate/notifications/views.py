"""The notifications page, mark as read, and failed emails for the partnership's officers."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from escalate.notifications import lists
from escalate.notifications.compose import FOOTER
from escalate.notifications.models import Channel, Delivery, Notification
from escalate.notifications.outbox import retry_failed
from escalate.paging import paginate
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person

# Lines written for email only: the address to open (the page links to the escalation
# itself) and the footer that asks the reader to sign in, which they already have.
_EMAIL_ONLY = ("Open the escalation: ", *FOOTER.splitlines())


@dataclass(frozen=True)
class Shown:
    """A notification as the page shows it: its paragraphs, each a list of lines."""

    notification: Notification
    paragraphs: list[list[str]]


def in_app_paragraphs(body: str) -> list[list[str]]:
    """The message's paragraphs without the lines written for email only."""
    paragraphs = []
    for block in body.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith(_EMAIL_ONLY)]
        if any(line.strip() for line in lines):
            paragraphs.append(lines)
    return paragraphs


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    page = paginate(request, lists.inbox(person.pk))
    shown = [Shown(row, in_app_paragraphs(row.body)) for row in page.rows]
    return render(request, "notifications/inbox.html", {"page": page, "rows": shown})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    mine = Notification.objects.filter(recipient=person, channel=Channel.APP, read_at__isnull=True)
    chosen = request.POST.get("notification")
    if chosen:
        one = mine.filter(pk=int(chosen) if chosen.isascii() and chosen.isdigit() else 0).first()
        if one is None:
            messages.info(request, "That notification was already marked as read.")
        else:
            mine.filter(pk=one.pk).update(read_at=timezone.now())
            messages.success(request, f"Marked as read: {one.subject}")
        return redirect("notifications")
    mine.update(read_at=timezone.now())
    messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications")


@login_required
def failed(request: HttpRequest) -> HttpResponse:
    """Emails that could not be sent; an officer may send one (or all) again."""
    person: Person = request.user  # type: ignore[assignment]
    if person.partnership_id is None or not is_officer(person, person.partnership_id):
        raise Http404("Not found")
    # Read from notification_failed: this partnership's, not picked out of the country's.
    rows = Notification.objects.filter(partnership_id=person.partnership_id, status=Delivery.FAILED)
    if request.method == "POST":
        chosen = request.POST.get("retry", "")
        if chosen != "all":
            rows = rows.filter(pk=int(chosen) if chosen.isascii() and chosen.isdigit() else 0)
        again = retry_failed(rows, now=timezone.now())
        if again:
            messages.success(
                request,
                f"{again} email{'s' if again != 1 else ''} will be sent again in the next "
                "minute or so. If it fails again it comes back to this list.",
            )
        else:
            messages.info(request, "Nothing to send again: it may have been sent already.")
        return redirect("failed-emails")
    page = paginate(request, lists.failed_emails(person.partnership_id))
    return render(request, "notifications/failed.html", {"page": page, "rows": page.rows})
