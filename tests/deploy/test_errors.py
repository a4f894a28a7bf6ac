"""Error reports to Sentry: with SENTRY_DSN set, errors are sent by the SDK's own transport,
and a child's details never leave. Checked on the real payload, received by a local HTTP
endpoint that stands in for Sentry."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import live
import pytest

CHILD = ("Marigold Ashcombe", "2017-02-14", "MA-77120")


class Endpoint(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # the SDK compresses with Brotli when it is installed
            import brotli  # type: ignore[import-untyped]

            body = brotli.decompress(body)
        Endpoint.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def sentry() -> Iterator[str]:
    Endpoint.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://publickey@127.0.0.1:{server.server_address[1]}/42"
    server.shutdown()


def events(payloads: list[bytes]) -> list[dict[str, object]]:
    """The event items of every envelope (a header line, then item header and body pairs)."""
    found = []
    for payload in payloads:
        lines = payload.split(b"\n")
        for header, body in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(body))
    return found


def test_errors_reach_sentry_without_a_childs_details(sentry: str, tmp_path: Path) -> None:
    env = live.production_env(tmp_path, SENTRY_DSN=sentry, ESCALATE_ALLOWED_HOSTS="testserver")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("sentry_app.py")), *CHILD],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for detail in CHILD:
        assert detail not in done.stderr, "the process's own log never holds a child's details"
    assert "RuntimeError" in done.stderr, "the error is logged: its type and where it happened"
    assert "in failing_page" in done.stderr
    assert "Could not send the reminder about BRE-2026-0001" in done.stderr
    raw = b"".join(Endpoint.received).decode()
    sent = events(Endpoint.received)
    assert len(sent) == 2, raw[:2000]
    for detail in (*CHILD, "Marigold", "Ashcombe", "14 February 2017"):
        assert detail not in raw, f"{detail!r} was sent to Sentry"

    page_error = next(e for e in sent if e.get("exception"))
    exception = page_error["exception"]["values"][-1]  # type: ignore[index]
    assert exception["type"] == "RuntimeError"
    assert exception["stacktrace"]["frames"][-1]["function"] == "failing_page"
    assert "vars" not in exception["stacktrace"]["frames"][-1]
    assert page_error["transaction"] == "/raise/failing/"  # the route, not the address
    request = page_error.get("request", {})
    for kept_back in ("data", "cookies", "query_string", "env"):
        assert kept_back not in request  # type: ignore[operator]
    assert page_error["tags"]["request_id"] == "sentry-test-request-1"  # type: ignore[index]

    logged = next(e for e in sent if e.get("logentry"))
    assert logged["logentry"] == {"message": "Could not send the reminder about %s"}
    assert logged["level"] == "error"


def test_without_a_dsn_nothing_is_sent(tmp_path: Path, sentry: str) -> None:
    env = live.production_env(tmp_path, ESCALATE_ALLOWED_HOSTS="testserver")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("sentry_app.py")), *CHILD],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert Endpoint.received == []
