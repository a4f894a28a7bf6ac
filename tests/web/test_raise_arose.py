"""Raising asks when the disagreement arose (default today); a late raise is shown as late
(issue 14, item 2)."""

from __future__ import annotations

import datetime as dt
import html
from importlib import resources

import pytest
from cast import PASSWORD, Cast, make_cast
from django.test import Client
from django.utils import timezone

from escalate.escalations.models import Escalation
from escalate.partnerships.models import PolicyVersion

pytestmark = pytest.mark.django_db
BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text("utf-8")
CHILD = {
    "name": "Ava Testington",
    "day": "4",
    "month": "5",
    "year": "2016",
    "status": "child-in-need",
    "need_level": "specialist",
}


def _with_raise_within(cast: Cast) -> None:
    text = BRENT.replace('version: "2"', 'version: "3"', 1).replace(
        "\nstages:\n", "\nraise_within: 2 working days\n\nstages:\n", 1
    )
    PolicyVersion.objects.create(
        partnership=cast.partnership, version="3", effective_date=dt.date(2020, 1, 1), text=text
    )


def _raise(cast: Cast, arose: dt.date | None) -> tuple[Client, Escalation]:
    client = Client()
    assert client.login(username=cast.raiser.username, password=PASSWORD)
    policy = cast.partnership.procedure_in_force(timezone.localdate()).policy
    client.get("/raise/")
    steps = [
        ("immediate-risk", {"immediate_risk": "no"}),
        ("not-an-escalation", {"matter": "none"}),
        ("agency", {"agency": cast.social_care.pk}),
        ("professional", {"professional": cast.other.pk}),
        ("child", CHILD),
        ("category", {"categories": [policy.categories[0].key]}),
        ("disagreement", {"disagreement": "The referral was closed without a visit."}),
    ]
    if arose is not None:
        steps.append(("arose", {"day": arose.day, "month": arose.month, "year": arose.year}))
    steps.append(("outcome", {"outcome_wanted": "An assessment is started."}))
    for page, data in steps:
        response = client.post(f"/raise/{page}/", data)
        assert response.status_code == 302, (page, response.content.decode()[:1500])
    assert client.post("/raise/check/").status_code == 302
    return client, Escalation.objects.get()


def test_the_page_asks_with_today_filled_in() -> None:
    cast = make_cast("brent")
    _with_raise_within(cast)
    client = Client()
    assert client.login(username=cast.raiser.username, password=PASSWORD)
    client.post("/raise/disagreement/", {"disagreement": "x"})
    page = html.unescape(client.get("/raise/arose/").content.decode())
    today = timezone.localdate()
    assert "When did the disagreement arise?" in page
    assert f'name="day" type="text" inputmode="numeric" value="{today.day}"' in page
    assert "within 2 working days of the disagreement arising" in page


def test_a_disagreement_that_arose_two_weeks_ago_is_shown_raised_late() -> None:
    cast = make_cast("brent")
    _with_raise_within(cast)
    arose = timezone.localdate() - dt.timedelta(days=14)
    client, escalation = _raise(cast, arose)
    assert escalation.arose_on == arose
    page = html.unescape(client.get(f"/escalations/{escalation.reference}/").content.decode())
    assert f"{arose.day} {arose:%B %Y}" in page
    assert "Raised late" in page
    assert "The policy asks for it to be raised within 2 working days" in page


def test_not_changing_the_date_means_today_and_on_time() -> None:
    cast = make_cast("brent")
    _with_raise_within(cast)
    client, escalation = _raise(cast, None)
    assert escalation.arose_on == timezone.localdate()
    page = html.unescape(client.get(f"/escalations/{escalation.reference}/").content.decode())
    assert "Disagreement arose" in page
    assert "Raised late" not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"day": "", "month": "", "year": ""}, "Enter the date the disagreement arose"),
        ({"day": "31", "month": "2", "year": "2026"}, "must be a real date"),
        ({"day": "1", "month": "1", "year": "2999"}, "must be today or in the past"),
        ({"day": "1", "month": "1", "year": "2001"}, "within the last year"),
    ],
)
def test_a_bad_date_gets_a_plain_message(typed: dict[str, str], message: str) -> None:
    cast = make_cast("brent")
    client = Client()
    assert client.login(username=cast.raiser.username, password=PASSWORD)
    response = client.post("/raise/arose/", typed)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
