"""The server the browser tests drive, run as its own process with its own SQLite database:
it migrates, builds the world (the demo plus a fixed cast with escalations in known states),
prints one JSON line (its port and what it built), then serves until its standard input
closes. It listens on 127.0.0.1 on a port the operating system chooses.

    python tests/browser/harness.py   # with ESCALATE_DATA_DIR and DJANGO_SETTINGS_MODULE set
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

import django
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application


class QuietHandler(WSGIRequestHandler):
    """Logs nothing but server errors, one line each, for the tests to read afterwards."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if str(code).startswith("5"):
            sys.stderr.write(f"SERVER ERROR {code} {self.command} {self.path}\n")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _stop_when_stdin_closes(server: ThreadedWSGIServer) -> None:
    sys.stdin.read()
    server.shutdown()


def main() -> int:
    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    import world  # after django.setup(): it uses the models

    built = world.build()
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.daemon_threads = True
    server.set_app(get_wsgi_application())
    print(json.dumps({"port": server.server_port, **built}), flush=True)
    threading.Thread(target=_stop_when_stdin_closes, args=(server,), daemon=True).start()
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
