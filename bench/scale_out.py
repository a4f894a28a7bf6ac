"""Scale-out, proven: two ``escalate serve`` processes and two ``escalate worker`` processes
on one PostgreSQL database, as production runs them.

It signs in through one web process and uses the session on the other; runs a bounded
load through both (pages, and notes that each send emails); stops one web process with
SIGTERM halfway (a request that a process accepted must still be answered; a request it
never accepted is sent to the other, as a load balancer does); reads the Board report,
dashboard and CSV through a read-only replica connection; and checks that every email in
the outbox reached a local SMTP sink exactly once. The processes connect as the app role
from deploy/postgres/, which cannot switch off the append-only guard.

    .venv/bin/python bench/scale_out.py [--requests 300] [--clients 6]

BENCH_DATABASE_URL picks the server and database (default
postgres://postgres@127.0.0.1:5432/escalate_scale, as a superuser; dropped and made again,
with roles named after it). Exits 1, saying what went wrong, if any check fails. CI runs it.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))
sys.path.insert(0, str(ROOT / "tests" / "deploy"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("ESCALATE_ENV", "development")  # this process only seeds and counts
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalate.settings")

import live  # noqa: E402
from _scale import Balancer, Load, SmtpSink, child_details, make_database, seed  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/escalate_scale")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=6)
    options = parser.parse_args()
    started = time.monotonic()
    urls = make_database(URL)
    print(f"database ready with its roles and migrations in {time.monotonic() - started:.1f} s")
    os.environ["DATABASE_URL"] = urls.app
    import django

    django.setup()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # the SMTP sink's chatter
    people = seed(options.clients)
    with tempfile.TemporaryDirectory() as folder, SmtpSink() as sink:
        env = live.production_env(
            Path(folder),
            DATABASE_URL=urls.app,
            DATABASE_REPLICA_URL=urls.replica,
            ESCALATE_SMTP_HOST="127.0.0.1",
            ESCALATE_SMTP_PORT=str(sink.port),
            ESCALATE_FROM_EMAIL="escalate@scale-out.invalid",
            ESCALATE_WEB_WORKERS="1",
            ESCALATE_WEB_THREADS="4",
        )
        return run(env, sink, people, options)


def run(env: dict[str, str], sink: SmtpSink, people: dict, options: argparse.Namespace) -> int:
    processes: list[live.Process] = []
    try:
        web_a, a = live.start_web("web A", env)
        web_b, b = live.start_web("web B", env)
        processes += [web_a, web_b]
        processes += [live.start_worker(f"worker {n}", env) for n in (1, 2)]
        print(f"web A on {a}, web B on {b}, two workers; SMTP sink on port {sink.port}")
        problems = session_across(a, b, people)
        load = Load(Balancer({"A": a, "B": b}), people, options.requests, options.clients)
        stop = threading.Thread(target=_stop_halfway, args=(load, web_a), daemon=True)
        stop.start()
        load.run()
        stop.join(timeout=120)
        memory = {p.name: live.memory_mb(p.popen.pid) for p in processes[1:]}
        problems += replica_reads(b, people)
        problems += emails(sink)
        for process in processes[1:]:
            if process.stop() != 0:
                problems.append(f"{process.name} did not stop cleanly on SIGTERM")
        # Every process has stopped, so every line it wrote has been read.
        problems += load.check(access_ids(web_a) | access_ids(web_b), web_a.popen.returncode)
        problems += logs(processes, people)
        report(load, sink, processes)
        print("memory after the load: " + ", ".join(f"{k} {v:.0f} MB" for k, v in memory.items()))
    finally:
        for process in processes:
            process.kill()
    for problem in problems:
        print(f"FAILED: {problem}")
    print("scale-out: all checks passed" if not problems else f"scale-out: {len(problems)} failed")
    return 1 if problems else 0


def _stop_halfway(load: Load, web: live.Process) -> None:
    load.halfway.wait()
    load.stop_started = time.monotonic()
    web.stop(signal.SIGTERM, timeout=60)
    load.stop_took = time.monotonic() - load.stop_started


def session_across(a: str, b: str, people: dict) -> list[str]:
    browser = people["browser"]
    signed_in = browser.sign_in(a, people["username"], people["password"])
    if signed_in.status != 302:
        return [f"signing in through web A answered {signed_in.status}, not a redirect"]
    home = browser.get(b, "/")
    if home.status != 200 or people["name"] not in home.body:
        return [f"the session made on web A did not work on web B ({home.status})"]
    print("signed in through web A; the same session works on web B")
    return []


def access_ids(web: live.Process) -> set[str]:
    return {e["request_id"] for e in web.events() if e.get("message") == "request"}


def replica_reads(address: str, people: dict) -> list[str]:
    officer = people["officer_browser"]
    officer.sign_in(address, people["officer"], people["password"])
    problems = []
    for path in (
        "/partnership/report/",
        "/partnership/dashboard/",
        "/partnership/report/escalations-by-agency.csv",
    ):
        answer = officer.get(address, path)
        if answer.status not in (200, 404) or (answer.status == 404 and "csv" not in path):
            problems.append(f"{path} through the read-only replica answered {answer.status}")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'escalate-replica'"
            " AND datname = current_database()"
        )
        (replica_connections,) = cursor.fetchone()
    if not replica_connections:
        problems.append("the report pages did not read from the replica connection")
    else:
        print(f"reports read through the replica ({replica_connections} connection(s), read-only)")
    return problems


def emails(sink: SmtpSink, timeout: float = 120) -> list[str]:
    from escalate.notifications.models import Channel, Delivery, Notification

    limit = time.monotonic() + timeout
    waiting = Notification.objects.filter(channel=Channel.EMAIL).exclude(status=Delivery.SENT)
    while waiting.exists() and time.monotonic() < limit:
        time.sleep(0.2)
    time.sleep(1.5)  # any duplicate a worker was still sending arrives now
    expected = sink.expected()
    got = sink.received()
    duplicated = sum(max(0, n - expected[k]) for k, n in got.items())
    lost = sum(max(0, n - got[k]) for k, n in expected.items())
    print(
        f"emails: {sum(expected.values())} in the outbox, {sum(got.values())} received by the "
        f"sink, {duplicated} duplicated, {lost} lost, {waiting.count()} still waiting"
    )
    problems = []
    if duplicated:
        problems.append(f"{duplicated} emails were delivered more than once")
    if lost or waiting.exists():
        problems.append(f"{lost} emails were not delivered ({waiting.count()} still waiting)")
    return problems


def logs(processes: list[live.Process], people: dict) -> list[str]:
    problems = []
    for process in processes:
        bad = process.not_json()
        if bad:
            problems.append(f"{process.name} wrote {len(bad)} lines that are not JSON: {bad[:3]}")
        text = "\n".join(line for _, line in process.output())
        for detail in child_details(people):
            if detail in text:
                problems.append(f"{process.name}'s log holds a child's details ({detail[:3]}...)")
    return problems


def report(load: Load, sink: SmtpSink, processes: list[live.Process]) -> None:
    ms = sorted(load.latencies)
    print(
        f"load: {len(load.done)} requests by {load.clients} clients in {load.took:.1f} s "
        f"({len(load.done) / load.took:.0f} a second); by server "
        + ", ".join(f"{k} {v}" for k, v in sorted(load.by_server().items()))
    )
    print(
        f"latency: median {statistics.median(ms):.0f} ms, 95th percentile "
        f"{ms[int(len(ms) * 0.95) - 1]:.0f} ms, worst {ms[-1]:.0f} ms"
    )
    print(
        f"web A stopped with SIGTERM after {load.halfway_at} requests; it took "
        f"{load.stop_took:.1f} s to finish what it had; {len(load.refused)} requests it never "
        "accepted went to web B"
    )


if __name__ == "__main__":
    sys.exit(main())
