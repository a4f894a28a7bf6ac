"""The policy, the directory and the Board report's figures through the API."""

from __future__ import annotations

import pytest
from apiclient import Api, raise_one
from cast import Cast, make_cast
from django.utils import timezone

from escalate.api.models import Scope
from escalate.reports.facts import facts_refresh_stale

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def test_the_policy_in_force_with_its_worst_case_timeline(cast: Cast) -> None:
    body = Api(cast.raiser).get("/policy", immediate_risk="true").json()
    assert body["id"] == "brent"
    assert body["worst_case"]["immediate_risk"] is True
    assert body["worst_case"]["stages"][0]["key"]
    wrong = Api(cast.raiser).get("/policy", child_status="orphan")
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "child_status"


def test_the_agencies_and_their_people(cast: Cast) -> None:
    agencies = {a["name"]: a for a in Api(cast.raiser).get("/agencies").json()}
    assert "Partnership team" not in agencies
    people = {p["name"] for p in agencies["Children's Social Care"]["people"]}
    assert cast.other.display_name in people


def test_the_board_report_for_officers_only(cast: Cast) -> None:
    raise_one(cast)
    facts_refresh_stale(partnership=cast.partnership)  # the worker's job
    today = timezone.localdate()
    period = {"start": f"{today.year}-01-01", "end": today.isoformat()}
    report = Api(cast.officer).get("/reports/board", **period)
    assert report.status_code == 200
    comparison = report.json()["tables"][0]
    assert comparison["columns"]
    assert "Ava" not in report.content.decode()
    assert Api(cast.raiser).get("/reports/board", **period).status_code == 404
    theirs = Api(cast.stranger).get("/reports/board", **period).json()  # their own partnership's
    assert theirs["partnership"] != cast.partnership.name
    reader = Api(cast.officer, scopes=(Scope.READ,))
    assert reader.get("/reports/board", **period).status_code == 403
    backwards = Api(cast.officer).get("/reports/board", start=period["end"], end="2000-01-01")
    assert backwards.status_code == 422
    assert (
        Api(cast.officer).get("/reports/board", start="0001-01-01", end="9999-12-31").status_code
        == 422
    )


def test_the_schema_is_openapi_3_1_and_errors_are_problems() -> None:
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    responses = schema["paths"]["/api/v1/escalations/{reference}"]["get"]["responses"]
    assert "application/problem+json" in responses["404"]["content"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in docs.content.decode()  # not from a CDN
    assert "cdn" not in docs.content.decode()


def test_tokens_from_the_command_line(cast: Cast) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command(
        "api_token",
        "service",
        str(cast.school.pk),
        "--name",
        "Safeguarding log",
        "--scope",
        "escalations:read",
        stdout=out,
    )
    secret = out.getvalue().strip().splitlines()[-1]
    assert secret.startswith("esc_")
    from django.test import Client

    answer = Client().get("/api/v1/escalations", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200
    listed = StringIO()
    call_command("api_token", "list", stdout=listed)
    prefix = listed.getvalue().split()[0]
    assert secret.startswith(prefix)
    call_command("api_token", "revoke", prefix, stdout=StringIO())
    assert (
        Client().get("/api/v1/escalations", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
        == 401
    )
    with pytest.raises(CommandError, match="Nobody has the username"):
        call_command("api_token", "create", "nobody", "--name", "x", "--scope", "escalations:read")
    with pytest.raises(CommandError, match="A token lasts from 1 to 366 days"):
        call_command(
            "api_token",
            "create",
            cast.raiser.username,
            "--name",
            "x",
            "--scope",
            "escalations:read",
            "--days",
            "1000",
        )
