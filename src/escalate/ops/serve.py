"""``escalate serve``: the production web server (gunicorn), configured from the environment.

Each setting has a default that suits one machine behind a reverse proxy; a wrong value
stops the command with a message naming the variable and what to write. On SIGTERM the
server stops listening, lets the requests in hand finish (up to the graceful timeout) and
exits; the access log is one JSON object per line with the request's id.
"""

from __future__ import annotations

import os
import select
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger
from gunicorn.workers.gthread import ThreadWorker

from escalate.ops import context
from escalate.ops.health import LIVE, READY
from escalate.ops.logs import EventFormatter


class ServeSettingError(Exception):
    """A server setting with a wrong value, explained."""


@dataclass(frozen=True)
class ServeSettings:
    bind: list[str]
    workers: int
    threads: int
    timeout: int
    graceful_timeout: int
    keepalive: int
    forwarded_allow_ips: str


def _number(env: Mapping[str, str], name: str, default: int, least: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = least - 1
    if value < least:
        raise ServeSettingError(
            f"{name} must be a whole number of at least {least}, not {text!r}; "
            f"write e.g. {name}={default}"
        )
    return value


def _bind(env: Mapping[str, str]) -> list[str]:
    text = env.get("ESCALATE_BIND", "").strip() or "127.0.0.1:8000"
    addresses = [part.strip() for part in text.split(",") if part.strip()]
    for address in addresses:
        if address.startswith(("unix:", "fd://")):
            continue
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit() or int(port) > 65535:
            raise ServeSettingError(
                f"ESCALATE_BIND has {address!r}, which is not an address to listen on; write "
                "HOST:PORT (e.g. ESCALATE_BIND=127.0.0.1:8000, or 0.0.0.0:8000 in a "
                "container), unix:/run/escalate/web.sock, or several separated by commas"
            )
    return addresses


def serve_settings(env: Mapping[str, str] | None = None) -> ServeSettings:
    env = os.environ if env is None else env
    cores = os.cpu_count() or 1
    return ServeSettings(
        bind=_bind(env),
        workers=_number(env, "ESCALATE_WEB_WORKERS", 2 * cores + 1, 1),
        threads=_number(env, "ESCALATE_WEB_THREADS", 4, 1),
        timeout=_number(env, "ESCALATE_WEB_TIMEOUT", 60, 1),
        graceful_timeout=_number(env, "ESCALATE_WEB_GRACEFUL_TIMEOUT", 30, 1),
        keepalive=_number(env, "ESCALATE_WEB_KEEPALIVE", 5, 0),
        forwarded_allow_ips=env.get("ESCALATE_FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1,::1",
    )


class JsonLogger(Logger):  # type: ignore[misc]
    """Gunicorn's logger, writing one JSON object per line: its own messages to standard
    error, and the access log (one line per request) to standard output."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers + self.access_log.handlers:
            handler.setFormatter(EventFormatter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        status = int(status)
        path = environ.get("PATH_INFO", "")
        if status < 400 and path.rstrip("/") in (LIVE, READY):
            return  # probes poll every second; a failing probe is still logged
        self.access_log.info(
            "request",
            extra={
                # The query string is left out: it can hold what someone searched for.
                "request_id": environ.get(context.ENVIRON_REQUEST_ID),
                "person_id": environ.get(context.ENVIRON_PERSON_ID),
                "method": environ.get("REQUEST_METHOD"),
                "path": path,
                "status": status,
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "remote_addr": environ.get("REMOTE_ADDR"),
            },
        )


class DrainingThreadWorker(ThreadWorker):  # type: ignore[misc]
    """Gunicorn's threaded worker, but on SIGTERM it stops listening at once.

    The plain worker only stops *accepting*: its copy of the listening socket stays open
    until it exits, so connections made meanwhile wait in the kernel's queue and are reset
    at the end, after the graceful timeout, too late for a load balancer to retry them
    elsewhere. This one takes in what is already queued (those requests are answered) and
    closes the socket, so any later connection is refused at once and goes to another
    process.
    """

    def handle_exit(self, sig: int, frame: Any) -> None:
        super().handle_exit(sig, frame)
        self.method_queue.defer(self._stop_listening)  # runs on the worker's main thread

    def accept(self, listener: Any) -> None:
        # The poller can report the listener readable in the same batch of events as the
        # deferred _stop_listening, which runs first and closes it: accepting on the closed
        # socket raised AttributeError and killed the worker with its requests in hand.
        if getattr(listener, "sock", None) is None:
            return
        super().accept(listener)

    def _stop_listening(self) -> None:
        if self._accepting:
            for listener in self.sockets:
                for _ in range(10_000):  # bounded: the queue is at most the backlog
                    if not select.select([listener], [], [], 0)[0]:
                        break
                    self.accept(listener)
        self.set_accept_enabled(False)
        for listener in self.sockets:
            listener.close()


def _when_ready(server: Any) -> None:
    """The server's first event: where it listens, and with how many workers and threads."""
    cfg = server.cfg
    server.log.info(
        "listening",
        extra={
            "addresses": [str(listener) for listener in server.LISTENERS],
            "workers": cfg.workers,
            "threads": cfg.threads,
            "timeout": cfg.timeout,
            "graceful_timeout": cfg.graceful_timeout,
        },
    )


class EscalateServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: ServeSettings, load: Callable[[], Any]) -> None:
        self.settings = settings
        self._load = load
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        options: dict[str, Any] = {
            "bind": s.bind,
            "workers": s.workers,
            "worker_class": DrainingThreadWorker,
            "threads": s.threads,
            "timeout": s.timeout,
            "graceful_timeout": s.graceful_timeout,
            "keepalive": s.keepalive,
            "forwarded_allow_ips": s.forwarded_allow_ips,
            "accesslog": "-",
            "errorlog": "-",
            "logger_class": JsonLogger,
            "when_ready": _when_ready,
            "proc_name": "escalate-web",
            # Several servers may run on one machine: no shared control socket file.
            "control_socket_disable": True,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._load()


def run(settings: ServeSettings) -> None:
    def load() -> Any:
        from escalate.wsgi import application

        return application

    EscalateServer(settings, load).run()
