"""The import page: only the partnership's administrators; check first, then confirm."""

from __future__ import annotations

import re

import pytest
from cast import Cast, make_cast, person
from directory import AGENCIES
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from walk import signed_in, text_of

from escalate.onboarding.services import import_directory
from escalate.partnerships.models import Agency, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.fixture
def admin_client(cast: Cast) -> Client:
    team = cast.officer.agency  # type: ignore[attr-defined]
    return signed_in(person("pat.admin", team, "partnership-administrator"))


def upload(client: Client, kind: str, data: bytes) -> object:
    return client.post(
        "/partnership/import/", {"kind": kind, "file": SimpleUploadedFile("f.csv", data)}
    )


def test_only_the_partnerships_administrators_may_import(cast: Cast) -> None:
    assert Client().get("/partnership/import/")["Location"].startswith("/sign-in/")
    for someone in ("raiser", "colleague", "chair", "stranger", "outsider"):
        client = signed_in(getattr(cast, someone))
        assert client.get("/partnership/import/").status_code == 404
        assert upload(client, "agencies", AGENCIES.encode()).status_code == 404  # type: ignore[attr-defined]


def test_a_wrong_file_is_shown_with_its_problems_and_changes_nothing(
    admin_client: Client,
) -> None:
    before = Agency.objects.count()
    page = upload(admin_client, "agencies", b"name,kind\nA Nursery,nursery\n")
    text = text_of(page)
    assert page.status_code == 200  # type: ignore[attr-defined]
    assert "The file was not imported: nothing has changed" in text
    assert "line 2, column 'kind': 'nursery' is not a kind of agency" in text
    assert Agency.objects.count() == before
    assert "Select what the file lists" in text_of(
        admin_client.post("/partnership/import/", {"file": SimpleUploadedFile("f.csv", b"x")})
    )


def test_check_then_confirm_imports_exactly_the_checked_file(
    admin_client: Client, cast: Cast
) -> None:
    partnership: Partnership = cast.partnership  # type: ignore[attr-defined]
    before = Agency.objects.count()
    page = upload(admin_client, "agencies", AGENCIES.encode())
    text = text_of(page)
    assert "Nothing has changed yet" in text
    assert "line 2: add agency 'Greenfield Primary School' (school)" in text
    assert Agency.objects.count() == before
    checked = re.search(r'name="checked" value="([^"]+)"', page.content.decode())  # type: ignore[attr-defined]
    assert checked is not None
    done = admin_client.post("/partnership/import/", {"checked": checked.group(1)}, follow=True)
    assert "Done. agencies: 3 to add" in text_of(done)
    assert partnership.agencies.filter(name="Greenfield Primary School").exists()
    assert Agency.objects.count() == before + 3


def test_a_tampered_or_foreign_check_is_refused(admin_client: Client, cast: Cast) -> None:
    page = admin_client.post("/partnership/import/", {"checked": "made-up"}, follow=True)
    assert "That check is more than an hour old. Upload the file again" in text_of(page)
    stranger = cast.stranger  # type: ignore[attr-defined]
    other = signed_in(person("far.admin", stranger.agency, "partnership-administrator"))
    theirs = upload(other, "agencies", AGENCIES.encode())
    checked = re.search(r'name="checked" value="([^"]+)"', theirs.content.decode())  # type: ignore[attr-defined]
    assert checked is not None
    assert (
        admin_client.post("/partnership/import/", {"checked": checked.group(1)}).status_code == 404
    )


def test_the_page_lists_the_columns_and_the_roles(admin_client: Client, cast: Cast) -> None:
    import_directory(cast.partnership, "agencies", AGENCIES.encode(), apply=True)  # type: ignore[attr-defined]
    text = text_of(admin_client.get("/partnership/import/"))
    assert "username, first_name, last_name, email, agency" in text
    assert "Designated safeguarding lead (designated-safeguarding-lead)" in text
