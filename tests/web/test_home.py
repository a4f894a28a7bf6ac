"""The home page at any size: a page at a time, the next deadline first, filters for officers
and managers, a plain message for a wrong filter, and a query budget that does not grow."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from budget import assert_budget
from cast import Cast, make_cast
from django.test import Client
from django.utils import timezone
from many import copies_of
from test_pages import act, escalate_to, page_text, raise_escalation, signed_in

from escalate.escalations.models import Escalation

pytestmark = pytest.mark.django_db


def references(html: str) -> list[str]:
    """The references listed, in order."""
    return re.findall(r'<a class="govuk-link" href="/escalations/([A-Z]{3}-[0-9-]+)/">', html)


def officer_home(cast: Cast, query: str = "") -> str:
    return page_text(signed_in(cast.officer), f"/{query}")


# -- order and pages -----------------------------------------------------------------------


def test_the_next_deadline_comes_first() -> None:
    cast = make_cast("brent")
    later = raise_escalation(cast)
    sooner = raise_escalation(cast, now=timezone.now() - dt.timedelta(days=1))
    overdue = raise_escalation(cast, now=timezone.now() - dt.timedelta(days=40))
    assert overdue.next_deadline < sooner.next_deadline < later.next_deadline  # type: ignore[operator]
    shown = references(page_text(signed_in(cast.raiser), "/"))
    assert shown == [overdue.reference, sooner.reference, later.reference]


def test_a_long_list_comes_a_page_at_a_time() -> None:
    cast = make_cast("brent")
    copies_of(raise_escalation(cast), 29)
    client = signed_in(cast.raiser)
    first = page_text(client, "/")
    assert len(references(first)) == 25
    assert "Showing 1 to 25 of 30 escalations" in first
    assert '<nav class="govuk-pagination" aria-label="Pagination">' in first
    assert 'href="?page=2" rel="next"' in first
    second = page_text(client, "/?page=2")
    assert len(references(second)) == 5
    assert not set(references(first)) & set(references(second))
    assert "Showing 26 to 30 of 30 escalations" in second
    assert 'href="/" rel="prev"' in second


@pytest.mark.parametrize("page", ["abc", "0", "-3", "999999999999"])
def test_a_wrong_page_number_shows_a_page_not_an_error(page: str) -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    assert escalation.reference in page_text(signed_in(cast.raiser), f"/?page={page}")


def test_closed_escalations_are_listed_apart() -> None:
    cast = make_cast("brent")
    still_open = raise_escalation(cast)
    resolved = raise_escalation(cast)
    act(resolved, cast.raiser, "resolve", "Agreed.", data={"outstanding": "None"})
    client = signed_in(cast.raiser)
    opened = page_text(client, "/")
    assert references(opened) == [still_open.reference]
    assert 'href="/?status=closed">Closed</a>' in opened
    closed = page_text(client, "/?status=closed")
    assert references(closed) == [resolved.reference]
    assert '<h2 class="govuk-heading-m">Closed</h2>' in closed
    assert "Resolved" in closed


def test_nothing_open_says_so() -> None:
    cast = make_cast("brent")
    html = page_text(signed_in(cast.colleague), "/")
    assert "You have no open escalations." in html
    assert "You have no closed escalations." in page_text(
        signed_in(cast.colleague), "/?status=closed"
    )


# -- who gets the filters ------------------------------------------------------------------


def test_officers_and_managers_get_the_filters_practitioners_do_not() -> None:
    cast = make_cast("brent")
    raise_escalation(cast)
    form = 'action="/" novalidate'
    assert form in officer_home(cast)
    assert form in page_text(signed_in(cast.manager), "/")
    assert form not in page_text(signed_in(cast.raiser), "/")


def test_the_filters_are_a_get_form_that_needs_no_javascript() -> None:
    cast = make_cast("brent")
    html = officer_home(cast)
    form = re.search(r"<form method=\"get\" action=\"/\".*?</form>", html, re.S)
    assert form is not None
    for name in ("q", "status", "stage", "agency", "overdue"):
        assert f'name="{name}"' in form.group(0), name
    assert '<button type="submit"' in form.group(0)


def selected(html: str) -> dict[str, list[str]]:
    """Each drop-down list of the filters: the values of its options marked selected."""
    lists = re.findall(r'<select [^>]*name="(\w+)"[^>]*>(.*?)</select>', html, re.S)
    return {
        name: re.findall(r'<option value="([^"]*)" selected>', options) for name, options in lists
    }


def test_the_filters_show_what_was_chosen_and_default_to_any() -> None:
    cast = make_cast("brent")
    assert selected(officer_home(cast)) == {"status": [], "stage": [""], "agency": [""]}
    chosen = officer_home(cast, f"?status=withdrawn&stage=other-worker&agency={cast.health.pk}")
    assert selected(chosen) == {
        "status": ["withdrawn"],
        "stage": ["other-worker"],
        "agency": [str(cast.health.pk)],
    }
    # A value not on the list is refused and nothing is marked (the browser shows the first).
    assert selected(officer_home(cast, "?status=bogus"))["status"] == []


# -- filters -------------------------------------------------------------------------------


def three(cast: Cast) -> tuple[Escalation, Escalation, Escalation]:
    """Open and overdue (with social care), open at stage 2 (with health), resolved."""
    overdue = raise_escalation(cast, now=timezone.now() - dt.timedelta(days=40))
    second = raise_escalation(cast)
    Escalation.objects.filter(pk=second.pk).update(receiving_agency=cast.health)
    escalate_to(second, "other-worker")
    resolved = raise_escalation(cast)
    act(resolved, cast.raiser, "resolve", "Agreed.", data={"outstanding": "None"})
    return overdue, second, resolved


def test_officers_see_open_escalations_first_and_can_ask_for_the_rest() -> None:
    cast = make_cast("brent")
    overdue, second, resolved = three(cast)
    assert references(officer_home(cast)) == [overdue.reference, second.reference]
    assert references(officer_home(cast, "?status=closed")) == [resolved.reference]
    assert references(officer_home(cast, "?status=resolved")) == [resolved.reference]
    assert references(officer_home(cast, "?status=withdrawn")) == []
    assert set(references(officer_home(cast, "?status=any"))) == {
        overdue.reference,
        second.reference,
        resolved.reference,
    }


def test_filter_by_stage_agency_and_overdue() -> None:
    cast = make_cast("brent")
    overdue, second, _ = three(cast)
    assert references(officer_home(cast, "?stage=other-worker")) == [second.reference]
    assert references(officer_home(cast, f"?agency={cast.health.pk}")) == [second.reference]
    assert references(officer_home(cast, f"?agency={cast.school.pk}")) == [
        overdue.reference,
        second.reference,
    ]
    assert references(officer_home(cast, "?overdue=on")) == [overdue.reference]


def test_search_by_reference_name_or_date_of_birth() -> None:
    cast = make_cast("brent")
    overdue, second, resolved = three(cast)
    Escalation.objects.filter(pk=second.pk).update(
        child_name="Milo Fictional", child_date_of_birth=dt.date(2019, 11, 30)
    )
    found = references(officer_home(cast, f"?q={second.reference.lower()}"))
    assert found == [second.reference]
    assert references(officer_home(cast, "?q=milo")) == [second.reference]
    assert references(officer_home(cast, "?q=fict+MIL")) == [second.reference]
    for written in ("30/11/2019", "30-11-2019", "2019-11-30", "30+Nov+2019", "30+November+2019"):
        assert references(officer_home(cast, f"?q={written}")) == [second.reference], written
    assert references(officer_home(cast, "?q=Testington&status=any")) == [
        overdue.reference,
        resolved.reference,
    ]


def test_nothing_found_says_so_and_offers_to_clear() -> None:
    cast = make_cast("brent")
    three(cast)
    html = officer_home(cast, "?q=Nobody+Atall")
    assert "No escalations match these filters." in html
    assert '<a class="govuk-link" href="/">Clear the filters</a>' in html


def test_the_filters_are_kept_across_pages() -> None:
    cast = make_cast("brent")
    copies_of(raise_escalation(cast), 29)
    html = officer_home(cast, "?q=Testington&status=open")
    assert unescape('href="?q=Testington&amp;status=open&amp;page=2"') in html


def test_a_manager_filters_only_what_they_may_see() -> None:
    cast = make_cast("brent")
    ours = raise_escalation(cast)
    theirs = raise_escalation(make_cast("haringey"))
    html = page_text(signed_in(cast.manager), f"/?q={theirs.reference}")
    assert references(html) == []
    assert references(page_text(signed_in(cast.manager), f"/?q={ours.reference}")) == [
        ours.reference
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?status=lost", "Choose a status from the list"),
        ("?stage=stage-99", "Choose a stage from the list"),
        ("?agency=abc", "Choose an agency from the list"),
        ("?agency=999999", "Choose an agency from the list"),
        ("?q=31/2/2016", "Enter a real date of birth, for example 4/5/2016 or 4 May 2016"),
        ("?q=12345", "Enter a reference like BRE-2026-0001, a date of birth like 4/5/2016"),
        ("?q=A", "Enter at least 2 letters of the child&#39;s name"),
        (f"?q={'x' * 101}", "Enter 100 characters or fewer in the search box"),
    ],
)
def test_a_wrong_filter_gets_a_plain_message_and_the_rest_still_apply(
    query: str, message: str
) -> None:
    cast = make_cast("brent")
    overdue, _, _ = three(cast)
    response = signed_in(cast.officer).get(f"/{query}&overdue=on")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html
    assert message in html
    assert "<title>Error: " in html
    assert references(unescape(html)) == [overdue.reference]  # overdue still applied


def test_a_filter_from_another_partnership_is_refused_not_shown() -> None:
    cast = make_cast("brent")
    elsewhere = make_cast("haringey")
    raise_escalation(elsewhere)
    html = officer_home(cast, f"?agency={elsewhere.school.pk}")
    assert "Choose an agency from the list" in html
    assert references(html) == []


# -- query budgets -------------------------------------------------------------------------


def grown(original: Escalation, n: int) -> None:
    """At least ``n`` escalations like ``original``."""
    copies_of(original, max(0, n - Escalation.objects.count()))


# What home runs now for each (issue 10): the session, the person (their unread count, whether
# they manage anyone and their policy versions with them), whom they are party to, the rows,
# the count; a manager's filters list the agencies.
HOME_BUDGETS = {"raiser": 5, "manager": 6, "other": 5, "officer": 5}


@pytest.mark.parametrize("who", list(HOME_BUDGETS))
def test_home_keeps_its_query_budget(who: str) -> None:
    cast = make_cast("brent")
    original = raise_escalation(cast)
    person = getattr(cast, who)

    def page(n: int) -> tuple[Client, str]:
        grown(original, n)
        return signed_in(person), "/"

    assert_budget(page, limit=HOME_BUDGETS[who])


def test_home_filtered_keeps_its_query_budget() -> None:
    cast = make_cast("brent")
    original = raise_escalation(cast)

    def page(n: int) -> tuple[Client, str]:
        grown(original, n)
        return signed_in(cast.officer), f"/?q=Testington&status=any&agency={cast.school.pk}&page=2"

    assert_budget(page, limit=5, sizes=(30, 60))
