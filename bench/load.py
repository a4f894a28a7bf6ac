"""A bounded load on the production server: 8 people signed in at once, each asking for
their pages one after another for 30 seconds, on 127.0.0.1 only.

Uses the database bench/pages.py built (``--keep`` there; run pages.py first), starts
``escalate serve`` with production settings, and prints requests per second, the median
and 95th percentile, and every error (a status other than 200, or no answer).

    .venv/bin/python bench/load.py [--sessions 8] [--seconds 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections import Counter

from pages import database, live, server, signed_in

PEOPLE = {
    "raiser.brent": ["/", "/escalations/{mine}/", "/notifications/"],
    "few.brent": ["/", "/escalations/{mine}/", "/outcomes/to-confirm/"],
    "pool000.brent": ["/", "/escalations/{mine}/", "/outcomes/to-confirm/", "/notifications/"],
    "pool001.brent": ["/", "/escalations/{mine}/", "/notifications/"],
    "other.brent": ["/", "/escalations/{mine}/", "/outcomes/to-confirm/"],
    "manager.brent": ["/", "/escalations/{mine}/", "/?q=Ava&status=any"],
    "officer.brent": ["/", "/partnership/dashboard/", "/escalations/{mine}/", "/?status=any"],
    "chair.brent": ["/", "/partnership/failed-emails/", "/partnership/learning/"],
}


def paths_of(username: str) -> list[str]:
    """The person's pages, with one escalation they may see."""
    from escalate.escalations.models import Escalation

    found = Escalation.objects.filter(status="open").order_by("-raised_at")
    if not username.startswith(("officer", "chair")):
        found = found.filter(participants__person__username=username)
    mine = found.values_list("reference", flat=True).first()
    return [p.format(mine=mine) for p in PEOPLE[username]]


class Load:
    def __init__(self, address: str, seconds: float) -> None:
        self.address = address
        self.until = 0.0
        self.seconds = seconds
        self.times: list[float] = []
        self.errors: Counter[str] = Counter()
        self._lock = threading.Lock()

    def session(self, browser: live.Browser, paths: list[str]) -> None:
        n = 0
        while time.monotonic() < self.until:
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                status = browser.get(self.address, path).status
            except OSError as error:
                with self._lock:
                    self.errors[f"{path}: {type(error).__name__}"] += 1
                continue
            took = (time.perf_counter() - start) * 1000
            with self._lock:
                self.times.append(took)
                if status != 200:
                    self.errors[f"{path}: {status}"] += 1

    def run(self, sessions: list[tuple[live.Browser, list[str]]]) -> float:
        threads = [threading.Thread(target=self.session, args=s) for s in sessions]
        started = time.monotonic()
        self.until = started + self.seconds
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    options = parser.parse_args()
    database(keep=True)
    from escalate.escalations.models import Escalation

    size = Escalation.objects.count()
    if size == 0:
        print("No escalations: run bench/pages.py first to build the database.")
        return 1
    people = list(PEOPLE)[: options.sessions]
    with server() as address:
        sessions = [(signed_in(address, who), paths_of(who)) for who in people]
        load = Load(address, options.seconds)
        took = load.run(sessions)
    times = sorted(load.times)
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 20 else max(times)
    errors = sum(load.errors.values())
    print(
        f"{len(sessions)} sessions for {took:.0f} s on {size:,} escalations: "
        f"{len(times)} requests, {len(times) / took:.1f} requests/s, "
        f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, {errors} errors"
    )
    for what, count in load.errors.most_common():
        print(f"  {count} x {what}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
