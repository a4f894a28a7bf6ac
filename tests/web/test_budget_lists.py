"""Every list other than home a page at a time, in the order that matters, within its query
budget (10) at 5 and at 50 rows: agreed outcomes to confirm, the learning queues, failed
emails, notifications, who has viewed an escalation, and the dashboard's open escalations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from copy import copy

import pytest
from budget import LIST_BUDGET, assert_budget
from cast import Cast, make_cast
from django.test import Client
from django.utils import timezone
from many import copies_of
from test_pages import act, page_text, raise_escalation, signed_in

from escalate.audit.models import AuditEntry, Outcome
from escalate.documents.services import outcome_confirm
from escalate.escalations.models import Escalation, Event
from escalate.notifications.models import Channel, Delivery, Notification
from escalate.partnerships.models import Person
from escalate.reports.facts import facts_refresh_stale
from escalate.reports.learning import learning_record
from escalate.reports.models import LearningItem

pytestmark = pytest.mark.django_db

PER_PAGE = 25


# -- making many rows ----------------------------------------------------------------------


def resolved(cast: Cast) -> Escalation:
    escalation = raise_escalation(cast)
    act(escalation, cast.raiser, "resolve", "Agreed.", data={"outstanding": "None"})
    return escalation


def grown(original: Escalation, n: int) -> list[Escalation]:
    return copies_of(original, max(0, n - Escalation.objects.count()))


def notifications_for(person: Person, escalation: Escalation, n: int, **fields: object) -> None:
    """At least ``n`` notifications to ``person`` like ``fields``, an hour apart."""
    have = Notification.objects.filter(recipient=person, **fields).count()
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            escalation=escalation,
            partnership_id=escalation.partnership_id,
            key=f"test-{fields}-{i}",
            recipient=person,
            subject=f"Message {i} about {escalation.reference}",
            body="Something happened.",
            next_attempt_at=now,
            created_at=now - dt.timedelta(hours=i),
            **fields,
        )
        for i in range(have, n)
    )


def views_of(escalation: Escalation, person: Person, n: int) -> None:
    have = AuditEntry.objects.filter(escalation=escalation).count()
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            escalation=escalation,
            partnership_id=escalation.partnership_id,
            reference=escalation.reference,
            person=person,
            at=now - dt.timedelta(minutes=i),
            what="Escalation page",
            outcome=Outcome.SHOWN,
            path=f"/escalations/{escalation.reference}/",
        )
        for i in range(have, n)
    )


def learning_on_copies(original: Escalation, n: int) -> None:
    """At least ``n`` open learning items, each on its own copy of ``original``."""
    item = LearningItem.objects.get(escalation=original)
    have = LearningItem.objects.count()
    clones = copies_of(original, max(0, n - have))
    events = {
        e.escalation_id: e
        for e in Event.objects.filter(escalation__in=clones, sequence=item.event.sequence)
    }
    made = []
    for clone in clones:
        moved = copy(item)
        moved.pk = None
        moved.escalation = clone
        moved.event = events[clone.pk]
        made.append(moved)
    LearningItem.objects.bulk_create(made)


def with_learning(cast: Cast) -> Escalation:
    escalation = raise_escalation(cast)
    learning_record(
        escalation=escalation,
        actor=cast.raiser,
        kind="lesson",
        text="Thresholds were read differently.",
        expected_version=escalation.version,
    )
    escalation.refresh_from_db()
    return escalation


# -- the pages and their sizes -------------------------------------------------------------

Page = Callable[[int], tuple[Client, str]]


def outcomes_page(cast: Cast, who: str) -> Page:
    original = resolved(cast)

    def page(n: int) -> tuple[Client, str]:
        grown(original, n)
        return signed_in(getattr(cast, who)), "/outcomes/to-confirm/"

    return page


def inbox_page(cast: Cast) -> Page:
    escalation = raise_escalation(cast)

    def page(n: int) -> tuple[Client, str]:
        notifications_for(cast.raiser, escalation, n, channel=Channel.APP)
        return signed_in(cast.raiser), "/notifications/"

    return page


def failed_page(cast: Cast) -> Page:
    escalation = raise_escalation(cast)

    def page(n: int) -> tuple[Client, str]:
        notifications_for(cast.other, escalation, n, channel=Channel.EMAIL, status=Delivery.FAILED)
        return signed_in(cast.officer), "/partnership/failed-emails/"

    return page


def view_log_page(cast: Cast) -> Page:
    escalation = raise_escalation(cast)

    def page(n: int) -> tuple[Client, str]:
        views_of(escalation, cast.raiser, n)
        return signed_in(cast.officer), f"/escalations/{escalation.reference}/views/"

    return page


def learning_page(cast: Cast) -> Page:
    original = with_learning(cast)

    def page(n: int) -> tuple[Client, str]:
        learning_on_copies(original, n)
        return signed_in(cast.officer), "/partnership/learning/"

    return page


def dashboard_page(cast: Cast) -> Page:
    original = raise_escalation(cast)

    def page(n: int) -> tuple[Client, str]:
        grown(original, n)
        # Copied in bulk, past the writer: the worker's repair counts them.
        facts_refresh_stale(partnership=cast.partnership, limit=None)
        return signed_in(cast.officer), "/partnership/dashboard/"

    return page


LISTS: dict[str, Callable[[Cast], Page]] = {
    "outcomes to confirm, raiser": lambda cast: outcomes_page(cast, "raiser"),
    "outcomes to confirm, the other side's manager": lambda cast: outcomes_page(
        cast, "other_manager"
    ),
    "notifications": inbox_page,
    "failed emails": failed_page,
    "who has viewed": view_log_page,
    "learning queues": learning_page,
    "dashboard": dashboard_page,
}


# What each list runs now (issue 10), the session and the signed-in person included: at most
# LIST_BUDGET, and one more than this fails.
BUDGETS = {
    "outcomes to confirm, raiser": 5,
    "outcomes to confirm, the other side's manager": 5,
    "notifications": 4,
    "failed emails": 4,
    "who has viewed": 5,
    "learning queues": 4,
    "dashboard": 8,
}


@pytest.mark.parametrize("name", list(LISTS))
def test_each_list_keeps_its_query_budget(name: str) -> None:
    assert BUDGETS[name] <= LIST_BUDGET
    assert_budget(LISTS[name](make_cast("brent")), limit=BUDGETS[name])


@pytest.mark.parametrize("name", list(LISTS))
def test_each_list_comes_a_page_at_a_time(name: str) -> None:
    client, url = LISTS[name](make_cast("brent"))(PER_PAGE + 6)
    first = page_text(client, url)
    assert f"Showing 1 to {PER_PAGE} of" in first, name
    assert 'class="govuk-pagination"' in first
    second = page_text(client, f"{url}?page=2")
    assert re.search(rf"Showing {PER_PAGE + 1} to \d+ of", second), name


# -- what each list says, in order ---------------------------------------------------------


def test_outcomes_to_confirm_lists_only_the_sides_still_waiting() -> None:
    cast = make_cast("brent")
    escalation = resolved(cast)
    escalation.refresh_from_db()
    outcome_confirm(
        escalation=escalation,
        person=cast.raiser,
        side="raising",
        expected_version=escalation.version,
    )
    assert escalation.reference not in page_text(signed_in(cast.raiser), "/outcomes/to-confirm/")
    assert escalation.reference not in page_text(signed_in(cast.manager), "/outcomes/to-confirm/")
    for who in (cast.other, cast.other_manager):
        listed = page_text(signed_in(who), "/outcomes/to-confirm/")
        assert escalation.reference in listed
        assert "Children's Social Care" in listed
    assert escalation.reference not in page_text(signed_in(cast.outsider), "/outcomes/to-confirm/")


def test_outcomes_waiting_longest_come_first() -> None:
    cast = make_cast("brent")
    first = resolved(cast)
    second = resolved(cast)
    html = page_text(signed_in(cast.raiser), "/outcomes/to-confirm/")
    assert html.index(first.reference) < html.index(second.reference)


def test_notifications_newest_first() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    notifications_for(cast.raiser, escalation, 3, channel=Channel.APP)
    html = page_text(signed_in(cast.raiser), "/notifications/")
    assert html.index("Message 0 about") < html.index("Message 2 about")


def test_the_header_counts_unread_notifications_up_to_99() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    Notification.objects.filter(recipient=cast.raiser).delete()
    notifications_for(cast.raiser, escalation, 3, channel=Channel.APP)
    assert '3<span class="govuk-visually-hidden"> unread' in page_text(signed_in(cast.raiser), "/")
    notifications_for(cast.raiser, escalation, 150, channel=Channel.APP)
    html = page_text(signed_in(cast.raiser), "/")
    assert '99+<span class="govuk-visually-hidden"> unread' in html
