"""Webhooks: written with the event, sent by the worker, signed, retried, listed."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cast import Cast, make_cast, raised_by_raiser
from django.utils import timezone
from walk import signed_in, text_of

from escalate.escalations.models import Escalation
from escalate.escalations.services import escalation_act
from escalate.webhooks.models import Delivery, Status
from escalate.webhooks.outbox import webhooks_job
from escalate.webhooks.services import EndpointRefused, register

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """A real HTTP server on 127.0.0.1 that checks each delivery's signature."""

    def __init__(self) -> None:
        self.secret = ""
        self.received: list[dict[str, object]] = []
        self.answer = 204
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp = self.headers["Escalate-Timestamp"]
                expected = hmac.new(
                    receiver.secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256
                ).hexdigest()
                good = hmac.compare_digest(self.headers["Escalate-Signature"], f"sha256={expected}")
                receiver.received.append({**json.loads(body), "signed": good})
                self.send_response(receiver.answer if good else 401)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/escalate-events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.server.shutdown()


@pytest.fixture
def cast(settings: object) -> Cast:
    settings.DEBUG = True  # plain HTTP to 127.0.0.1 in development
    return make_cast()


def raise_one(cast: Cast) -> Escalation:
    return raised_by_raiser(cast)


def test_an_event_reaches_the_endpoint_once_signed_with_only_the_reference(
    cast: Cast, receiver: Receiver
) -> None:
    receiver.secret = register(cast.partnership, receiver.url, []).secret
    escalation = raise_one(cast)
    assert Delivery.objects.get().status == Status.PENDING  # written with the event
    assert webhooks_job(now=timezone.now(), worker="w1") == {"sent": 1, "retrying": 0, "failed": 0}
    assert webhooks_job(now=timezone.now(), worker="w2")["sent"] == 0
    [got] = receiver.received
    assert got["signed"] is True
    assert got["reference"] == escalation.reference
    assert got["event"] == "raised"
    assert "Ava" not in json.dumps(got)
    assert Delivery.objects.get().status == Status.SENT


def test_a_refusing_or_absent_receiver_is_retried_with_backoff(
    cast: Cast, receiver: Receiver
) -> None:
    receiver.secret = register(cast.partnership, receiver.url, []).secret
    receiver.answer = 503
    raise_one(cast)
    now = timezone.now()
    assert webhooks_job(now=now, worker="w1")["retrying"] == 1
    delivery = Delivery.objects.get()
    assert delivery.last_status == 503
    assert delivery.next_attempt_at > now + dt.timedelta(seconds=20)
    assert webhooks_job(now=now, worker="w1")["retrying"] == 0  # not yet due
    receiver.answer = 200
    assert webhooks_job(now=delivery.next_attempt_at, worker="w1")["sent"] == 1
    assert len(receiver.received) == 2


def test_kinds_and_agencies_choose_what_an_endpoint_hears(cast: Cast, receiver: Receiver) -> None:
    register(cast.partnership, receiver.url, ["resolved"])
    register(cast.partnership, receiver.url + "/health", [], agency=cast.health)
    register(cast.partnership, receiver.url + "/school", ["note"], agency=cast.school)
    escalation = raise_one(cast)
    escalation_act(
        escalation=escalation,
        actor=cast.raiser,
        action="add-note",
        expected_version=escalation.version,
        text="A note.",
    )
    assert list(Delivery.objects.values_list("endpoint__url", "kind")) == [
        (receiver.url + "/school", "note")
    ]


def test_only_https_addresses_and_known_kinds(cast: Cast, settings: object) -> None:
    settings.DEBUG = False
    with pytest.raises(EndpointRefused, match="must be an https:// address"):
        register(cast.partnership, "http://127.0.0.1:9/x", [])
    with pytest.raises(EndpointRefused, match="is not a kind of event"):
        register(cast.partnership, "https://example.org/x", ["exploded"])
    assert register(cast.partnership, "https://example.org/x", ["raised"]).kinds == ["raised"]


def test_officers_see_the_deliveries_and_nobody_else(cast: Cast, receiver: Receiver) -> None:
    register(cast.partnership, receiver.url, [])
    escalation = raise_one(cast)
    page = signed_in(cast.officer).get("/partnership/webhooks/")
    assert escalation.reference in text_of(page)
    assert "Waiting to be sent" in text_of(page)
    for someone in (cast.raiser, cast.outsider):
        assert signed_in(someone).get("/partnership/webhooks/").status_code == 404
    assert escalation.reference not in text_of(
        signed_in(cast.stranger).get("/partnership/webhooks/")
    )
