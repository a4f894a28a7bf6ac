"""The API over a real socket: a live server, plain HTTP requests, no test client."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from apiclient import Api, raise_body, raise_one
from cast import make_cast

pytestmark = pytest.mark.django_db(transaction=True)


def call(url: str, secret: str, body: dict[str, Any] | None = None) -> tuple[int, Any, str]:
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read()), answer.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers["Content-Type"]


def test_read_raise_and_refuse_over_http(live_server: Any) -> None:
    cast = make_cast()
    escalation = raise_one(cast)
    base = f"{live_server.url}/api/v1"
    raiser, outsider = Api(cast.raiser).secret, Api(cast.outsider).secret
    status, body, _ = call(f"{base}/escalations", raiser)
    assert status == 200
    assert body["items"][0]["reference"] == escalation.reference
    status, body, kind = call(f"{base}/escalations/{escalation.reference}", outsider)
    assert (status, kind) == (404, "application/problem+json")
    status, body, _ = call(f"{base}/escalations", raiser, raise_body(cast))
    assert status == 201
    assert body["events"][0]["kind"] == "raised"
    status, body, _ = call(f"{base}/escalations", "esc_not-a-token")
    assert status == 401
