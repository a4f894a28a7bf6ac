"""Every form's error messages, seen through the pages as a user sees them: the GOV.UK error
summary ("There is a problem") with the exact plain-English message, a page that renders (not
a traceback), and what the user typed still in the form."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest
from cast import PASSWORD, Cast, make_cast, raised_by_raiser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from escalate.escalations.models import Escalation
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Person, PolicyVersion

pytestmark = pytest.mark.django_db


# -- reading pages -----------------------------------------------------------------------


class _Fields(HTMLParser):
    """The values a form shows: text inputs, checked radios and boxes, textareas, selects."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def _add(self, name: str | None, value: str | None) -> None:
        if name:
            self.values.setdefault(name, []).append(value or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input":
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self._add(a.get("name"), a.get("value"))
            elif a.get("type") != "file":
                self._add(a.get("name"), a.get("value"))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data


def fields(page: Any) -> dict[str, list[str]]:
    parser = _Fields()
    parser.feed(page.content.decode())
    return parser.values


def summaries(page: Any) -> list[tuple[str, list[str]]]:
    """Each error summary on the page: its title and the text of each item."""
    found = []
    for block in re.findall(
        r'<div class="govuk-error-summary".*?</ul>', page.content.decode(), re.S
    ):
        title = re.search(r'govuk-error-summary__title">(.*?)</h2>', block, re.S)
        items = re.findall(r"<li>(.*?)</li>", block, re.S)
        found.append(
            (
                html.unescape(title.group(1)).strip() if title else "",
                [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items],
            )
        )
    return found


def assert_problem(page: Any, *messages: str) -> None:
    """A 200 page whose one GOV.UK error summary lists exactly ``messages``."""
    assert page.status_code == 200, page.content.decode()[:2000]
    assert summaries(page) == [("There is a problem", list(messages))]


def assert_kept(page: Any, **typed: str) -> None:
    shown = fields(page)
    for name, value in typed.items():
        assert shown.get(name) == [value], (name, shown.get(name))


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


# -- raising: one question per page ------------------------------------------------------

CHILD = {
    "name": "Ava Testington",
    "day": "4",
    "month": "5",
    "year": "2016",
    "status": "child-in-need",
    "need_level": "specialist",
}


def answer(client: Client, page: str, data: dict[str, Any]) -> None:
    response = client.post(f"/raise/{page}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def started(cast: Cast, *, immediate_risk: str = "no", upto: str = "") -> Client:
    """The raiser, part-way through raising: every page before ``upto`` answered."""
    client = signed_in(cast.raiser.username)
    client.get("/raise/")
    steps: list[tuple[str, dict[str, Any]]] = [
        ("immediate-risk", {"immediate_risk": immediate_risk}),
        ("immediate-action", {"immediate_action": "Told the DSL at 10:00."}),
        ("not-an-escalation", {"matter": "none"}),
        ("agency", {"agency": cast.social_care.pk}),
        ("professional", {"professional": cast.other.pk}),
        ("child", CHILD),
        ("category", {"categories": ["thresholds"]}),
        ("disagreement", {"disagreement": "The referral was closed without a visit."}),
        ("outcome", {"outcome_wanted": "An assessment is started."}),
    ]
    for page, data in steps:
        if page == upto:
            break
        if page == "immediate-action" and immediate_risk != "yes":
            continue
        answer(client, page, data)
    return client


@pytest.mark.parametrize(
    ("page", "posted", "messages", "kept"),
    [
        pytest.param(
            "immediate-risk",
            {},
            ["Select yes if the child is at immediate risk of harm"],
            {},
            id="immediate-risk-unanswered",
        ),
        pytest.param(
            "not-an-escalation",
            {},
            ["Select whether your concern is about one of these"],
            {},
            id="not-an-escalation-unanswered",
        ),
        pytest.param(
            "agency",
            {"agency": ""},
            ["Select the agency you disagree with"],
            {},
            id="agency-unselected",
        ),
        pytest.param(
            "professional",
            {"name": "Written but not chosen"},
            ["Select the professional, or select 'They are not listed'"],
            {"name": "Written but not chosen"},
            id="professional-unselected",
        ),
        pytest.param(
            "professional",
            {"professional": "not-listed", "name": "   "},
            ["Enter the professional's name and role"],
            {"professional": "not-listed"},
            id="professional-not-listed-without-name",
        ),
        pytest.param(
            "child",
            {**CHILD, "name": ""},
            ["Enter the child's full name"],
            {"day": "4", "month": "5", "year": "2016", "status": "child-in-need"},
            id="child-no-name",
        ),
        pytest.param(
            "child",
            {**CHILD, "day": "", "month": "", "year": ""},
            ["Enter the child's date of birth"],
            {"name": "Ava Testington", "need_level": "specialist"},
            id="child-no-date",
        ),
        pytest.param(
            "child",
            {**CHILD, "month": "", "year": ""},
            ["Date of birth must include a month and a year"],
            {"name": "Ava Testington", "day": "4"},
            id="child-day-only",
        ),
        pytest.param(
            "child",
            {**CHILD, "day": "", "year": ""},
            ["Date of birth must include a day and a year"],
            {"month": "5"},
            id="child-month-only",
        ),
        pytest.param(
            "child",
            {**CHILD, "year": ""},
            ["Date of birth must include a year"],
            {"day": "4", "month": "5"},
            id="child-no-year",
        ),
        pytest.param(
            "child",
            {**CHILD, "day": "31", "month": "2", "year": "2015"},
            ["Date of birth must be a real date, like 27 3 2015"],
            {"name": "Ava Testington", "day": "31", "month": "2", "year": "2015"},
            id="child-impossible-date",
        ),
        pytest.param(
            "child",
            {**CHILD, "day": "x", "month": "5", "year": "2016"},
            ["Date of birth must be a real date, like 27 3 2015"],
            {"day": "x"},
            id="child-date-not-numbers",
        ),
        pytest.param(
            "child",
            {**CHILD, "name": "A" * 201},
            ["Child's name must be 200 characters or fewer"],
            {"name": "A" * 201},
            id="child-name-too-long",
        ),
        pytest.param(
            "child",
            {**CHILD, "status": ""},
            ["Select the child's status, or 'None of these'"],
            {"name": "Ava Testington"},
            id="child-no-status",
        ),
        pytest.param(
            "category",
            {},
            ["Select what the disagreement is about"],
            {},
            id="categories-none",
        ),
        pytest.param(
            "disagreement",
            {"disagreement": "   "},
            ["Describe what you disagree about"],
            {},
            id="disagreement-empty",
        ),
        pytest.param(
            "outcome",
            {"outcome_wanted": ""},
            ["Enter the outcome you want for the child"],
            {},
            id="outcome-empty",
        ),
    ],
)
def test_raise_page_errors(
    page: str, posted: dict[str, Any], messages: list[str], kept: dict[str, str]
) -> None:
    cast = make_cast("brent")
    client = started(cast, upto=page)
    response = client.post(f"/raise/{page}/", posted)
    assert_problem(response, *messages)
    assert_kept(response, **kept)
    assert b"Raise an escalation" in response.content
    assert "<title>Error: " in response.content.decode()


def test_immediate_action_empty() -> None:
    cast = make_cast("brent")
    client = started(cast, immediate_risk="yes", upto="immediate-action")
    response = client.post("/raise/immediate-action/", {"immediate_action": ""})
    assert_problem(response, "Enter what you have done to keep the child safe")
    assert b"Act now to keep the child safe" in response.content


def test_child_date_of_birth_in_the_future() -> None:
    cast = make_cast("brent")
    client = started(cast, upto="child")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    typed = {**CHILD, "day": str(tomorrow.day), "month": str(tomorrow.month)}
    typed["year"] = str(tomorrow.year)
    response = client.post("/raise/child/", typed)
    assert_problem(response, "Date of birth must be today or in the past")
    assert_kept(response, name="Ava Testington", day=typed["day"], year=typed["year"])


def test_child_date_with_too_many_digits_has_one_plain_message() -> None:
    cast = make_cast("brent")
    client = started(cast, upto="child")
    response = client.post("/raise/child/", {**CHILD, "year": "20151"})
    assert_problem(response, "Date of birth must be a real date, like 27 3 2015")


def test_disagreement_over_5000_characters_keeps_the_text() -> None:
    cast = make_cast("brent")
    client = started(cast, upto="disagreement")
    typed = "The referral was closed. " * 201  # 5,025 characters
    response = client.post("/raise/disagreement/", {"disagreement": typed})
    assert response.status_code == 200
    [(title, [message])] = summaries(response)
    assert title == "There is a problem"
    assert message.endswith("must be 5,000 characters or fewer")
    assert_kept(response, disagreement=typed)


@pytest.mark.parametrize(
    ("page", "name"),
    [("disagreement", "disagreement"), ("outcome", "outcome_wanted")],
)
def test_long_text_limit_message_is_a_sentence(page: str, name: str) -> None:
    cast = make_cast("brent")
    client = started(cast, upto=page)
    response = client.post(f"/raise/{page}/", {name: "x" * 5001})
    [(_, [message])] = summaries(response)
    assert "?" not in message, message


def test_answers_are_shown_again_when_coming_back_to_a_page() -> None:
    cast = make_cast("brent")
    client = started(cast, upto="category")
    page = client.get("/raise/child/")
    assert_kept(page, name="Ava Testington", day="4", month="5", year="2016")
    assert_kept(page, status="child-in-need", need_level="specialist")
    page = client.get("/raise/agency/")
    assert_kept(page, agency=str(cast.social_care.pk))


# -- the check page: jumping ahead ---------------------------------------------------------


@pytest.mark.parametrize(
    ("answered_before", "immediate_risk", "first_missing"),
    [
        pytest.param("immediate-risk", "no", "immediate-risk", id="nothing-answered"),
        pytest.param(
            "not-an-escalation",
            "no",
            "not-an-escalation",
            id="screening-question-unanswered",
        ),
        pytest.param(
            "immediate-action",
            "yes",
            "immediate-action",
            id="immediate-action-unanswered",
        ),
        pytest.param("agency", "no", "agency", id="agency"),
        pytest.param("professional", "no", "professional", id="professional"),
        pytest.param("child", "no", "child", id="child"),
        pytest.param("category", "no", "category", id="category"),
        pytest.param("disagreement", "no", "disagreement", id="disagreement"),
        pytest.param("outcome", "no", "outcome", id="outcome"),
    ],
)
def test_check_page_sends_you_to_the_first_missing_answer(
    answered_before: str, immediate_risk: str, first_missing: str
) -> None:
    cast = make_cast("brent")
    client = started(cast, immediate_risk=immediate_risk, upto=answered_before)
    for method in (client.get, client.post):
        response = method("/raise/check/")
        assert response.status_code == 302
        assert response["Location"] == f"/raise/{first_missing}/"
    assert not Escalation.objects.exists()


def test_check_page_shows_every_answer_when_nothing_is_missing() -> None:
    cast = make_cast("brent")
    client = started(cast, upto="")
    page = client.get("/raise/check/")
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    for shown in ("Ava Testington", "4 May 2016", "Children's Social Care", "Other Testperson"):
        assert shown in text


# -- acting on an escalation -------------------------------------------------------------


def raised(cast: Cast, policy_stage_moves: int = 0) -> Escalation:
    escalation = raised_by_raiser(cast)
    for _ in range(policy_stage_moves):
        escalation_act(
            escalation=escalation,
            actor=cast.raiser,
            action="escalate",
            expected_version=escalation.version,
            text="Not resolved.",
        )
        escalation.refresh_from_db()
    return escalation


@pytest.mark.parametrize(
    ("policy", "moves", "who", "action", "posted", "messages", "kept"),
    [
        pytest.param(
            "haringey",
            0,
            "raiser",
            "record-discussion",
            {"agreed": "That the child needs a plan.", "text": ""},
            [
                "Enter who took part in the discussion",
                "Select how you talked",
                "Enter the outcome of the discussion",
            ],
            {"agreed": "That the child needs a plan."},
            id="record-discussion-empty",
        ),
        pytest.param(
            "haringey",
            0,
            "raiser",
            "record-discussion",
            {"who": "Me and the social worker", "method": "phone"},
            ["Enter the outcome of the discussion"],
            {"who": "Me and the social worker", "method": "phone"},
            id="record-discussion-without-outcome",
        ),
        pytest.param(
            "haringey",
            0,
            "raiser",
            "escalate",
            {"text": ""},
            ["Enter why you are escalating it"],
            {},
            id="escalate",
        ),
        pytest.param(
            "haringey",
            0,
            "raiser",
            "withdraw",
            {"text": " "},
            ["Enter why you are withdrawing it"],
            {},
            id="withdraw",
        ),
        pytest.param(
            "haringey", 0, "raiser", "add-note", {}, ["Enter the note"], {}, id="add-note"
        ),
        pytest.param(
            "haringey",
            0,
            "raiser",
            "report-policy-gap",
            {"text": ""},
            ["Enter the gap in policy or procedure"],
            {},
            id="report-policy-gap",
        ),
        pytest.param(
            "bromley",
            0,
            "raiser",
            "mash-referral",
            {"text": ""},
            ["Enter when the referral was made and its reference"],
            {},
            id="mash-referral",
        ),
        pytest.param(
            "haringey",
            0,
            "head",
            "skip",
            {"text": ""},
            ["Enter why you are skipping to this stage"],
            {},
            id="skip",
        ),
        pytest.param(
            "haringey",
            1,
            "manager",
            "complete-step",
            {"text": ""},
            ["Enter what was done"],
            {},
            id="complete-step",
        ),
        pytest.param(
            "haringey",
            0,
            "raiser",
            "resolve",
            {"text": "", "outstanding": "The plan will be reviewed."},
            ["Enter the agreed outcome, as confirmed between the parties"],
            {"outstanding": "The plan will be reviewed."},
            id="resolve-without-agreed-outcome",
        ),
        pytest.param(
            "haringey",
            0,
            "raiser",
            "resolve",
            {"text": "An assessment will start.", "outstanding": ""},
            ["Enter how any outstanding issue will be pursued, or write 'None'"],
            {"text": "An assessment will start."},
            id="resolve-without-outstanding-issues",
        ),
    ],
)
def test_action_form_errors(
    policy: str,
    moves: int,
    who: str,
    action: str,
    posted: dict[str, str],
    messages: list[str],
    kept: dict[str, str],
) -> None:
    cast = make_cast(policy)
    escalation = raised(cast, moves)
    actor = cast.manager.line_manager if who == "head" else getattr(cast, who)
    assert actor is not None
    client = signed_in(actor.username)
    url = f"/escalations/{escalation.reference}/{action}/"
    assert client.get(url).status_code == 200
    before = escalation.version
    response = client.post(url, {"version": before, **posted})
    assert_problem(response, *messages)
    assert_kept(response, version=str(before), **kept)
    escalation.refresh_from_db()
    assert escalation.version == before


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("escalate", "Why are you escalating it"),
        ("add-note", "Note"),
        ("withdraw", "Why are you withdrawing it"),
    ],
)
def test_action_text_over_5000_characters_is_kept(action: str, label: str) -> None:
    cast = make_cast("brent")
    escalation = raised(cast)
    client = signed_in(cast.raiser.username)
    typed = "y" * 5001
    response = client.post(
        f"/escalations/{escalation.reference}/{action}/", {"version": 1, "text": typed}
    )
    assert response.status_code == 200
    [(title, [message])] = summaries(response)
    assert title == "There is a problem"
    assert message.endswith("must be 5,000 characters or fewer")
    assert_kept(response, text=typed)
    assert escalation.events.count() == 1


def test_action_text_limit_message_names_the_field() -> None:
    cast = make_cast("brent")
    escalation = raised(cast)
    client = signed_in(cast.raiser.username)
    response = client.post(
        f"/escalations/{escalation.reference}/add-note/", {"version": 1, "text": "y" * 5001}
    )
    [(_, [message])] = summaries(response)
    assert message == "The note must be 5,000 characters or fewer"


# -- signing in --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("posted", "messages", "kept"),
    [
        pytest.param(
            {"username": "", "password": ""},
            ["Enter your username", "Enter your password"],
            {},
            id="both-empty",
        ),
        pytest.param(
            {"username": "raiser.brent", "password": ""},
            ["Enter your password"],
            {"username": "raiser.brent"},
            id="password-empty",
        ),
        pytest.param(
            {"username": "", "password": "something"},
            ["Enter your username"],
            {},
            id="username-empty",
        ),
        pytest.param(
            {"username": "raiser.brent", "password": "not-the-password"},
            ["Enter a correct username and password. Both are case-sensitive"],
            {"username": "raiser.brent"},
            id="wrong-password",
        ),
    ],
)
def test_sign_in_errors(posted: dict[str, str], messages: list[str], kept: dict[str, str]) -> None:
    make_cast("brent")
    client = Client()
    response = client.post("/sign-in/", posted)
    assert_problem(response, *messages)
    assert_kept(response, **kept)
    assert "_auth_user_id" not in client.session


def test_a_failed_sign_in_does_not_echo_the_password() -> None:
    make_cast("brent")
    response = Client().post(
        "/sign-in/", {"username": "raiser.brent", "password": "typed-secret-2026"}
    )
    assert response.status_code == 200
    assert b"typed-secret-2026" not in response.content


# -- uploading a policy ------------------------------------------------------------------


def brent_text(**changes: str) -> str:
    text = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text(
        encoding="utf-8"
    )
    for old, new in changes.items():
        old_text = {"version": 'version: "2"', "prefix": "reference_prefix: BRE"}.get(old, old)
        assert old_text in text
        text = text.replace(old_text, new, 1)
    return text


def upload(cast: Cast, content: bytes | None, **follow: bool) -> Any:
    client = signed_in(cast.officer.username)
    data = {} if content is None else {"file": SimpleUploadedFile("brent.yaml", content)}
    return client.post("/partnership/policy/", data, **follow)


def test_policy_upload_is_for_partnership_administrators_only() -> None:
    cast = make_cast("brent")
    assert signed_in(cast.officer.username).get("/partnership/policy/").status_code == 200
    for someone in (cast.raiser, cast.chair, cast.stranger):
        assert signed_in(someone.username).get("/partnership/policy/").status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "Select the policy file to upload", id="no-file"),
        pytest.param(b"", "The file is empty", id="empty-file"),
        pytest.param(
            "id: brent\npartnership: Brent – café\n".encode("latin-1", "replace"),
            "The file must be UTF-8 text. Save it as UTF-8",
            id="not-utf-8",
        ),
    ],
)
def test_policy_upload_file_errors(content: bytes | None, message: str) -> None:
    cast = make_cast("brent")
    response = upload(cast, content)
    assert_problem(response, message)
    assert PolicyVersion.objects.filter(partnership=cast.partnership).count() == 1


BAD_DEADLINE = (
    "brent.yaml, line 23, target.within: '5 days' is not a deadline Escalate understands. "
    "Write one of: immediately, same working day, N working hours, N working days, "
    "N working weeks, N hours (clock hours, nights and weekends included) "
    '(for example "5 working days").'
)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        pytest.param(
            brent_text(
                version='version: "3"',
                **{
                    "  within: 1 working week\n\nimmediate_risk": (
                        "  within: 5 days\n\nimmediate_risk"
                    )
                },
            ),
            [BAD_DEADLINE],
            id="bad-deadline",
        ),
        pytest.param(
            brent_text(version='version: "3"', prefix="reference_prefix: XYZ"),
            [
                "brent.yaml: reference_prefix is 'XYZ' but this partnership's references "
                "begin 'BRE'. Write 'BRE'"
            ],
            id="other-prefix",
        ),
        pytest.param(
            brent_text(),
            [
                "brent.yaml: version '2' has been published before. Give the new policy a "
                "new version"
            ],
            id="already-uploaded",
        ),
    ],
)
def test_policy_upload_refused_shows_the_problems_and_saves_nothing(
    text: str, problems: list[str]
) -> None:
    cast = make_cast("brent")
    response = upload(cast, text.encode("utf-8"))
    assert response.status_code == 200
    shown = summaries(response)
    assert [items for _, items in shown] == [problems]
    assert list(
        PolicyVersion.objects.filter(partnership=cast.partnership).values_list("version", flat=True)
    ) == ["2"]


def test_policy_upload_problems_use_the_govuk_error_summary() -> None:
    cast = make_cast("brent")
    text = brent_text(version='version: "3"', prefix="reference_prefix: XYZ")
    response = upload(cast, text.encode("utf-8"))
    assert [title for title, _ in summaries(response)] == ["There is a problem"]
    assert "govuk-form-group--error" in response.content.decode()


def test_policy_upload_of_a_good_new_version_is_a_draft_until_published_then_listed() -> None:
    cast = make_cast("brent")
    response = upload(cast, brent_text(version='version: "3"').encode("utf-8"), follow=True)
    ((draft_page, status),) = response.redirect_chain
    assert status == 302
    assert draft_page.startswith("/partnership/policy/drafts/")
    assert not PolicyVersion.objects.filter(partnership=cast.partnership, version="3").exists()
    today = timezone.localdate()
    published = signed_in(cast.officer.username).post(
        draft_page, {"day": today.day, "month": today.month, "year": today.year}, follow=True
    )
    assert published.redirect_chain == [("/partnership/policy/", 302)]
    saved = PolicyVersion.objects.get(partnership=cast.partnership, version="3")
    assert saved.uploaded_by == Person.objects.get(pk=cast.officer.pk)
    assert saved.effective_date == today
    text = html.unescape(published.content.decode())
    assert f"Version 3 is published. It is in force from {today.day} {today:%B %Y}" in text
    assert f"Version 3, in force from {today.day} {today:%B %Y}" in text
    assert "Version 2, in force from 3 December 2014" in text
    assert cast.partnership.policy_in_force(today).version == "3"
