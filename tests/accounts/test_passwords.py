"""Password rules: not like the person's own details, not only digits, not a date."""

from __future__ import annotations

import pytest
from cast import make_cast
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from escalate.accounts.passwords import looks_like_a_date

pytestmark = pytest.mark.django_db


def refusals(password: str) -> list[str]:
    cast = make_cast("brent")
    try:
        validate_password(password, cast.raiser)
    except ValidationError as error:
        return list(error.messages)
    return []


@pytest.mark.parametrize(
    "password",
    ["20261201", "2026-12-01", "01/12/2026", "1 December 2026", "December-2026", "1st Dec 2026"],
)
def test_a_date_is_refused(password: str) -> None:
    assert any("cannot be only numbers or a date" in message for message in refusals(password))


@pytest.mark.parametrize("password", ["raiser.brent", "raiser.brent1", "Testperson1"])
def test_a_password_like_the_persons_details_is_refused(password: str) -> None:
    assert any("too similar" in message for message in refusals(password + "x" * 0))


def test_a_short_password_is_refused() -> None:
    assert any("at least 12 characters" in message for message in refusals("violet-sea"))


@pytest.mark.parametrize(
    "password", ["harbour-violet-stapler", "correct horse battery staple", "May the 4th be with"]
)
def test_a_good_password_is_accepted(password: str) -> None:
    assert refusals(password) == []


@pytest.mark.parametrize(
    ("text", "date_like"),
    [("20261201", True), ("Dec 25", True), ("2026 march", True), ("march hare 2026", False)],
)
def test_what_looks_like_a_date(text: str, date_like: bool) -> None:
    assert looks_like_a_date(text) is date_like


def test_the_set_password_page_refuses_a_date() -> None:
    cast = make_cast("brent")
    uid = urlsafe_base64_encode(force_bytes(cast.raiser.pk))
    token = default_token_generator.make_token(cast.raiser)
    client = Client()
    page = client.get(f"/account/set-password/{uid}/{token}/", follow=True)
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    response = client.post(form_path, {"new_password1": "20261201", "new_password2": "20261201"})
    assert response.status_code == 200
    assert "Your password cannot be only numbers or a date" in response.content.decode()
    cast.raiser.refresh_from_db()
    assert not cast.raiser.check_password("20261201")
