"""Sessions end: after 30 minutes idle (a setting), 8 hours after signing in however busy,
and everywhere when the password is set or reset."""

from __future__ import annotations

import time

import pytest
from cast import PASSWORD, make_cast
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from escalate.accounts.sessions import SEEN, STARTED
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "harbour-violet-stapler"


def signed_in_client(person: Person) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def age(client: Client, *, idle: float = 0, since_sign_in: float = 0) -> None:
    """Make the session look ``idle`` seconds since its last request and ``since_sign_in``
    seconds since it began."""
    session = client.session
    now = time.time()
    session[SEEN] = now - idle
    session[STARTED] = now - max(idle, since_sign_in)
    session.save()


def test_after_thirty_idle_minutes_the_next_page_asks_to_sign_in_again() -> None:
    cast = make_cast("brent")
    client = signed_in_client(cast.raiser)
    age(client, idle=31 * 60)
    response = client.get("/procedure/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=%2Fprocedure%2F"
    page = client.get(response["Location"])
    assert "You were signed out because you had not used Escalate for 30 minutes" in (
        page.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_twenty_nine_idle_minutes_keep_the_session() -> None:
    cast = make_cast("brent")
    client = signed_in_client(cast.raiser)
    age(client, idle=29 * 60)
    assert client.get("/procedure/").status_code == 200
    assert time.time() - client.session[SEEN] < 60  # the activity is remembered


def test_the_idle_time_is_a_setting(settings: pytest.FixtureRequest) -> None:
    settings.SESSION_IDLE_SECONDS = 10 * 60  # type: ignore[attr-defined]
    cast = make_cast("brent")
    client = signed_in_client(cast.raiser)
    age(client, idle=11 * 60)
    assert client.get("/procedure/").status_code == 302


def test_a_busy_session_still_ends_eight_hours_after_signing_in() -> None:
    cast = make_cast("brent")
    client = signed_in_client(cast.raiser)
    age(client, idle=5, since_sign_in=8 * 3600 + 60)
    response = client.get("/procedure/")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "You were signed out because you signed in more than 8 hours ago" in (
        page.content.decode()
    )


def test_reading_pages_does_not_write_the_session_each_time() -> None:
    cast = make_cast("brent")
    client = signed_in_client(cast.raiser)
    before = client.session[SEEN]
    client.get("/procedure/")
    client.get("/procedure/")
    assert client.session[SEEN] == before


def _reset_link(person: Person) -> str:
    person.refresh_from_db()  # signing in changed last_login, which the token depends on
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return f"/account/set-password/{uid}/{default_token_generator.make_token(person)}/"


def test_resetting_the_password_signs_out_every_session() -> None:
    cast = make_cast("brent")
    laptop, phone = signed_in_client(cast.raiser), signed_in_client(cast.raiser)
    keys = {laptop.session.session_key, phone.session.session_key}
    reset = Client()
    page = reset.get(_reset_link(cast.raiser), follow=True)
    done = reset.post(
        page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert not Session.objects.filter(session_key__in=keys).exists()
    for client in (laptop, phone):
        assert client.get("/procedure/").status_code == 302
    assert Client().login(username=cast.raiser.username, password=NEW_PASSWORD)


def test_an_administrator_setting_a_password_signs_that_person_out_everywhere() -> None:
    cast = make_cast("brent")
    raiser = signed_in_client(cast.raiser)
    key = raiser.session.session_key
    admin = signed_in_client(cast.officer)
    admin.post(
        f"/admin/partnerships/person/{cast.raiser.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert not Session.objects.filter(session_key=key).exists()
    assert raiser.get("/procedure/").status_code == 302
    assert admin.get("/procedure/").status_code == 200  # the administrator stays signed in


def test_signing_out_forgets_the_session() -> None:
    cast = make_cast("brent")
    client = signed_in_client(cast.raiser)
    assert cast.raiser.signed_in.count() == 1  # type: ignore[attr-defined]
    client.post("/sign-out/")
    assert cast.raiser.signed_in.count() == 0  # type: ignore[attr-defined]
