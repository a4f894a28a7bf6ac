"""The markup accessibility depends on, read from the pages as served: titles ("Error: " when a
form has errors, one title per page of the raise journey, the service's name), one h1 per
page, the date of birth's error link, and check your answers (Change comes back, every
answer shown, dates as GOV.UK writes them)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from cast import PASSWORD, Cast, make_cast, raised_by_raiser
from django.test import Client

pytestmark = pytest.mark.django_db

CHILD = {
    "name": "Ava Testington",
    "day": "3",
    "month": "4",
    "year": "2016",
    "reference": "OAK-2231",
    "status": "child-in-need",
    "need_level": "targeted",
    "parents_carers": "Sam Testington (mother)",
}


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def title(response: Any) -> str:
    found = re.search(r"<title>(.*?)</title>", text(response), re.S)
    assert found, "no title"
    return " ".join(found.group(1).split())


def answer_all(client: Client, cast: Cast, *, matters: bool = True) -> None:
    policy = cast.partnership.policy_versions.get().policy
    client.get("/raise/")
    steps: list[tuple[str, dict[str, Any]]] = [
        ("immediate-risk", {"immediate_risk": "no"}),
        *([("not-an-escalation", {"matter": "none"})] if matters else []),
        ("agency", {"agency": cast.social_care.pk}),
        ("professional", {"professional": cast.other.pk}),
        ("child", CHILD),
        ("category", {"categories": [policy.categories[0].key]}),
        ("disagreement", {"disagreement": "The referral was closed without a visit."}),
        ("outcome", {"outcome_wanted": "An assessment is started."}),
    ]
    for page, data in steps:
        response = client.post(f"/raise/{page}/", data)
        assert response.status_code == 302, (page, text(response)[:1500])


def test_every_raise_page_has_a_title_of_its_own_with_the_service_name() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser.username)
    client.post("/raise/agency/", {"agency": cast.social_care.pk})
    pages = [
        "immediate-risk",
        "immediate-action",
        "not-an-escalation",
        "agency",
        "professional",
        "child",
        "category",
        "disagreement",
        "outcome",
    ]
    titles = [title(client.get(f"/raise/{page}/")) for page in pages]
    assert len(set(titles)) == len(pages), titles
    for found in titles:
        assert found.endswith("– Raise an escalation – Escalate – Brent LSCB"), found
    assert titles[5] == "About the child – Raise an escalation – Escalate – Brent LSCB"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/raise/child/", {}),
        ("/raise/immediate-risk/", {}),
        ("/escalations/{ref}/record-discussion/", {"version": "1"}),
        ("/escalations/{ref}/escalate/", {"version": "1"}),
        ("/partnership/policy/", {}),
    ],
)
def test_a_page_with_errors_says_error_first_in_its_title(path: str, data: dict[str, str]) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    user = cast.officer if "partnership" in path else cast.manager
    client = signed_in(user.username)
    response = client.post(path.format(ref=escalation.reference), data)
    assert response.status_code == 200
    assert title(response).startswith("Error: "), title(response)
    assert "Escalate" in title(response)


def test_sign_in_with_errors_says_error_in_its_title() -> None:
    response = Client().post("/sign-in/", {"username": "", "password": ""})
    assert title(response) == "Error: Sign in – Escalate"


def test_action_forms_have_one_h1_and_labels_that_are_labels() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    client = signed_in(cast.manager.username)
    for action in ("record-discussion", "add-note", "escalate", "report-policy-gap"):
        page = text(client.get(f"/escalations/{escalation.reference}/{action}/"))
        assert page.count("<h1") == 1, (action, re.findall(r"<h1.*?</h1>", page, re.S))


def test_the_date_of_birth_error_links_to_the_day_box_and_describes_the_group() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser.username)
    page = text(client.post("/raise/child/", {**CHILD, "day": "", "month": "", "year": ""}))
    assert '<a href="#id_day">Enter the child\'s date of birth</a>' in page
    assert len(re.findall(r'id="id_day"', page)) == 1, "the day box's id must be unique"
    assert re.search(r'<input[^>]*id="id_day"', page)
    group = re.search(
        r'<fieldset class="govuk-fieldset" role="group" aria-describedby="([^"]+)"', page
    )
    assert group
    assert group.group(1).split() == ["date-of-birth-hint", "date-of-birth-error"]
    assert 'id="date-of-birth-error"' in page


def test_check_your_answers_shows_every_answer_with_dates_as_govuk_writes_them() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser.username)
    answer_all(client, cast)
    page = text(client.get("/raise/check/"))
    for shown in (
        "3 April 2016",
        "OAK-2231",
        "Sam Testington (mother)",
        "Targeted",
        "Children's Social Care",
        "Other Testperson",
        "The referral was closed without a visit.",
        "An assessment is started.",
    ):
        assert shown in page, shown
    assert "03 April 2016" not in page


def test_change_on_check_your_answers_comes_back_to_the_check_page() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser.username)
    answer_all(client, cast)
    page = text(client.get("/raise/check/"))
    assert 'href="/raise/child/?from=check"' in page
    change = client.get("/raise/child/?from=check")
    assert 'href="/raise/check/" class="govuk-back-link"' in text(change)
    response = client.post("/raise/child/?from=check", {**CHILD, "name": "Ava Testington-Reed"})
    assert response["Location"] == "/raise/check/"
    assert "Ava Testington-Reed" in text(client.get("/raise/check/"))


def test_a_change_that_needs_another_answer_asks_it_then_comes_back() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser.username)
    answer_all(client, cast)
    response = client.post("/raise/immediate-risk/?from=check", {"immediate_risk": "yes"})
    assert response["Location"] == "/raise/immediate-action/?from=check"
    response = client.post(
        "/raise/immediate-action/?from=check", {"immediate_action": "Told the DSL at 10:00."}
    )
    assert response["Location"] == "/raise/check/"
    new_agency = cast.health.pk
    response = client.post("/raise/agency/?from=check", {"agency": new_agency})
    assert response["Location"] == "/raise/professional/?from=check"


def test_st_helens_names_no_other_procedures_so_that_question_is_not_asked() -> None:
    cast = make_cast("st-helens")
    client = signed_in(cast.raiser.username)
    client.get("/raise/")
    response = client.post("/raise/immediate-risk/", {"immediate_risk": "no"})
    assert response["Location"] == "/raise/agency/"
    assert client.get("/raise/not-an-escalation/")["Location"] == "/raise/agency/"
    back = text(client.get("/raise/agency/"))
    assert 'href="/raise/immediate-risk/" class="govuk-back-link"' in back
    answer_all(client, cast, matters=False)
    assert client.get("/raise/check/").status_code == 200


def test_the_question_about_other_procedures_is_its_own_heading() -> None:
    cast = make_cast("brent")
    page = text(signed_in(cast.raiser.username).get("/raise/not-an-escalation/"))
    assert page.count("<h1") == 1
    assert re.search(
        r'<legend[^>]*>\s*<h1 class="govuk-fieldset__heading">Is your concern about one of these\?',
        page,
    )
