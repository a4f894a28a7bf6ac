"""bench/chaos.py's backlog: many escalations past their deadline at a weekend, then Monday
morning. Escalations are copied in bulk from one raised through the service (its events and
participants too), and the deadline scan is run as the worker would, pass after pass."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.db import connection

RAISED = (2026, 3, 2, 10, 0)  # a Monday, Europe/London: due Monday 9 March 17:00


def _columns(table: str, leave_out: set[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "ORDER BY ordinal_position",
            [table],
        )
        return [name for (name,) in cursor.fetchall() if name not in leave_out]


def copy_escalation(template_id: int, count: int) -> None:
    escalation = _columns("escalations_escalation", {"id", "reference"})
    cols = ", ".join(escalation)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO escalations_escalation (reference, {cols}) "
            f"SELECT 'CHA-' || g, {cols} FROM escalations_escalation, "
            "generate_series(1, %s::int) g WHERE id = %s",
            [count, template_id],
        )
        for table in ("escalations_event", "escalations_participant"):
            others = ", ".join(f"t.{c}" for c in _columns(table, {"id", "escalation_id"}))
            names = ", ".join(_columns(table, {"id", "escalation_id"}))
            cursor.execute(
                f"INSERT INTO {table} (escalation_id, {names}) SELECT e.id, {others} "
                f"FROM {table} t, escalations_escalation e "
                "WHERE t.escalation_id = %s AND e.reference LIKE 'CHA-%%'",
                [template_id],
            )
        cursor.execute("ANALYZE")


def _run_until_quiet(now: dt.datetime) -> tuple[int, int, float]:
    """Passes of the deadline scan at ``now`` until one finds nothing: (scanned, passes, s)."""
    from escalate.notifications.deadlines import deadlines_job

    scanned, passes, started = 0, 0, time.monotonic()
    while True:
        passes += 1
        found = deadlines_job(now=now, worker="chaos")["scanned"]
        scanned += found
        if not found:
            return scanned, passes, time.monotonic() - started


def backlog(count: int, cast: Any, report: Callable[..., None]) -> bool:
    from outbox_rows import one_escalation
    from timescales import with_timescales_unstated

    from escalate.notifications.models import Channel, Notification
    from escalate.policy.clock import LONDON

    # Brent's file calls its timescales indicative (reminders only): the backlog measures
    # the overdue alerts of a policy that says nothing, so every escalation is alerted.
    if not cast.partnership.policy_versions.filter(version="unstated").exists():
        with_timescales_unstated(cast.partnership, "brent")
    template = one_escalation(cast, dt.datetime(*RAISED, tzinfo=LONDON))
    Notification.objects.all().delete()
    copy_escalation(template.pk, count - 1)

    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2026, 3, day, hour, minute, tzinfo=LONDON)

    saturday, sat_passes, sat_took = _run_until_quiet(at(14, 10))
    weekend = [at(14, 10) + dt.timedelta(minutes=30 * n) for n in range(1, 47 * 2)]
    weekend = [moment for moment in weekend if moment < at(16, 9)]
    started = time.monotonic()
    rescanned = sum(_run_until_quiet(moment)[0] for moment in weekend)
    per_pass_ms = (time.monotonic() - started) / len(weekend) * 1000
    monday, _, mon_took = _run_until_quiet(at(16, 9, 1))
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    alerts = emails.filter(key__startswith="overdue:")
    alerted = alerts.values("escalation_id").distinct().count()
    twice = alerts.count() - alerts.values("escalation_id", "recipient_id").distinct().count()
    reminded = emails.filter(key="reminder:2026-03-16").values("escalation_id").distinct().count()
    report(
        f"backlog: {count} past deadline, weekend then Monday",
        alerts.count(),
        twice,
        count - alerted,
        f"Saturday {sat_took:.0f} s in {sat_passes} passes; Monday {mon_took:.0f} s",
        f"alerted {alerted}, reminded Monday {reminded}; {len(weekend)} weekend passes "
        f"re-scanned {rescanned} ({per_pass_ms:.0f} ms a pass); scanned Sat {saturday}, "
        f"Mon {monday}",
    )
    return alerted == count and twice == 0 and rescanned == 0 and reminded == count
