"""The API's escalations: the same need-to-know, validation and versions as the pages."""

from __future__ import annotations

import pytest
from apiclient import Api, raise_body, raise_one
from cast import Cast, make_cast

from escalate.api.models import ApiUse, Scope
from escalate.audit.models import AuditEntry
from escalate.escalations.models import Escalation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def test_a_party_lists_and_reads_the_escalation_and_sees_what_they_may_do(cast: Cast) -> None:
    escalation = raise_one(cast)
    api = Api(cast.other)
    page = api.get("/escalations")
    assert page.status_code == 200
    assert [item["reference"] for item in page.json()["items"]] == [escalation.reference]
    detail = api.get(f"/escalations/{escalation.reference}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["child"]["name"] == "Ava Testington"
    assert body["events"][0]["kind"] == "raised"
    assert body["stages"][0]["key"] == escalation.current_stage
    assert "add-note" in {a["action"] for a in body["allowed_actions"]}
    read = AuditEntry.objects.get(person=cast.other, escalation=escalation)
    assert (read.what, read.outcome) == ("API: escalation", "shown")


@pytest.mark.parametrize("who", ["outsider", "colleague", "stranger"])
def test_anyone_not_party_gets_404_as_on_the_pages(cast: Cast, who: str) -> None:
    escalation = raise_one(cast)
    api = Api(getattr(cast, who))
    missing = api.get(f"/escalations/{escalation.reference}")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["title"] == "Not found"
    refused = AuditEntry.objects.get(person=getattr(cast, who), outcome="refused")
    assert (refused.escalation, refused.what) == (escalation, "API: escalation")
    assert api.get("/escalations").json()["items"] == []
    acted = api.post(
        f"/escalations/{escalation.reference}/actions",
        {"action": "add-note", "expected_version": 1, "text": "x"},
    )
    assert acted.status_code == 404


def test_no_token_a_wrong_one_or_a_session_cookie_is_401(cast: Cast) -> None:
    raise_one(cast)
    from walk import signed_in

    by_cookie = signed_in(cast.raiser).get("/api/v1/escalations")
    assert by_cookie.status_code == 401
    assert by_cookie.json()["title"] == "Not signed in"
    api = Api(cast.raiser)
    api.secret = "esc_made-up"
    assert api.get("/escalations").status_code == 401


def test_an_expired_revoked_or_deactivated_token_stops_working(cast: Cast) -> None:
    from escalate.api.tokens import revoke

    api = Api(cast.raiser)
    assert api.get("/escalations").status_code == 200
    revoke(api.token)
    assert api.get("/escalations").status_code == 401
    second = Api(cast.raiser)
    cast.raiser.is_active = False
    cast.raiser.save()
    assert second.get("/escalations").status_code == 401


def test_a_token_without_the_scope_is_refused_and_says_which(cast: Cast) -> None:
    escalation = raise_one(cast)
    reader = Api(cast.raiser, scopes=(Scope.READ,))
    refused = reader.post(
        f"/escalations/{escalation.reference}/actions",
        {"action": "add-note", "expected_version": escalation.version, "text": "A note."},
    )
    assert refused.status_code == 403
    assert "escalations:write" in refused.json()["detail"]
    writer = Api(cast.raiser, scopes=(Scope.WRITE,))
    assert writer.get("/escalations").status_code == 403


def test_raising_through_the_api_checks_as_the_pages_do(cast: Cast) -> None:
    api = Api(cast.raiser)
    made = api.post("/escalations", raise_body(cast))
    assert made.status_code == 201, made.content
    assert made.json()["reference"] == Escalation.objects.get().reference
    wrong = api.post(
        "/escalations",
        raise_body(
            cast,
            child_name="",
            disagreement="",
            categories=["not-a-category"],
            receiving_agency=cast.school.pk,
            child_date_of_birth="2099-01-01",
        ),
    )
    assert wrong.status_code == 422
    errors = {e["field"]: e["message"] for e in wrong.json()["errors"]}
    assert errors["child_name"] == "Enter the child's full name"
    assert errors["child_date_of_birth"] == "Date of birth must be today or in the past"
    assert errors["disagreement"] == "Describe what you disagree about"
    assert errors["receiving_agency"] == (
        "Give the id of an agency in your partnership other than your own "
        "(GET /api/v1/agencies lists them)"
    )
    assert errors["categories"].startswith("Give keys of the policy's categories")
    assert Escalation.objects.count() == 1
    typed = api.post("/escalations", {**raise_body(cast), "immediate_risk": "perhaps"})
    assert typed.status_code == 422
    assert typed["Content-Type"] == "application/problem+json"


def test_acting_with_an_old_version_is_409_with_what_changed(cast: Cast) -> None:
    escalation = raise_one(cast)
    api = Api(cast.raiser)
    version = api.get(f"/escalations/{escalation.reference}").json()["version"]
    note = {"action": "add-note", "expected_version": version, "text": "First note."}
    done = api.post(f"/escalations/{escalation.reference}/actions", note)
    assert done.status_code == 200, done.content
    assert done.json()["events"][-1]["text"] == "First note."
    stale = api.post(
        f"/escalations/{escalation.reference}/actions", {**note, "text": "Second note."}
    )
    assert stale.status_code == 409
    assert [c["text"] for c in stale.json()["changes"]] == ["First note."]
    empty = api.post(
        f"/escalations/{escalation.reference}/actions",
        {**note, "expected_version": version + 1, "text": ""},
    )
    assert empty.status_code == 422
    assert empty.json()["errors"] == [{"field": "text", "message": "Enter the note"}]
    unknown = api.post(
        f"/escalations/{escalation.reference}/actions", {**note, "action": "close-it"}
    )
    assert unknown.status_code == 404


def test_the_list_pages_with_a_cursor_and_filters(cast: Cast) -> None:
    made = [raise_one(cast).reference for _ in range(5)]
    api = Api(cast.officer)
    first = api.get("/escalations", limit=2).json()
    second = api.get("/escalations", limit=2, cursor=first["next_cursor"]).json()
    third = api.get("/escalations", limit=2, cursor=second["next_cursor"]).json()
    seen = [i["reference"] for page in (first, second, third) for i in page["items"]]
    assert seen == list(reversed(made))
    assert third["next_cursor"] is None
    assert api.get("/escalations", status="closed").json()["items"] == []
    assert len(api.get("/escalations", agency=cast.school.pk).json()["items"]) == 5
    bad = api.get("/escalations", cursor="%%%")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "cursor"
    assert api.get("/escalations", limit=500).status_code == 422


def test_every_use_is_recorded_and_the_rate_limit_holds(cast: Cast, settings: object) -> None:
    settings.API_REQUESTS_PER_MINUTE = 3  # type: ignore[attr-defined]
    api = Api(cast.raiser)
    statuses = [api.get("/escalations").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    uses = list(
        ApiUse.objects.filter(token=api.token).order_by("at").values_list("status", flat=True)
    )
    assert uses == [200, 200, 200, 429]
    limited = api.get("/escalations")
    assert "Wait a minute" in limited.json()["detail"]


def test_people_make_see_and_revoke_their_own_tokens(cast: Cast) -> None:
    import re

    from walk import signed_in, text_of

    client = signed_in(cast.raiser)
    missing = client.post("/account/tokens/", {"name": "", "days": "90"})
    assert "Enter what the token is for" in text_of(missing)
    assert "Select what the token may do" in text_of(missing)
    made = client.post(
        "/account/tokens/", {"name": "Team dashboard", "days": "30", "scopes": ["escalations:read"]}
    )
    assert "no-store" in made["Cache-Control"]  # the secret is on this page, once
    secret = re.search(r'<code id="new-token">([^<]+)</code>', made.content.decode())
    assert secret is not None
    from django.test import Client

    api = Client()
    assert (
        api.get("/api/v1/escalations", HTTP_AUTHORIZATION=f"Bearer {secret.group(1)}").status_code
        == 200
    )
    page = text_of(client.get("/account/tokens/"))
    assert "Team dashboard" in page
    assert secret.group(1) not in page  # shown once
    token = cast.raiser.api_tokens.get()
    assert (
        signed_in(cast.colleague).post("/account/tokens/", {"revoke": token.pk}).status_code == 404
    )
    client.post("/account/tokens/", {"revoke": token.pk})
    assert (
        api.get("/api/v1/escalations", HTTP_AUTHORIZATION=f"Bearer {secret.group(1)}").status_code
        == 401
    )


def test_a_party_disputes_the_recorded_outcome_through_the_api_as_on_the_page(cast: Cast) -> None:
    escalation = raise_one(cast)
    raiser, manager = Api(cast.raiser), Api(cast.manager)
    resolved = raiser.post(
        f"/escalations/{escalation.reference}/actions",
        {
            "action": "resolve",
            "expected_version": escalation.version,
            "text": "Resolved between the managers.",
            "outstanding": "None",
        },
    )
    assert resolved.json()["status"] == "resolved", resolved.content  # the raising side's stage
    # At Brent's first stage the raising side's agreement is the one needed: the raiser's
    # line manager, on that side, does not agree.
    offered = manager.get(f"/escalations/{escalation.reference}").json()["allowed_actions"]
    assert "dispute" in {a["action"] for a in offered}
    disputed = manager.post(
        f"/escalations/{escalation.reference}/actions",
        {
            "action": "dispute",
            "expected_version": resolved.json()["version"],
            "text": "The visit has still not happened.",
        },
    )
    assert disputed.status_code == 200, disputed.content
    assert disputed.json()["status"] == "open"
    assert disputed.json()["events"][-1]["kind"] == "disputed"
    again = manager.post(
        f"/escalations/{escalation.reference}/actions",
        {"action": "dispute", "expected_version": disputed.json()["version"], "text": "Again."},
    )
    assert again.status_code == 404  # it is open again: nothing recorded to dispute
