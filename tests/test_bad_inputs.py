"""Every bad input gets a plain message or a 404, never a 500 (issue 9, items 8 and 9)."""

from __future__ import annotations

import pytest
from cast import make_cast, person
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from escalate.partnerships.models import Agency, Partnership
from escalate.policy.loader import PolicyError, load_policy_text

pytestmark = pytest.mark.django_db


def signed_in(who: object) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(who)  # type: ignore[arg-type]
    return client


@pytest.mark.parametrize("year", ["1", "9999", "0001", "²"])
def test_a_report_period_in_an_impossible_year_is_a_plain_message(year: str) -> None:
    cast = make_cast("brent")
    query = f"start_day=1&start_month=1&start_year={year}&end_day=31&end_month=12&end_year={year}"
    for path in ("/partnership/report/", "/partnership/report/pdf/"):
        answer = signed_in(cast.officer).get(f"{path}?{query}")
        assert answer.status_code in (200, 400), (path, answer.status_code)
    page = signed_in(cast.officer).get(f"/partnership/report/?{query}")
    assert b"year from 2000" in page.content or b"real date" in page.content


def test_a_nul_character_in_the_address_or_a_form_is_not_a_500() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser)
    assert client.get("/escalations/%00/").status_code == 404
    assert client.get("/escalations/BRE%00-1/add-note/").status_code == 404
    answer = client.get("/?q=%00")
    assert answer.status_code == 400
    assert b"NUL character" in answer.content
    answer = client.post("/notifications/read/", {"notification": "1\x00"})
    assert answer.status_code == 400


def test_a_policy_with_a_lone_surrogate_is_refused_by_check_and_upload() -> None:
    text = open_brent().replace("partnership: ", 'partnership: "\\ud800" #', 1)
    with pytest.raises(PolicyError) as refused:
        load_policy_text(text, "brent.yaml")
    assert "not a real character" in str(refused.value)
    cast = make_cast("brent")
    upload = SimpleUploadedFile("brent.yaml", text.encode(), content_type="text/yaml")
    answer = signed_in(cast.officer).post("/partnership/policy/", {"file": upload})
    assert answer.status_code == 200
    assert b"not a real character" in answer.content
    assert signed_in(cast.raiser).get("/procedure/").status_code == 200


def open_brent() -> str:
    from importlib import resources

    return (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text("utf-8")


def test_before_a_partnership_has_a_policy_raise_and_procedure_say_so() -> None:
    partnership = Partnership.objects.create(
        slug="newtown",
        name="Newtown Safeguarding Partnership",
        short_name="Newtown",
        reference_prefix="NEW",
    )
    school = Agency.objects.create(partnership=partnership, name="Newtown School", kind="school")
    team = Agency.objects.create(partnership=partnership, name="Team", kind="partnership")
    teacher = person("teacher.newtown", school, "practitioner")
    person("admin.newtown", team, "partnership-administrator")
    client = signed_in(teacher)
    for path in ("/raise/", "/procedure/", "/raise/immediate-risk/"):
        answer = client.get(path, follow=True)
        assert answer.status_code == 200, path
        assert b"Newtown Safeguarding Partnership has no procedure yet" in answer.content
        assert b"admin.newtown@example.org" in answer.content
