"""Throttling sign-in: wrong passwords lock the account, then the address, for a while, and
the page says when to try again. Before this, 50 wrong passwords then the right one signed in.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from cast import PASSWORD, make_cast
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str, path: str = "/sign-in/") -> int:
    response = client.post(path, {"username": username, "password": password})
    return response.status_code


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_does_not_sign_in() -> None:
    cast = make_cast("brent")
    client = Client()
    for _ in range(50):
        sign_in(client, cast.raiser.username, "not-the-password")
    response = client.post("/sign-in/", {"username": cast.raiser.username, "password": PASSWORD})
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_account_is_locked_after_five_wrong_passwords_and_says_until_when() -> None:
    cast = make_cast("brent")
    client = Client()
    for _ in range(4):
        assert sign_in(client, cast.raiser.username, "wrong-password") == 200
    response = client.post(
        "/sign-in/", {"username": cast.raiser.username, "password": "wrong-password"}
    )
    assert response.status_code == 429
    text = re.sub(r"\s+", " ", response.content.decode())
    found = re.search(
        r"There have been too many wrong passwords for this account, so signing in is "
        r"paused\. Try again after (\d\d:\d\d) \(in (\d+) minutes\)\.",
        text,
    )
    assert found, text
    expected = timezone.localtime(timezone.now() + dt.timedelta(minutes=15))
    hour, minute = (int(part) for part in found.group(1).split(":"))
    gap = abs((expected.hour * 60 + expected.minute) - (hour * 60 + minute)) % (24 * 60)
    assert gap <= 1
    assert found.group(2) == "15"
    assert response["Retry-After"] == "900"
    # The right password is refused too while the account is locked.
    assert sign_in(client, cast.raiser.username, PASSWORD) == 429
    assert not signed_in(client)


def test_the_lock_ends_after_the_cool_off() -> None:
    cast = make_cast("brent")
    client = Client()
    for _ in range(5):
        sign_in(client, cast.raiser.username, "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert sign_in(client, cast.raiser.username, PASSWORD) == 302
    assert signed_in(client)


def test_the_right_password_clears_the_count() -> None:
    cast = make_cast("brent")
    for _ in range(4):
        sign_in(Client(), cast.raiser.username, "wrong-password")
    assert sign_in(Client(), cast.raiser.username, PASSWORD) == 302
    for _ in range(4):
        assert sign_in(Client(), cast.raiser.username, "wrong-password") == 200
    assert sign_in(Client(), cast.raiser.username, PASSWORD) == 302


def test_another_account_is_not_locked_by_someone_elses_mistakes() -> None:
    cast = make_cast("brent")
    for _ in range(5):
        sign_in(Client(), cast.raiser.username, "wrong-password")
    assert sign_in(Client(), cast.colleague.username, PASSWORD) == 302


def test_an_address_is_locked_after_many_wrong_passwords_for_any_accounts(
    settings: pytest.FixtureRequest,
) -> None:
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12  # type: ignore[attr-defined]
    cast = make_cast("brent")
    guesses = [f"someone{n}" for n in range(12)]
    for name in guesses:
        assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), name, "wrong-password") in (200, 429)
    response = Client(REMOTE_ADDR="203.0.113.9").post(
        "/sign-in/", {"username": cast.raiser.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "too many wrong passwords from your network" in re.sub(
        r"\s+", " ", response.content.decode()
    )
    # The same person from another address signs in.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7"), cast.raiser.username, PASSWORD) == 302


def test_behind_the_proxy_each_client_address_is_counted_and_forged_headers_are_not(
    settings: pytest.FixtureRequest,
) -> None:
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6  # type: ignore[attr-defined]
    cast = make_cast("brent")
    for n in range(6):
        proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        sign_in(proxied, f"guess{n}", "wrong-password")
    locked = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert sign_in(locked, cast.raiser.username, PASSWORD) == 429
    elsewhere = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert sign_in(elsewhere, cast.raiser.username, PASSWORD) == 302
    # A client not behind the proxy cannot pick its address with the header.
    for n in range(6):
        forged = Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        sign_in(forged, f"other{n}", "wrong-password")
    assert AccessAttempt.objects.filter(ip_address="192.0.2.1").count() == 6


def test_the_administration_sign_in_is_throttled_too() -> None:
    cast = make_cast("brent")
    client = Client()
    for _ in range(5):
        sign_in(client, cast.officer.username, "wrong-password", "/admin/login/")
    assert sign_in(client, cast.officer.username, PASSWORD, "/admin/login/") == 429
    assert not signed_in(client)
