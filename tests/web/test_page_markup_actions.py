"""Markup a person relies on, read from the pages as served: every table has a caption; the
escalation page's next step is its one primary button and withdrawing a warning button of its
own; notifications read as text with a working link and no email wording; marking one as
read says so; a page that is not there is the service's own page, in the demo too."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from typing import Any

import pytest
from agree import other_side_agrees
from cast import PASSWORD, make_cast, raised_by_raiser
from django.test import Client, override_settings
from django.utils import timezone

from escalate.escalations.services import escalation_act

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def tables_without_caption(page: str) -> list[str]:
    tables = re.findall(r"<table\b.*?</table>", page, re.S)
    return [table[:120] for table in tables if not re.search(r"<table[^>]*>\s*<caption", table)]


def test_the_record_the_views_and_the_outcomes_to_confirm_have_table_captions() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast, now=timezone.now() - dt.timedelta(days=3))
    proposed = escalation_act(
        escalation=escalation,
        actor=cast.raiser,
        action="resolve",
        expected_version=escalation.version,
        text="A joint visit is booked.",
        data={"outstanding": "None"},
        now=timezone.now() - dt.timedelta(days=1),
    )
    other_side_agrees(escalation, proposed)  # resolved when both sides agree
    ref = escalation.reference
    officer = signed_in(cast.officer.username)
    raiser = signed_in(cast.raiser.username)
    pages = {
        "record": text(raiser.get(f"/escalations/{ref}/documents/record/")),
        "views": text(officer.get(f"/escalations/{ref}/views/")),
        "to confirm": text(raiser.get("/outcomes/to-confirm/")),
    }
    for name, page in pages.items():
        assert "<table" in page, name
        assert not tables_without_caption(page), (name, tables_without_caption(page))


def what_you_can_do(page: str) -> str:
    found = re.search(r'<h2 class="govuk-heading-m">What you can do</h2>(.*?)<h2', page, re.S)
    assert found, "no 'What you can do'"
    return found.group(1)


def buttons(section: str) -> list[tuple[str, str]]:
    """(classes, words) of each link styled as a button."""
    found = re.findall(r'<a [^>]*class="(govuk-button[^"]*)"[^>]*>(.*?)</a>', section, re.S)
    return [(classes, re.sub(r"<[^>]+>", "", words).strip()) for classes, words in found]


def test_the_next_step_is_the_primary_button_and_withdrawing_a_warning_button() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    section = what_you_can_do(text(signed_in(cast.raiser.username).get(
        f"/escalations/{escalation.reference}/"
    )))  # fmt: skip
    found = buttons(section)
    primary = [words for classes, words in found if classes == "govuk-button"]
    assert primary == ["Record a discussion"], found
    warning = [words for classes, words in found if "govuk-button--warning" in classes]
    assert warning == ["Withdraw the escalation"], found
    assert section.index("Record a discussion") < section.index("Add a note")
    assert section.index("Withdraw the escalation") > section.index("Record that it is resolved")


def test_when_the_deadline_has_passed_escalating_is_the_primary_button() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast, now=timezone.now() - dt.timedelta(days=40))
    page = text(signed_in(cast.raiser.username).get(f"/escalations/{escalation.reference}/"))
    primary = [w for c, w in buttons(what_you_can_do(page)) if c == "govuk-button"]
    assert len(primary) == 1, primary
    assert primary[0].startswith("Escalate to "), primary


def test_notifications_read_as_text_with_a_working_link_and_no_email_wording() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    page = text(signed_in(cast.other.username).get("/notifications/"))
    assert escalation.reference in page
    assert "Sign in to Escalate" not in page
    assert "http://" not in page
    assert "https://" not in page
    assert f'href="/escalations/{escalation.reference}/"' in page
    assert f"Open escalation {escalation.reference}" in page


def test_marking_a_notification_as_read_says_so() -> None:
    cast = make_cast("brent")
    raised_by_raiser(cast)
    client = signed_in(cast.other.username)
    notification = cast.other.notifications.filter(channel="app").first()
    assert notification is not None
    response = client.post("/notifications/read/", {"notification": notification.pk}, follow=True)
    page = text(response)
    assert "govuk-notification-banner--success" in page
    assert f"Marked as read: {notification.subject}" in page
    response = client.post("/notifications/read/", {}, follow=True)
    assert "All your notifications are marked as read" in text(response)


@override_settings(DEBUG=False)
def test_a_page_that_is_not_there_is_the_services_own_page() -> None:
    cast = make_cast("brent")
    response = signed_in(cast.raiser.username).get("/no-such-page/")
    assert response.status_code == 404
    page = text(response)
    assert "<title>Page not found – Escalate" in page
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "URLconf" not in page
    assert 'href="/"' in page


def test_the_demo_runs_with_debug_off_so_its_error_pages_are_the_services(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ESCALATE_DEBUG", raising=False)
    monkeypatch.delenv("ESCALATE_ENV", raising=False)
    from escalate.cli import demo_environment

    demo_environment()
    assert os.environ["ESCALATE_ENV"] == "development"
    assert os.environ["ESCALATE_DEBUG"] == "false"
