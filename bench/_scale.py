"""Parts of bench/scale_out.py: the database and its roles, the people and escalations, the
SMTP sink, and the load with its load balancer."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import live
import psycopg

ROLES_SQL = Path(__file__).resolve().parent.parent / "deploy" / "postgres"
CHILD_NAME = "Quilla Vantersby"
CHILD_BIRTH = dt.date(2016, 4, 9)
CHILD_REFERENCE = "QV-559120"


@dataclass(frozen=True)
class Urls:
    owner: str
    app: str
    replica: str


def _statements(path: Path, names: dict[str, str]) -> list[str]:
    text = "\n".join(
        line for line in path.read_text().splitlines() if not line.lstrip().startswith("--")
    )
    for old, new in names.items():
        text = re.sub(rf"\b{old}\b", new, text)
    return [s.strip() for s in text.split(";") if s.strip()]


def make_database(url: str) -> Urls:
    """A fresh database with the roles of deploy/postgres/, migrated by the owner role."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    owner, app = f"{name}_owner", f"{name}_app"
    names = {"escalate_owner": owner, "escalate_app": app, "escalate": name}
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for role in (app, owner):
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        for statement in _statements(ROLES_SQL / "1-roles.sql", names):
            conn.execute(statement)
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in _statements(ROLES_SQL / "2-grants.sql", names):
            conn.execute(statement)
    host = f"{parsed.hostname}:{parsed.port or 5432}"
    urls = Urls(
        owner=f"postgres://{owner}@{host}/{name}",
        app=f"postgres://{app}@{host}/{name}",
        replica=f"postgres://{app}@{host}/{name}?application_name=escalate-replica&options="
        + quote("-c default_transaction_read_only=on"),
    )
    live.run(
        [live.ESCALATE, "migrate"],
        {**live.production_env(Path("/tmp")), "DATABASE_URL": urls.owner},
    )
    return urls


def seed(count: int) -> dict[str, Any]:
    """The fixed cast, and one escalation for each client to add notes to."""
    from cast import PASSWORD, make_cast
    from django.utils import timezone

    from escalate.escalations.raising import escalation_raise

    cast = make_cast("brent")
    references = [
        escalation_raise(
            raiser=cast.raiser,
            receiving_agency=cast.social_care,
            categories=["thresholds"],
            disagreement="The threshold for a referral was not agreed.",
            outcome_wanted="A strategy discussion.",
            immediate_risk=False,
            now=timezone.now(),
            child_name=CHILD_NAME,
            child_date_of_birth=CHILD_BIRTH,
            child_reference=CHILD_REFERENCE,
            child_status="none",
        ).reference
        for _ in range(count)
    ]
    return {
        "browser": live.Browser(),
        "officer_browser": live.Browser(),
        "username": cast.raiser.username,
        "name": cast.raiser.get_full_name(),
        "officer": cast.officer.username,
        "password": PASSWORD,
        "references": references,
    }


def child_details(people: dict[str, Any]) -> list[str]:
    return [CHILD_NAME, CHILD_BIRTH.isoformat(), CHILD_BIRTH.strftime("%d %B %Y"), CHILD_REFERENCE]


class SmtpSink:
    """aiosmtpd on a port the OS chooses, keeping (to, subject, body) of every message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        body = parsed.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        with self._lock:
            for to in envelope.rcpt_tos:
                self.messages.append((to, str(parsed["Subject"]), _plain(text)))
        return "250 OK"

    def __enter__(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        probe = __import__("socket").socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def received(self) -> Counter[tuple[str, str, str]]:
        with self._lock:
            return Counter(self.messages)

    def expected(self) -> Counter[tuple[str, str, str]]:
        from escalate.notifications.models import Channel, Notification

        rows = Notification.objects.filter(channel=Channel.EMAIL).select_related("recipient")
        return Counter((r.recipient.email, f"[Escalate] {r.subject}", _plain(r.body)) for r in rows)


def _plain(text: str) -> str:
    """A message's text as written, whatever line endings SMTP gave it."""
    return text.replace("\r\n", "\n").strip()


FAILED_BEFORE_ANSWER = (OSError, http.client.HTTPException)


@dataclass
class Attempt:
    request_id: str
    server: str
    method: str
    path: str
    status: int = 0
    ms: float = 0.0
    error: str = ""


class Balancer:
    """Sends each request to the next server that is up; a request a server never answered
    goes to the other, as a load balancer does with a server that has stopped listening."""

    def __init__(self, servers: dict[str, str]) -> None:
        self.servers = servers
        self.down: set[str] = set()
        self.turn = 0
        self._lock = threading.Lock()

    def _next(self) -> str:
        with self._lock:
            names = [n for n in sorted(self.servers) if n not in self.down] or sorted(self.servers)
            self.turn += 1
            return names[self.turn % len(names)]

    def send(
        self, method: str, path: str, call: Callable[[str, str], live.Response], log: Load
    ) -> live.Response:
        for _ in range(len(self.servers)):
            name = self._next()
            attempt = Attempt(live.new_id(), name, method, path)
            start = time.monotonic()
            try:
                response = call(self.servers[name], attempt.request_id)
            except FAILED_BEFORE_ANSWER as error:
                attempt.error = f"{type(error).__name__}: {error}"
                with self._lock:
                    self.down.add(name)
                log.failed(attempt)
                continue
            attempt.status, attempt.ms = response.status, (time.monotonic() - start) * 1000
            log.answered(attempt)
            return response
        raise RuntimeError(f"no server answered {method} {path}")


@dataclass
class Load:
    balancer: Balancer
    people: dict[str, Any]
    requests: int
    clients: int
    done: list[Attempt] = field(default_factory=list)
    refused: list[Attempt] = field(default_factory=list)
    notes: int = 0
    took: float = 0.0
    halfway_at: int = 0
    stop_started: float = 0.0
    stop_took: float = 0.0
    halfway: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def latencies(self) -> list[float]:
        return [a.ms for a in self.done]

    def answered(self, attempt: Attempt) -> None:
        with self._lock:
            self.done.append(attempt)
            if len(self.done) >= self.requests // 2 and not self.halfway.is_set():
                self.halfway_at = len(self.done)
                self.halfway.set()

    def failed(self, attempt: Attempt) -> None:
        with self._lock:
            self.refused.append(attempt)

    def by_server(self) -> Counter[str]:
        return Counter(a.server for a in self.done)

    def run(self) -> None:
        start = time.monotonic()
        threads = [threading.Thread(target=self._client, args=(n,)) for n in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.took = time.monotonic() - start

    def _client(self, n: int) -> None:
        browser: live.Browser = self.people["browser"]
        reference = self.people["references"][n]
        page = f"/escalations/{reference}/"
        share = self.requests // self.clients
        sent = 0
        while sent < share:
            kind = sent % 4
            if kind == 0:
                self._expect(
                    self.balancer.send("GET", "/", lambda a, r: browser.get(a, "/", r), self), 200
                )
            elif kind == 1:
                self._expect(
                    self.balancer.send("GET", page, lambda a, r: browser.get(a, page, r), self), 200
                )
            else:
                self._note(browser, page)
                sent += 1
            sent += 1

    def _note(self, browser: live.Browser, page: str) -> None:
        path = f"{page}add-note/"
        form = self.balancer.send("GET", path, lambda a, r: browser.get(a, path, r), self)
        self._expect(form, 200)
        version = re.search(r'name="version" value="(\d+)"', form.body)
        data = {
            "csrfmiddlewaretoken": live.csrf_token(form.body),
            "version": version.group(1) if version else "",
            "text": "Spoke to the other agency; waiting for their manager.",
        }
        posted = self.balancer.send("POST", path, lambda a, r: browser.post(a, path, data, r), self)
        self._expect(posted, 302)
        with self._lock:
            self.notes += 1

    def _expect(self, response: live.Response, status: int) -> None:
        if response.status != status:
            with self._lock:
                self.unexpected.append(f"{response.status} where {status} was expected")

    unexpected: list[str] = field(default_factory=list)

    def check(self, accepted: set[str], stopped_code: int | None) -> list[str]:
        from escalate.escalations.models import Event

        problems = list(dict.fromkeys(self.unexpected))
        lost = [a for a in self.refused if a.request_id in accepted]
        if lost:
            problems.append(f"{len(lost)} accepted requests got no answer: {lost[:3]}")
        unlogged = [a for a in self.done if a.request_id not in accepted]
        if unlogged:
            problems.append(f"{len(unlogged)} answered requests have no access-log line")
        if stopped_code != 0:
            problems.append(f"web A exited {stopped_code} after SIGTERM, not 0")
        notes = Event.objects.filter(kind="note").count()
        if notes != self.notes:
            problems.append(f"{self.notes} notes were saved but the database has {notes}")
        return problems
