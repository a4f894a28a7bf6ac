"""The data for bench/pages.py and bench/load.py: a partnership at national scale.

A handful of escalations are raised and taken through the procedure with the services (so
every row is what Escalate itself writes), about ten events each; then each is copied in
bulk, in SQL, with its events, participants, notifications and report facts, until there
are as many escalations as asked for. The copies are raised by a pool of practitioners
(so each one's list grows with the data), have their own references, children's names and
dates of birth, and are spread over time: open ones over the last two months, closed ones
over three years. Every practitioner reports to the same manager (a busy manager sees them
all) and the partnership's officer sees everything.

The rest of the country shares the database: another partnership (``ELSEWHERE``) grows
alongside, with as many escalations of its own, so that a page which reads another
partnership's rows to drop them shows it (the failed emails did, until notifications 0005).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

ELSEWHERE = "haringey"  # the rest of the country: as many escalations again
POOL = 100  # practitioners raising the copies: 10 each at 1k, 1,000 each at 100k
FEW = 10  # escalations raised by the practitioner whose list stays short
FIRST_NAMES = [
    "Ava",
    "Ben",
    "Cara",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kai",
    "Lily",
    "Max",
    "Nia",
    "Omar",
]
SURNAMES = [
    "Adams",
    "Baker",
    "Carter",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Irwin",
    "Jones",
    "Khan",
    "Lewis",
]


@dataclass
class Scene:
    """Who looks at what: the people signed in and the escalations they open."""

    raiser: str
    few: str
    pooled: str
    manager: str
    officer: str
    open_reference: str
    resolved_reference: str


def _notes(escalation: Any, actor: Any, count: int, now: dt.datetime) -> None:
    from escalate.escalations.services import escalation_act

    for n in range(count):
        escalation.refresh_from_db()
        escalation_act(
            escalation=escalation,
            actor=actor,
            action="add-note",
            expected_version=escalation.version,
            text=f"Note {n + 1}: spoke to the other agency; waiting for their manager.",
            now=now,
        )


def templates(now: dt.datetime) -> tuple[Scene, list[tuple[int, bool]]]:
    """The cast, the pool and the escalations to copy, raised through the services: each
    (id, open?)."""
    from cast import CHILD, make_cast, person

    from escalate.escalations.models import Escalation
    from escalate.escalations.raising import escalation_raise
    from escalate.escalations.services import escalation_act
    from escalate.reports.facts import facts_refresh
    from escalate.reports.learning import learning_record

    cast = make_cast("brent")
    pool = [
        person(f"pool{n:03d}.brent", cast.school, "practitioner", manager=cast.manager)
        for n in range(POOL)
    ]
    few = person("few.brent", cast.school, "practitioner", manager=cast.manager)

    def raised(raiser: Any, at: dt.datetime) -> Escalation:
        return escalation_raise(
            raiser=raiser,
            receiving_agency=cast.social_care,
            receiving_professional=cast.other,
            categories=["thresholds"],
            disagreement="The referral was closed without a visit.",
            outcome_wanted="An assessment is started.",
            immediate_risk=False,
            now=at,
            **CHILD,
        )

    made: list[tuple[int, bool]] = []
    start = now - dt.timedelta(hours=2)
    open_one = raised(cast.raiser, start)
    _notes(open_one, cast.raiser, 9, start)
    made.append((open_one.pk, True))
    escalated = raised(cast.raiser, start)
    _notes(escalated, cast.raiser, 7, start)
    escalated.refresh_from_db()
    escalation_act(
        escalation=escalated,
        actor=cast.raiser,
        action="escalate",
        expected_version=escalated.version,
        text="Still not resolved.",
        now=start,
    )
    escalated.refresh_from_db()
    learning_record(
        escalation=escalated,
        actor=cast.raiser,
        kind="lesson",
        text="Thresholds were read differently.",
        expected_version=escalated.version,
        now=start,
    )
    made.append((escalated.pk, True))
    for closing in ("resolve", "resolve", "withdraw"):
        closed = raised(cast.raiser, start)
        _notes(closed, cast.raiser, 8, start)
        closed.refresh_from_db()
        escalation_act(
            escalation=closed,
            actor=cast.raiser,
            action=closing,
            expected_version=closed.version,
            text="Agreed: social care will visit this week.",
            data={"outstanding": "None"} if closing == "resolve" else None,
            now=start,
        )
        made.append((closed.pk, False))
    for _ in range(FEW):
        mine = raised(few, start)
        _notes(mine, few, 9, start)
    _elsewhere(start)
    for escalation in Escalation.objects.all():
        facts_refresh(escalation=escalation, now=now)
    resolved = Escalation.objects.filter(status="resolved").order_by("pk").first()
    assert resolved is not None
    scene = Scene(
        raiser=cast.raiser.username,
        few=few.username,
        pooled=pool[0].username,
        manager=cast.manager.username,
        officer=cast.officer.username,
        open_reference=open_one.reference,
        resolved_reference=resolved.reference,
    )
    return scene, made


def _elsewhere(at: dt.datetime) -> None:
    """The rest of the country: another partnership in the same database, with a pool of
    its own and two escalations to copy (one open, one withdrawn). Every page of the
    measured partnership must read none of its rows."""
    from cast import make_cast, person
    from test_pages import raise_escalation

    from escalate.escalations.services import escalation_act

    cast = make_cast(ELSEWHERE)
    for n in range(POOL):
        person(f"pool{n:03d}.{ELSEWHERE}", cast.school, "practitioner", manager=cast.manager)
    raise_escalation(cast, now=at)
    withdrawn = raise_escalation(cast, now=at)
    escalation_act(
        escalation=withdrawn,
        actor=cast.raiser,
        action="withdraw",
        expected_version=withdrawn.version,
        text="Agreed: social care will visit this week.",
        now=at,
    )


CHILD_TABLES = (
    "escalations_event",
    "escalations_participant",
    "notifications_notification",
    "reports_escalationfacts",
    "reports_stagefact",
    "reports_categoryfact",
)
PEOPLE_COLUMNS = ("raised_by_id", "actor_id", "person_id", "recipient_id")


def _columns(cursor: Any, table: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_name = %s AND (is_identity = 'NO' OR column_name <> 'id')"
        " ORDER BY ordinal_position",
        [table],
    )
    return [(name, kind) for name, kind in cursor.fetchall() if name != "id"]


def _child_expression(name: str, kind: str, raiser: int) -> str:
    if name in ("escalation_id", "facts_id"):
        return "m.clone_id"
    if name in PEOPLE_COLUMNS:
        return f"CASE WHEN x.{name} = {raiser} THEN c.raised_by_id ELSE x.{name} END"
    if kind.startswith("timestamp"):
        return f"x.{name} + m.shift"
    return f"x.{name}"


def copy_escalations(
    template: int, first: int, count: int, *, origin: int, step: float, slug: str = "brent"
) -> None:
    """``count`` copies of escalation ``template`` with everything that hangs off it, the
    copy numbered ``g`` raised ``step`` seconds times ``g - origin + 1`` before it by one of
    the pool of partnership ``slug``."""
    from django.db import connection

    from escalate.partnerships.models import Person

    pool = list(
        Person.objects.filter(username__startswith="pool", username__endswith=f".{slug}")
        .order_by("username")
        .values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT raised_by_id, reference FROM escalations_escalation WHERE id = %s", [template]
        )
        raiser, reference = cursor.fetchone()
        prefix = reference.rsplit("-", 1)[0]
        columns = _columns(cursor, "escalations_escalation")
        overrides = {
            "reference": f"'{prefix}-' || (9000000 + g)",
            "raised_by_id": f"(ARRAY{pool})[1 + mod(g, {len(pool)})]",
            "child_name": f"(ARRAY{FIRST_NAMES})[1 + mod(g, {len(FIRST_NAMES)})] || ' ' || "
            f"(ARRAY{SURNAMES})[1 + mod(g / {len(FIRST_NAMES)}, {len(SURNAMES)})]",
            "child_date_of_birth": "t.child_date_of_birth - mod(g, 4000)",
        }
        shift = f"make_interval(secs => -{step} * (g - {origin} + 1))"
        select = ", ".join(
            overrides.get(name)
            or (f"t.{name} + {shift}" if kind.startswith("timestamp") else f"t.{name}")
            for name, kind in columns
        )
        names = ", ".join(name for name, _ in columns)
        cursor.execute("SELECT coalesce(max(id), 0) FROM escalations_escalation")
        (before,) = cursor.fetchone()
        cursor.execute(
            f"INSERT INTO escalations_escalation ({names}) SELECT {select}"
            f" FROM escalations_escalation t, generate_series(%s::int, %s::int) g WHERE t.id = %s",
            [first, first + count - 1, template],
        )
        cursor.execute("DROP TABLE IF EXISTS clone_map")
        cursor.execute(
            "CREATE TEMP TABLE clone_map AS SELECT c.id AS clone_id, t.id AS template_id,"
            " c.raised_at - t.raised_at AS shift FROM escalations_escalation c,"
            " escalations_escalation t WHERE c.id > %s AND t.id = %s",
            [before, template],
        )
        for table in CHILD_TABLES:
            key = (
                "facts_id"
                if table in ("reports_stagefact", "reports_categoryfact")
                else ("escalation_id")
            )
            child = _columns(cursor, table)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(n for n, _ in child)})"
                f" SELECT {', '.join(_child_expression(n, k, raiser) for n, k in child)}"
                f" FROM {table} x JOIN clone_map m ON x.{key} = m.template_id"
                f" JOIN escalations_escalation c ON c.id = m.clone_id"
            )
        cursor.execute("DROP TABLE clone_map")


def _grow(slug: str, made: list[tuple[int, bool]], total: int) -> None:
    """Copy partnership ``slug``'s templates ``made`` until it has ``total`` escalations."""
    from django.db import transaction

    from escalate.escalations.models import Escalation

    have = Escalation.objects.filter(partnership__slug=slug).count()
    wanted = total - have
    if wanted <= 0:
        return
    opened = [pk for pk, is_open in made if is_open]
    closed = [pk for pk, is_open in made if not is_open]
    share = {pk: wanted // 5 // len(opened) for pk in opened}
    rest = wanted - sum(share.values())
    share.update({pk: rest // len(closed) for pk in closed})
    share[closed[0]] += wanted - sum(share.values())
    first = have
    batch = 20_000
    for pk, count in share.items():
        days = 60 if pk in opened else 3 * 365
        step = days * 86400 / max(count, 1)
        origin, done = first, 0
        while done < count:
            n = min(batch, count - done)
            with transaction.atomic():
                copy_escalations(pk, first, n, origin=origin, step=step, slug=slug)
            first += n
            done += n


def grow_to(total: int, made: list[tuple[int, bool]]) -> None:
    """Copy the templates until the partnership has ``total`` escalations, and the rest of
    the country as many again: a fifth open, the rest closed, in batches."""
    from django.db import connection

    from escalate.escalations.models import Escalation

    _grow("brent", made, total)
    theirs = Escalation.objects.filter(raised_by__username=f"raiser.{ELSEWHERE}")
    _grow(ELSEWHERE, [(pk, s == "open") for pk, s in theirs.values_list("pk", "status")], total)
    from escalate.partnerships.models import Partnership
    from escalate.reports import counts

    for partnership in Partnership.objects.values_list("pk", flat=True):
        counts.rebuild(partnership)  # the copies' facts were written in SQL: count them
    with connection.cursor() as cursor:
        # One email in a hundred kept failing, for the officers' list.
        cursor.execute(
            "UPDATE notifications_notification SET status = 'failed', attempts = 5,"
            " last_error = 'Connection refused' WHERE channel = 'email' AND mod(id, 100) = 0"
        )
        # As autovacuum would, some time after a bulk load: the statistics, and the visibility
        # map that lets PostgreSQL count from an index without reading the table.
        cursor.execute("VACUUM (ANALYZE)")
