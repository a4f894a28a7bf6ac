"""Every page against the floor, at 1k, 10k and 100k escalations, on PostgreSQL, through the
production server.

Builds a partnership with about ten events on each escalation, and another with as many,
for the rest of the country (bench/_pages_data.py: a few raised through the services, then
copied in bulk in SQL), starts ``escalate serve``
(gunicorn, production settings) with one extra address, ``/bench/bare/``, that loads the
session and the signed-in person through the same middleware and answers a line of text
(bench/_bare.py), and then, for each page, asks for the bare view and the page in turn,
each ``--requests`` times, over new connections as a proxy would. It prints, for each page
and size, the median and 95th percentile of both, the page's median as a multiple of the
bare view's, the page's queries (counted in this process with Django's test client) and
what PostgreSQL's EXPLAIN ANALYZE says about them (a sequential scan of a big table, an
index read only to drop thousands of its rows, or a sort that spilled to disk, is named).
Two floors are timed the same way, not judged: the bare view drawn in the GOV.UK layout, and
that with the audit entry every page of personal data writes, to show how much of a page's
time is spent before it does any work of its own.

    .venv/bin/python bench/pages.py                         # 1k, 10k and 100k (slow)
    .venv/bin/python bench/pages.py --sizes 1000 --requests 20   # while developing
    .venv/bin/python bench/pages.py --keep --sizes 100000   # measure again, no rebuild

BENCH_DATABASE_URL picks the database (default
postgres://postgres@127.0.0.1:5432/escalate_pages); it is dropped and built again unless
``--keep`` is given, and grown from one size to the next within a run. bench/load.py runs a
bounded load on the same database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
for folder in (ROOT / "tests" / "web", ROOT / "tests" / "deploy", BENCH):
    sys.path.insert(0, str(folder))
os.environ.setdefault("ESCALATE_ENV", "development")  # this process only builds and counts
# The pages are measured signed in with a password only (two-factor is a step at sign-in,
# not on each page): without this every page would answer with the set-up redirect.
os.environ.setdefault("ESCALATE_TWO_FACTOR", "off")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "_bare")  # the floors too

import live  # noqa: E402
import psycopg  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/escalate_pages")
BIG = 5000  # rows: a sequential scan of a table this big is named


@dataclass(frozen=True)
class PageSpec:
    name: str
    who: str  # a Scene attribute naming the person signed in
    path: str  # with {open} and {resolved} for the scene's escalations


# Not pages of Escalate: the bare view drawn in the layout, then with an audit entry too
# (bench/_bare_urls.py), to show what every page pays before its own work. Not judged.
FLOORS = [
    PageSpec("floor: the layout, a line of text", "officer", "/bench/layout/"),
    PageSpec("floor: the layout and an audit entry", "officer", "/bench/layout-logged/"),
]

STAGE_CLOSED = "stage=other-worker&status=closed"  # none: every closed copy is at the first
PAGES = [
    PageSpec("escalation page, practitioner", "raiser", "/escalations/{open}/"),
    PageSpec("escalation page, manager", "manager", "/escalations/{open}/"),
    PageSpec("escalation page, officer", "officer", "/escalations/{open}/"),
    PageSpec("home, practitioner with 10", "few", "/"),
    PageSpec("home, practitioner whose list grows", "pooled", "/"),
    PageSpec("home, busy manager", "manager", "/"),
    PageSpec("home, officer", "officer", "/"),
    PageSpec("home, officer searching a name", "officer", "/?q=Ava+Adams&status=any"),
    PageSpec("home, officer searching a date of birth", "officer", "/?q=2016-05-04&status=any"),
    PageSpec("home, officer: one closed status", "officer", "/?status=withdrawn"),
    PageSpec("home, officer: a stage's closed ones", "officer", f"/?{STAGE_CLOSED}"),
    PageSpec("home, busy manager: a stage's closed ones", "manager", f"/?{STAGE_CLOSED}"),
    PageSpec("outcomes to confirm", "pooled", "/outcomes/to-confirm/"),
    PageSpec("notifications", "pooled", "/notifications/"),
    PageSpec("failed emails", "officer", "/partnership/failed-emails/"),
    PageSpec("learning queues", "officer", "/partnership/learning/"),
    PageSpec("who has viewed", "officer", "/escalations/{open}/views/"),
    PageSpec("dashboard", "officer", "/partnership/dashboard/"),
    *FLOORS,
]


def database(keep: bool) -> bool:
    """The benchmark's database, migrated; True if it was made afresh."""
    parsed = urlparse(URL)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not keep:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not keep:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = URL
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return not (exists and keep)


def scene_and_templates() -> tuple[Any, list[tuple[int, bool]]]:
    """Who looks at what, and the escalations to copy, from what is in the database."""
    from _pages_data import Scene

    from escalate.escalations.models import Escalation

    templates = list(
        Escalation.objects.filter(raised_by__username="raiser.brent")
        .order_by("pk")
        .values_list("pk", "status", "reference")
    )
    open_reference = next(ref for _, status, ref in templates if status == "open")
    resolved = next(ref for _, status, ref in templates if status == "resolved")
    scene = Scene(
        raiser="raiser.brent",
        few="few.brent",
        pooled="pool000.brent",
        manager="manager.brent",
        officer="officer.brent",
        open_reference=open_reference,
        resolved_reference=resolved,
    )
    return scene, [(pk, status == "open") for pk, status, _ in templates]


def address_of(spec: PageSpec, scene: Any) -> str:
    return spec.path.format(open=scene.open_reference, resolved=scene.resolved_reference)


# -- queries and plans, in this process ----------------------------------------------------


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def plan_notes(queries: list[str]) -> tuple[str, float]:
    """What EXPLAIN ANALYZE says is wrong with any of ``queries`` ('' if nothing), and their
    total execution time in ms."""
    from django.db import connection

    notes: list[str] = []
    total = 0.0
    with connection.cursor() as cursor:
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            found = cursor.fetchone()[0]
            explained = (json.loads(found) if isinstance(found, str) else found)[0]
            total += explained["Execution Time"]
            for node in _nodes(explained["Plan"]):
                relation = node.get("Relation Name", "")
                dropped = node.get("Rows Removed by Filter", 0) * node.get("Actual Loops", 1)
                if (
                    node["Node Type"] == "Seq Scan"
                    and node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0) >= BIG
                ):
                    notes.append(f"seq scan {relation}")
                elif dropped >= BIG:  # read in an index's order, most of it thrown away
                    notes.append(f"{relation}: {dropped:,} rows read and dropped")
                if node.get("Sort Space Type") == "Disk":
                    notes.append("sort on disk")
    return ", ".join(dict.fromkeys(notes)), total


def counted(scene: Any) -> dict[str, tuple[int, str, float]]:
    """Each page's query count, plan notes and database time, by the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from escalate.partnerships.models import Person

    found = {}
    for spec in PAGES:
        client = Client()
        client.force_login(Person.objects.get(username=getattr(scene, spec.who)))
        url = address_of(spec, scene)
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        queries = [q["sql"] for q in captured.captured_queries]
        notes, db_ms = plan_notes(queries)
        found[spec.name] = (len(queries), notes, db_ms)
    return found


# -- the server and the timings --------------------------------------------------------------


@contextmanager
def server(workers: int = 2, threads: int = 4) -> Iterator[str]:
    """``escalate serve`` with production settings and the bare view; yields host:port."""
    with tempfile.TemporaryDirectory() as folder:
        env = live.production_env(
            Path(folder),
            DATABASE_URL=URL,
            DJANGO_SETTINGS_MODULE="_bare",
            PYTHONPATH=str(BENCH),
            ESCALATE_WEB_WORKERS=str(workers),
            ESCALATE_WEB_THREADS=str(threads),
            ESCALATE_LOG_LEVEL="WARNING",
            ESCALATE_TWO_FACTOR="off",
        )
        web, address = live.start_web("web", env)
        try:
            yield address
        finally:
            web.stop()


def signed_in(address: str, username: str) -> live.Browser:
    from cast import PASSWORD

    browser = live.Browser()
    answer = browser.sign_in(address, username, PASSWORD)
    assert answer.status == 302, f"{username} could not sign in: {answer.status}"
    return browser


def timed_get(browser: live.Browser, address: str, path: str) -> float:
    start = time.perf_counter()
    answer = browser.get(address, path)
    took = (time.perf_counter() - start) * 1000
    assert answer.status == 200, f"{path}: {answer.status}"
    return took


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18] if len(times) >= 20 else max(times)


@dataclass
class Row:
    size: int
    page: str
    median: float
    p95: float
    bare_median: float
    bare_p95: float
    queries: int
    plan: str

    @property
    def ratio(self) -> float:
        return self.median / self.bare_median


def measure(address: str, scene: Any, size: int, requests: int) -> list[Row]:
    browsers = {
        who: signed_in(address, getattr(scene, who)) for who in {spec.who for spec in PAGES}
    }
    counts = counted(scene)
    rows = []
    for spec in PAGES:
        browser, path = browsers[spec.who], address_of(spec, scene)
        for _ in range(5):  # warm the server's caches (policies parsed, templates loaded)
            timed_get(browser, address, "/bench/bare/")
            timed_get(browser, address, path)
        bare, page = [], []
        for _ in range(requests):
            bare.append(timed_get(browser, address, "/bench/bare/"))
            page.append(timed_get(browser, address, path))
        queries, notes, _ = counts[spec.name]
        rows.append(
            Row(
                size,
                spec.name,
                statistics.median(page),
                p95(page),
                statistics.median(bare),
                p95(bare),
                queries,
                notes or "indexes only",
            )
        )
        print(f"  {size:>7,} {spec.name}: {rows[-1].median:.1f} ms ({rows[-1].ratio:.1f}x)")
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| escalations | page | median ms | p95 ms | bare median | bare p95 | x bare "
        "| queries | plan |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r.size:,} | {r.page} | {r.median:.1f} | {r.p95:.1f} | {r.bare_median:.1f} "
            f"| {r.bare_p95:.1f} | {r.ratio:.1f} | {r.queries} | {r.plan} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[Row]) -> list[str]:
    said = [
        f"over 2x the bare view: {r.page} at {r.size:,} ({r.ratio:.1f}x)"
        for r in rows
        if r.ratio > 2 and not r.page.startswith("floor")
    ]
    sizes = sorted({r.size for r in rows})
    if len(sizes) > 1:
        first = {r.page: r for r in rows if r.size == sizes[0]}
        for r in rows:
            grows = r.size == sizes[-1] and r.median > 2 * first[r.page].median
            if grows and r.page.startswith(("home", "escalation")):
                said.append(
                    f"more than 2x slower at {r.size:,} than at {sizes[0]:,}: {r.page} "
                    f"({first[r.page].median:.1f} -> {r.median:.1f} ms)"
                )
    return said


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="reuse the database as it is")
    options = parser.parse_args()
    from _pages_data import grow_to, templates
    from django.utils import timezone

    started = time.monotonic()
    if database(options.keep):
        templates(timezone.now())
        print(f"templates raised through the services in {time.monotonic() - started:.0f} s")
    scene, made = scene_and_templates()
    rows: list[Row] = []
    with server() as address:
        for size in sorted(options.sizes):
            began = time.monotonic()
            grow_to(size, made)
            print(f"{size:,} escalations ready in {time.monotonic() - began:.0f} s")
            rows += measure(address, scene, size, options.requests)
    print()
    print(table(rows))
    problems = verdicts(rows)
    print()
    print("\n".join(problems) if problems else "Every page within 2x of the bare view.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
