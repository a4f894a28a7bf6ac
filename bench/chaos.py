"""The worker's faults at larger sizes than the tests, on PostgreSQL, with real ``escalate
worker`` processes and a real SMTP sink on 127.0.0.1. For each fault it prints how many
emails were sent, duplicated and lost, and how long it took to recover.

    .venv/bin/python bench/chaos.py [--emails 3000] [--backlog 10000] [--only outage,...]

Faults: ``outage`` (mail server refusing connections, then back), ``slow`` (a mail server
slower than the lease, two workers), ``kill`` (a worker SIGKILLed mid-batch, another
takes over), ``hang`` (a mail server that never answers: the deadline scan still runs),
``four`` (four workers at once), ``backlog`` (escalations past their deadline at a weekend,
then Monday morning: each alerted once, nothing re-scanned in between). Exits 1 if any
email was lost or duplicated beyond what the README says can be. BENCH_DATABASE_URL as in
bench/_setup.py (dropped and made again).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "web"))
sys.path.insert(0, str(ROOT / "tests" / "notifications"))

from _setup import URL, fresh_database  # noqa: E402

# Short enough that a dead worker's emails go again within seconds; SMTP steps time out
# after a tenth of it. (A timeout while the sink is slow to say "accepted" is one of the
# README's duplicates, so the timeout is not set lower than a loaded machine can answer in.)
LEASE = 10.0
ROWS: list[str] = []


def report(fault: str, sent: int, duplicated: int, lost: int, recover: str, note: str) -> None:
    ROWS.append(f"| {fault} | {sent} | {duplicated} | {lost} | {recover} | {note} |")
    print(ROWS[-1], flush=True)


_CAST: list[Any] = []


def _cast() -> Any:
    """The fixed cast, made once per run."""
    from cast import make_cast

    if not _CAST:
        _CAST.append(make_cast("brent"))
    return _CAST[0]


def _clear() -> None:
    """Nothing left from the fault before: an empty outbox and no outage open."""
    from escalate.notifications.models import MailOutage, Notification

    Notification.objects.all().delete()
    MailOutage.objects.all().delete()


def _emails(count: int) -> list[str]:
    """``count`` due emails, with subjects of this fault's own."""
    from django.utils import timezone
    from outbox_rows import due_emails, quiet_escalation

    cast = _cast()
    escalation = quiet_escalation(cast, timezone.now())
    return due_emails(cast, count, timezone.now(), escalation, label=f"fault {len(ROWS)}")


def _sent() -> int:
    from escalate.notifications.models import Channel, Delivery, Notification

    return Notification.objects.filter(channel=Channel.EMAIL, status=Delivery.SENT).count()


def _wait(done: Callable[[], bool], seconds: float) -> float:
    started = time.monotonic()
    while not done():
        if time.monotonic() - started > seconds:
            raise SystemExit(f"gave up after {seconds:.0f} s")
        time.sleep(0.05)
    return time.monotonic() - started


def _counted(subjects: list[str], sink: Any) -> tuple[int, int, int]:
    ours = set(subjects)
    received = sum(n for s, n in sink.subjects.items() if s in ours)
    duplicated = sum(n - 1 for s, n in sink.subjects.items() if s in ours)
    return received, duplicated, len(ours - set(sink.subjects))


def outage(count: int, folder: Path) -> bool:
    from smtp_sink import Sink, free_port
    from worker_processes import Workers

    from escalate.notifications.models import Notification

    port = free_port()
    sink = Sink(port=port)
    workers = Workers(folder, sink, URL, lease=LEASE, timeout=LEASE / 10)
    workers.env["ESCALATE_MAIL_OUTAGE_NOTICE_SECONDS"] = "5"
    workers.start(2)
    try:
        subjects = _emails(count)
        time.sleep(30)  # refused for 30 s: far more passes than the retry schedule allows
        sink.start()
        recover = _wait(lambda: _sent() == count, 300)
        sink.wait_for(count, 30)
    finally:
        workers.stop()
        sink.stop()
    told = Notification.objects.filter(key__startswith="mail-outage:").count()
    sent, duplicated, lost = _counted(subjects, sink)
    report(
        "outage: refused 30 s, 2 workers",
        sent,
        duplicated,
        lost,
        f"{recover:.1f} s after it came back",
        f"officers told: {told} notices (once each)",
    )
    return duplicated == 0 and lost == 0


def slow(count: int, folder: Path) -> bool:
    from smtp_sink import Sink
    from worker_processes import Workers

    with Sink(delay=0.08) as sink:
        workers = Workers(folder, sink, URL, lease=LEASE, timeout=LEASE / 10)
        workers.start(2)
        try:
            subjects = _emails(count)
            took = _wait(lambda: _sent() == count, 600)
            sink.wait_for(count, 30)
        finally:
            workers.stop()
    sent, duplicated, lost = _counted(subjects, sink)
    report(
        f"slow: 80 ms a message, lease {LEASE:g} s, 2 workers",
        sent,
        duplicated,
        lost,
        f"all sent in {took:.1f} s",
        f"a batch of 200 takes {200 * 0.08:.0f} s, the lease {LEASE:g} s",
    )
    return duplicated == 0 and lost == 0


def kill(count: int, folder: Path) -> bool:
    from smtp_sink import Sink
    from worker_processes import Workers

    with Sink(delay=0.002) as sink:
        workers = Workers(folder, sink, URL, lease=LEASE, timeout=LEASE / 10)
        workers.start(2)
        try:
            subjects = _emails(count)
            sink.wait_for(count // 3, 120)
            workers.kill(0)
            recover = _wait(lambda: _sent() == count, 300)
            sink.wait_for(count, 30)
        finally:
            workers.stop()
    sent, duplicated, lost = _counted(subjects, sink)
    report(
        "kill: SIGKILL one of 2 workers mid-batch",
        sent,
        duplicated,
        lost,
        f"{recover:.1f} s to send the rest",
        f"lease {LEASE:g} s",
    )
    return duplicated <= 1 and lost == 0


def hang(count: int, folder: Path) -> bool:
    from outbox_rows import one_escalation
    from smtp_sink import Silent, Sink
    from worker_processes import Workers

    from escalate.notifications.models import Channel, Delivery, Notification

    with Silent() as silent:
        sink = Sink(port=silent.port)
        workers = Workers(folder, sink, URL, lease=20, timeout=2)
        workers.start(1)
        try:
            _emails(count)
            cast = _cast()
            past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
            late = [one_escalation(cast, past).pk for _ in range(20)]
            alerted = Notification.objects.filter(
                escalation_id__in=late, key__startswith="overdue:", channel=Channel.APP
            ).values("escalation_id")
            took = _wait(lambda: alerted.distinct().count() == len(late), 120)
        finally:
            workers.stop()
    waiting = Notification.objects.filter(
        channel=Channel.EMAIL, status=Delivery.PENDING, attempts=0
    ).count()
    report(
        "hang: server never answers (timeout 2 s)",
        0,
        0,
        0,
        "-",
        f"20 overdue escalations alerted in {took:.1f} s meanwhile; {waiting} emails waiting, "
        "none failed",
    )
    return True


def four(count: int, folder: Path) -> bool:
    from smtp_sink import Sink
    from worker_processes import Workers

    with Sink() as sink:
        workers = Workers(folder, sink, URL, lease=LEASE, timeout=LEASE / 10)
        workers.start(4)
        try:
            subjects = _emails(count)
            took = _wait(lambda: _sent() == count, 600)
            sink.wait_for(count, 30)
        finally:
            workers.stop()
    sent, duplicated, lost = _counted(subjects, sink)
    report("four workers at once", sent, duplicated, lost, f"all sent in {took:.1f} s", "")
    return duplicated == 0 and lost == 0


def main() -> int:
    faults: dict[str, Callable[[int, Path], bool]] = {
        "outage": outage,
        "slow": slow,
        "kill": kill,
        "hang": hang,
        "four": four,
    }
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emails", type=int, default=3000)
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--only", default=",".join([*faults, "backlog"]))
    parser.add_argument("--keep-logs", action="store_true", help="keep the workers' logs")
    options = parser.parse_args()
    fresh_database()
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    logging.getLogger("escalate").setLevel(logging.ERROR)
    print("| fault | received | duplicated | lost | recovery | notes |")
    print("| --- | --- | --- | --- | --- | --- |")
    good = True
    for name in options.only.split(","):
        _clear()
        if name == "backlog":
            from _chaos_backlog import backlog

            good = backlog(options.backlog, _cast(), report) and good
            continue
        if options.keep_logs:
            folder = tempfile.mkdtemp(prefix=f"chaos-{name}-")
            print(f"  (worker logs in {folder})")
            good = faults[name](options.emails, Path(folder)) and good
            continue
        with tempfile.TemporaryDirectory() as folder:
            good = faults[name](options.emails, Path(folder)) and good
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
