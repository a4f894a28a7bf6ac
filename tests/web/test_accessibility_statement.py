"""The accessibility statement: open to everyone, linked from every page's footer (signed in
or not, error pages too), in the GOV.UK model's parts, with what the tests check and who in
the person's own partnership to report a problem to."""

from __future__ import annotations

import html
from typing import Any

import pytest
from cast import PASSWORD, make_cast
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

FOOTER_LINK = '<a class="govuk-footer__link" href="/accessibility/">Accessibility statement</a>'


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


@override_settings(DEBUG=False)
def test_every_page_links_to_the_statement_from_its_footer() -> None:
    cast = make_cast("brent")
    signed_in = Client()
    assert signed_in.login(username=cast.raiser.username, password=PASSWORD)
    for client, path in [
        (Client(), "/sign-in/"),
        (signed_in, "/"),
        (signed_in, "/raise/immediate-risk/"),
        (signed_in, "/notifications/"),
        (signed_in, "/no-such-page/"),
    ]:
        page = text(client.get(path))
        footer = page[page.index('<footer class="govuk-footer">') :]
        assert FOOTER_LINK in footer, path


def test_the_statement_is_open_to_everyone_in_the_models_parts() -> None:
    response = Client().get("/accessibility/")
    assert response.status_code == 200
    page = text(response)
    assert "<title>Accessibility statement – Escalate</title>" in page
    for heading in (
        "Accessibility statement for Escalate",
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Technical information about this service's accessibility",
        "Compliance status",
        "Non-accessible content",
        "How we tested this service",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h" in page, heading
    assert "axe-core" in page
    assert "320 pixels" in page
    assert "JavaScript switched off" in page
    assert "Sign in to see who they are in your partnership" in page


def test_someone_signed_in_is_told_who_to_report_a_problem_to() -> None:
    cast = make_cast("brent")
    client = Client()
    assert client.login(username=cast.raiser.username, password=PASSWORD)
    page = text(client.get("/accessibility/"))
    assert cast.officer.display_name in page
    assert f'href="mailto:{cast.officer.email}"' in page
    assert cast.stranger.display_name not in page
