"""Escalate's own processes, started for real: ``escalate serve`` and ``escalate worker``
on ports the OS chooses, their JSON logs collected line by line, and a browser-like client
that keeps its cookies and passes Django's CSRF checks as a TLS-terminating proxy would.

Used by the deployment tests and by bench/scale_out.py.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ESCALATE = str(Path(sys.executable).with_name("escalate"))
ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp: Path, **extra: str) -> dict[str, str]:
    """A production environment, and nothing else from the caller's."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "ESCALATE_ENV": "production",
        "ESCALATE_SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex,
        "ESCALATE_ALLOWED_HOSTS": "127.0.0.1",
        "ESCALATE_BASE_URL": "https://127.0.0.1",
        "ESCALATE_DATA_DIR": str(tmp),
        "ESCALATE_NODE_MODULES": str(ROOT / "node_modules"),
        # These drive the servers with passwords alone; two-factor sign-in has its own tests
        # (tests/twofactor), which turn it on.
        "ESCALATE_TWO_FACTOR": "off",
    }
    env.update(extra)
    return env


class Process:
    """A child process whose standard output and error are read line by line."""

    def __init__(self, name: str, args: list[str], env: Mapping[str, str]) -> None:
        self.name = name
        self.lines: list[tuple[str, str]] = []  # (stream, line)
        self._lock = threading.Lock()
        self.popen = subprocess.Popen(
            args,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=str(ROOT),
        )
        for stream_name, stream in (("stdout", self.popen.stdout), ("stderr", self.popen.stderr)):
            threading.Thread(target=self._read, args=(stream_name, stream), daemon=True).start()

    def _read(self, stream_name: str, stream: Any) -> None:
        for line in stream:
            with self._lock:
                self.lines.append((stream_name, line.rstrip("\n")))

    def output(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self.lines)

    def events(self) -> list[dict[str, Any]]:
        """Every line that is a JSON object, parsed."""
        found = []
        for _, line in self.output():
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    found.append(json.loads(line))
        return found

    def not_json(self) -> list[str]:
        bad = []
        for _, line in self.output():
            try:
                if not isinstance(json.loads(line), dict):
                    bad.append(line)
            except json.JSONDecodeError:
                bad.append(line)
        return bad

    def wait_for(self, found: Callable[[dict[str, Any]], bool], timeout: float) -> dict[str, Any]:
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            for event in self.events():
                if found(event):
                    return event
            if self.popen.poll() is not None:
                break
            time.sleep(0.05)
        text = "\n".join(line for _, line in self.output()[-40:])
        raise AssertionError(f"{self.name}: not seen within {timeout} s; it wrote:\n{text}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
            raise

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait()


@dataclass
class Web(Process):
    pass


def start_web(name: str, env: Mapping[str, str], timeout: float = 60) -> tuple[Process, str]:
    """``escalate serve`` on a port the OS chooses; returns the process and host:port."""
    process = Process(name, [ESCALATE, "serve"], {**env, "ESCALATE_BIND": "127.0.0.1:0"})
    event = process.wait_for(lambda e: e.get("message") == "listening", timeout)
    address = event["addresses"][0].removeprefix("http://")
    wait_until_answering(address, timeout)
    return process, address


def start_worker(name: str, env: Mapping[str, str], interval: float = 0.5) -> Process:
    return Process(name, [ESCALATE, "worker", "--interval", str(interval)], env)


def wait_until_answering(address: str, timeout: float) -> None:
    limit = time.monotonic() + timeout
    while True:
        try:
            if get(address, "/health/live").status == 200:
                return
        except OSError:
            if time.monotonic() > limit:
                raise
        time.sleep(0.05)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    cookies: list[str] = field(default_factory=list)

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


def request(
    address: str,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60,
) -> Response:
    """One request on a new connection (as a proxy in front of several servers would)."""
    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=dict(headers or {}))
        answer = connection.getresponse()
        text = answer.read().decode("utf-8", "replace")
        return Response(
            answer.status,
            {k.lower(): v for k, v in answer.getheaders()},
            text,
            answer.headers.get_all("Set-Cookie") or [],
        )
    finally:
        connection.close()


def get(address: str, path: str, **headers: str) -> Response:
    return request(address, "GET", path, headers=headers)


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One person's browser: cookies kept across servers, as behind a load balancer that
    terminates TLS (so requests arrive with X-Forwarded-Proto: https)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self._lock = threading.Lock()

    def headers(self, address: str, request_id: str) -> dict[str, str]:
        with self._lock:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        found = {
            "Host": address,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{address}",
            "Referer": f"https://{address}/",
            "X-Request-ID": request_id,
        }
        if cookie:
            found["Cookie"] = cookie
        return found

    def _keep(self, response: Response) -> None:
        with self._lock:
            for header in response.cookies:
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value

    def get(self, address: str, path: str, request_id: str | None = None) -> Response:
        response = request(
            address, "GET", path, headers=self.headers(address, request_id or new_id())
        )
        self._keep(response)
        return response

    def post(
        self, address: str, path: str, form: Mapping[str, str], request_id: str | None = None
    ) -> Response:
        headers = {
            **self.headers(address, request_id or new_id()),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        response = request(address, "POST", path, body=urlencode(form).encode(), headers=headers)
        self._keep(response)
        return response

    def sign_in(self, address: str, username: str, password: str) -> Response:
        page = self.get(address, "/sign-in/")
        token = csrf_token(page.body)
        return self.post(
            address,
            "/sign-in/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )


def csrf_token(html: str) -> str:
    found = CSRF_FIELD.search(html)
    if not found:
        raise AssertionError("the page has no form with a CSRF token")
    return found.group(1)


def new_id() -> str:
    return "t" + uuid.uuid4().hex


def run(args: list[str], env: Mapping[str, str], timeout: float = 300) -> str:
    """Run an ``escalate`` command to the end; fail with its output if it fails."""
    done = subprocess.run(
        args, env=dict(env), capture_output=True, text=True, timeout=timeout, cwd=str(ROOT)
    )
    if done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def free_port() -> int:
    """A port nothing listens on (for a service that must be found absent)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def seeded_sqlite(folder: Path) -> dict[str, str]:
    """A migrated SQLite database with the fixed cast in it, and the production environment
    that uses it."""
    env = production_env(folder, DATABASE_URL=f"sqlite:///{folder / 'escalate.sqlite3'}")
    run([ESCALATE, "migrate"], env)
    script = "import django; django.setup(); from cast import make_cast; make_cast('brent')"
    run(
        [sys.executable, "-c", script],
        {
            **env,
            "PYTHONPATH": str(ROOT / "tests" / "web"),
            "DJANGO_SETTINGS_MODULE": "escalate.settings",
        },
    )
    return env


def memory_mb(pid: int) -> float:
    """Resident memory of a process and all its children (a server and its workers), in MB."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        proc = Path(f"/proc/{current}")
        try:
            status = (proc / "status").read_text()
            for task in (proc / "task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # it has just exited
            continue
        rss = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "")
        total += int(rss.split()[1]) / 1024 if rss else 0.0
    return total
