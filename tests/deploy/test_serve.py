"""``escalate serve``: gunicorn from the environment, one JSON access-log line per request
with its id, and a graceful stop on SIGTERM that lets a request in flight finish."""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import live
import pytest
from cast import PASSWORD
from gunicorn.config import Config
from gunicorn.sock import TCPSocket

from escalate.ops.serve import DrainingThreadWorker, ServeSettingError, serve_settings


@pytest.fixture
def env(seeded: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A copy of the seeded database for this test alone."""
    database = Path(seeded["DATABASE_URL"].removeprefix("sqlite:///"))
    shutil.copy(database, tmp_path / "escalate.sqlite3")
    return {
        **live.production_env(tmp_path),
        "ESCALATE_SECRET_KEY": seeded["ESCALATE_SECRET_KEY"],
        "DATABASE_URL": f"sqlite:///{tmp_path / 'escalate.sqlite3'}",
        "ESCALATE_WEB_WORKERS": "1",
        "ESCALATE_WEB_THREADS": "2",
    }


@pytest.fixture
def web(env: dict[str, str]) -> Iterator[tuple[live.Process, str]]:
    process, address = live.start_web("web", env)
    yield process, address
    process.kill()


def test_each_request_is_one_json_line_with_its_id_and_the_persons_id(
    web: tuple[live.Process, str],
) -> None:
    process, address = web
    browser = live.Browser()
    page = browser.get(address, "/sign-in/", "proxy-given-id-0001")
    assert page.status == 200
    assert page.headers["x-request-id"] == "proxy-given-id-0001"
    signed_in = browser.sign_in(address, "raiser.brent", PASSWORD)
    assert signed_in.status == 302, signed_in.body
    home = browser.get(address, "/", "after-sign-in-0002")
    assert home.status == 200
    made_up = live.get(address, "/sign-in/", **{"X-Request-ID": 'not plain: {"injected": true}'})
    assert re.fullmatch(r"[0-9a-f]{32}", made_up.headers["x-request-id"])

    # Each thread writes its line after its response has gone, so under load the lines may
    # come in any order: wait for all three.
    wanted = {"proxy-given-id-0001", "after-sign-in-0002", made_up.headers["x-request-id"]}
    for request_id in wanted:
        process.wait_for(lambda e, request_id=request_id: e.get("request_id") == request_id, 10)
    lines = {e["request_id"]: e for e in process.events() if e.get("message") == "request"}
    first = lines["proxy-given-id-0001"]
    assert (first["method"], first["path"], first["status"]) == ("GET", "/sign-in/", 200)
    assert first["person_id"] is None
    assert first["duration_ms"] >= 0
    assert first["bytes"] > 0
    assert lines["after-sign-in-0002"]["person_id"] is not None
    assert process.not_json() == [], "every line the server writes is a JSON object"


def test_a_request_in_flight_finishes_after_sigterm_and_new_ones_are_refused(
    web: tuple[live.Process, str],
) -> None:
    process, address = web
    browser = live.Browser()
    form = browser.get(address, "/sign-in/")
    body = urlencode(
        {
            "csrfmiddlewaretoken": live.csrf_token(form.body),
            "username": "raiser.brent",
            "password": PASSWORD,
        }
    ).encode()
    head = "".join(f"{k}: {v}\r\n" for k, v in browser.headers(address, "in-flight-0001").items())
    host, port = address.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            f"POST /sign-in/ HTTP/1.1\r\n{head}Content-Type: application/x-www-form-urlencoded"
            f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body[:20]
        )
        time.sleep(1.0)  # the server has the request and waits for the rest of its body
        process.popen.send_signal(15)
        time.sleep(1.0)
        with pytest.raises(ConnectionRefusedError):
            live.get(address, "/health/live")
        sock.sendall(body[20:])
        answer = sock.makefile("rb").read().decode()
    assert answer.startswith("HTTP/1.1 302"), answer[:200]
    assert process.popen.wait(timeout=40) == 0
    assert any(e.get("request_id") == "in-flight-0001" for e in process.events())


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        (
            "ESCALATE_WEB_WORKERS",
            "four",
            "ESCALATE_WEB_WORKERS must be a whole number of at least 1",
        ),
        ("ESCALATE_WEB_THREADS", "0", "ESCALATE_WEB_THREADS must be a whole number of at least 1"),
        ("ESCALATE_WEB_TIMEOUT", "-5", "write e.g. ESCALATE_WEB_TIMEOUT=60"),
        ("ESCALATE_WEB_KEEPALIVE", "5s", "write e.g. ESCALATE_WEB_KEEPALIVE=5"),
        ("ESCALATE_BIND", "localhost", "ESCALATE_BIND has 'localhost'"),
        ("ESCALATE_BIND", "127.0.0.1:99999", "ESCALATE_BIND has '127.0.0.1:99999'"),
    ],
)
def test_a_wrong_server_setting_is_named_with_what_to_write(
    variable: str, value: str, says: str
) -> None:
    with pytest.raises(ServeSettingError, match=re.escape(says)):
        serve_settings({variable: value})


def test_the_defaults_suit_one_machine_behind_a_proxy() -> None:
    found = serve_settings({})
    assert found.bind == ["127.0.0.1:8000"]
    assert found.workers == 2 * (os.cpu_count() or 1) + 1
    assert (found.threads, found.timeout, found.graceful_timeout) == (4, 60, 30)
    assert serve_settings({"ESCALATE_BIND": "0.0.0.0:8000,unix:/run/escalate.sock"}).bind == [
        "0.0.0.0:8000",
        "unix:/run/escalate.sock",
    ]


def test_escalate_serve_refuses_a_wrong_setting_without_a_traceback(tmp_path: Path) -> None:
    env = live.production_env(tmp_path, ESCALATE_WEB_WORKERS="four")
    done = subprocess.run(
        [live.ESCALATE, "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "ESCALATE_WEB_WORKERS must be a whole number" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_listener_closed_by_the_stop_in_the_same_batch_of_events_is_not_accepted_on() -> None:
    """On SIGTERM the worker stops listening from its event loop, and the poller may have
    reported the listener readable in the same batch: accepting on it after it was closed
    raised AttributeError ('NoneType' object has no attribute 'accept', seen once in CI's
    scale-out run) and killed the worker with its requests in hand."""
    listener = TCPSocket(("127.0.0.1", 0), Config(), logging.getLogger("test"))
    listener.close()
    worker = object.__new__(DrainingThreadWorker)  # accept needs nothing more of it
    worker.accept(listener)  # nothing to accept, and no error
