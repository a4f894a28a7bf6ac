"""GOV.UK Notify through the official client, against a local server that checks what the
client sends (the JWT, the body) and answers as Notify's API documents."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cast import Cast, make_cast, raised_by_raiser
from django.test import Client
from django.utils import timezone

from escalate.notifications.models import Channel as Sent
from escalate.notifications.models import Delivery, Notification
from escalate.notifications.sending import emails_job
from escalate.notify.models import Channel, ContactChoice, NotifyReceipt

pytestmark = pytest.mark.django_db

SERVICE = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
EMAIL_TEMPLATE = str(uuid.uuid4())
SMS_TEMPLATE = str(uuid.uuid4())


class FakeNotify:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answer = 201
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                token = self.headers["Authorization"].removeprefix("Bearer ")
                claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                fresh = abs(time.time() - claims["iat"]) < 30
                fake.requests.append(
                    {"path": self.path, "body": body, "iss": claims["iss"], "fresh": fresh}
                )
                if fake.answer != 201:
                    self._json(
                        fake.answer,
                        {
                            "status_code": fake.answer,
                            "errors": [
                                {
                                    "error": "BadRequestError",
                                    "message": "Can't send to this recipient",
                                }
                            ],
                        },
                    )
                    return
                self._json(
                    201,
                    {
                        "id": str(uuid.uuid4()),
                        "reference": body.get("reference"),
                        "content": {
                            "subject": body["personalisation"]["subject"],
                            "body": "...",
                            "from_email": "escalate@notifications.service.gov.uk",
                        },
                        "uri": "https://api.notifications.service.gov.uk/v2/notifications/x",
                        "template": {"id": body["template_id"], "version": 1, "uri": "x"},
                    },
                )

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def notify(settings: Any) -> Iterator[FakeNotify]:
    fake = FakeNotify()
    settings.EMAIL_BACKEND = "escalate.notify.backend.NotifyBackend"
    settings.NOTIFY_API_KEY = f"escalate_test-{SERVICE}-{SECRET}"
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_EMAIL_TEMPLATE = EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE = SMS_TEMPLATE
    settings.NOTIFY_CALLBACK_TOKEN = "a-callback-token-for-tests"
    yield fake
    fake.server.shutdown()


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def raise_one(cast: Cast) -> str:
    return raised_by_raiser(cast).reference


def emails() -> int:
    return Notification.objects.filter(channel=Sent.EMAIL).count()


def test_each_message_goes_through_notify_with_the_reference(
    cast: Cast, notify: FakeNotify
) -> None:
    reference = raise_one(cast)
    counts = emails_job(now=timezone.now(), worker="w1")
    assert counts.get("sent") == emails() > 0
    assert len(notify.requests) == emails()
    first = notify.requests[0]
    assert first["path"] == "/v2/notifications/email"
    assert first["iss"] == SERVICE
    assert first["fresh"] is True
    assert first["body"]["template_id"] == EMAIL_TEMPLATE
    assert first["body"]["reference"] == reference
    assert reference in first["body"]["personalisation"]["subject"]
    assert "Ava" not in json.dumps(notify.requests)
    assert NotifyReceipt.objects.count() == emails()


def test_a_person_who_chose_text_messages_gets_one(cast: Cast, notify: FakeNotify) -> None:
    for someone in (cast.other, cast.raiser, cast.manager, cast.other_manager, cast.dsl):
        ContactChoice.objects.create(person=someone, channel=Channel.SMS, mobile="07700900123")
    reference = raise_one(cast)
    emails_job(now=timezone.now(), worker="w1")
    texts = [r for r in notify.requests if r["path"] == "/v2/notifications/sms"]
    assert texts
    assert texts[0]["body"]["phone_number"] == "07700900123"
    assert texts[0]["body"]["template_id"] == SMS_TEMPLATE
    assert texts[0]["body"]["personalisation"]["link"].endswith(f"/escalations/{reference}/")


def test_a_refusal_fails_the_message_and_an_outage_keeps_it(cast: Cast, notify: FakeNotify) -> None:
    raise_one(cast)
    notify.answer = 500
    emails_job(now=timezone.now(), worker="w1")
    waiting = Notification.objects.filter(channel=Sent.EMAIL)
    assert not waiting.filter(status__in=[Delivery.SENT, Delivery.FAILED]).exists()
    notify.answer = 400
    later = timezone.now() + dt.timedelta(hours=3)
    emails_job(now=later, worker="w1")
    failed = Notification.objects.filter(channel=Sent.EMAIL, status=Delivery.FAILED)
    assert failed.exists()
    assert "GOV.UK Notify answered 400" in failed.first().last_error  # type: ignore[union-attr]


def test_delivery_receipts_are_recorded_on_the_message(cast: Cast, notify: FakeNotify) -> None:
    raise_one(cast)
    emails_job(now=timezone.now(), worker="w1")
    receipt = NotifyReceipt.objects.first()
    assert receipt is not None
    client = Client()
    auth = {"HTTP_AUTHORIZATION": "Bearer a-callback-token-for-tests"}
    payload = {"id": receipt.notify_id, "reference": "x", "to": "x", "status": "delivered"}
    answer = client.post("/notify/receipts/", payload, content_type="application/json", **auth)
    assert answer.status_code == 200
    receipt.refresh_from_db()
    assert receipt.status == "delivered"
    failure = {**payload, "status": "permanent-failure"}
    client.post("/notify/receipts/", failure, content_type="application/json", **auth)
    row = Notification.objects.get(pk=receipt.notification_id)
    assert row.status == Delivery.FAILED
    assert row.last_error == "GOV.UK Notify: the address or number does not exist"
    wrong = client.post(
        "/notify/receipts/",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer guess",
    )
    assert wrong.status_code == 401
    junk = client.post("/notify/receipts/", "not json", content_type="application/json", **auth)
    assert junk.status_code == 400


def test_a_person_chooses_how_they_are_told(cast: Cast) -> None:
    from walk import signed_in, text_of

    client = signed_in(cast.raiser)
    assert "How you are told" in text_of(client.get("/account/contact/"))
    wrong = client.post("/account/contact/", {"channel": "sms", "mobile": "12345"})
    assert "Enter a UK mobile number, like 07700 900123" in text_of(wrong)
    assert not ContactChoice.objects.exists()
    client.post("/account/contact/", {"channel": "sms", "mobile": "07700 900123"})
    assert ContactChoice.objects.get(person=cast.raiser).mobile == "07700 900123"
    assert Client().get("/account/contact/").status_code == 302
