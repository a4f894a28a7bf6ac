"""Bad input to the notification pages gets a plain answer, never a 500."""

from __future__ import annotations

import pytest
from cast import make_cast
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "١٢", "x", "-1", "99999999999999999999999"])
def test_marking_a_notification_read_with_a_strange_number_is_not_a_500(value: str) -> None:
    cast = make_cast("brent")
    client = Client()
    client.force_login(cast.raiser)
    answer = client.post("/notifications/read/", {"notification": value})
    assert answer.status_code == 302
