"""The app's database role (deploy/postgres/2-grants.sql) can read and write rows but
cannot switch off, drop or get round the trigger that keeps events append-only; a superuser
could, which is why production must not connect as one. PostgreSQL only."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cast import CHILD, make_cast
from django.db import connection
from django.utils import timezone

from escalate.escalations.models import Event
from escalate.escalations.raising import escalation_raise
from escalate.ops import probes

GRANTS = Path(__file__).resolve().parents[2] / "deploy" / "postgres" / "2-grants.sql"
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles (CI runs it)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def app_role() -> Iterator[psycopg.Connection]:
    """The grants of deploy/postgres/2-grants.sql, given to a new role in the test database
    (whose tables the suite's own role owns, as escalate_owner does in production)."""
    role = f"escalate_app_test_{uuid.uuid4().hex[:8]}"
    settings = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
        cursor.execute(f'GRANT CONNECT ON DATABASE "{settings["NAME"]}" TO "{role}"')
        lines = GRANTS.read_text().splitlines()
        text = "\n".join(line for line in lines if not line.startswith("--"))
        text = re.sub(r"\bescalate_app\b", f'"{role}"', text)
        text = re.sub(r"\bescalate_owner\b", "CURRENT_USER", text)
        for statement in filter(str.strip, text.split(";")):
            cursor.execute(statement)
    app = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        autocommit=True,
    )
    try:
        yield app
    finally:
        app.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


def _an_event() -> int:
    cast = make_cast("brent")
    escalation = escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        categories=["thresholds"],
        disagreement="A disagreement.",
        outcome_wanted="An outcome.",
        immediate_risk=False,
        now=timezone.now(),
        **CHILD,  # type: ignore[arg-type]
    )
    return Event.objects.filter(escalation=escalation).values_list("pk", flat=True).first()  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("statement", "refused_with"),
    [
        ("ALTER TABLE escalations_event DISABLE TRIGGER ALL", "must be owner"),
        (
            "ALTER TABLE escalations_event DISABLE TRIGGER escalations_event_append_only",
            "must be owner",
        ),
        ("DROP TRIGGER escalations_event_append_only ON escalations_event", "must be owner"),
        ("DROP FUNCTION escalations_event_append_only()", "must be owner"),
        ("SET session_replication_role = replica", "permission denied"),
        ("TRUNCATE escalations_event CASCADE", "permission denied"),
        ("UPDATE escalations_event SET text = 'changed'", "Events are never changed or deleted"),
        ("DELETE FROM escalations_event", "Events are never changed or deleted"),
    ],
)
def test_the_app_role_cannot_get_round_the_append_only_guard(
    app_role: psycopg.Connection, statement: str, refused_with: str
) -> None:
    pk = _an_event()
    with pytest.raises(psycopg.Error, match=refused_with):
        app_role.execute(statement)
    assert Event.objects.filter(pk=pk).exists()


def test_the_app_role_can_do_what_the_app_does(app_role: psycopg.Connection) -> None:
    pk = _an_event()
    assert app_role.execute("SELECT count(*) FROM escalations_event").fetchone() == (1,)
    app_role.execute("UPDATE django_session SET expire_date = now() WHERE false")
    app_role.execute("DELETE FROM django_session WHERE expire_date < now()")
    app_role.execute("SELECT nextval(pg_get_serial_sequence('escalations_event', 'id'))")
    assert Event.objects.filter(pk=pk).exists()


def test_escalate_check_names_the_superuser_and_accepts_the_app_role(
    app_role: psycopg.Connection,
) -> None:
    assert [m.id for m in probes.database()] == ["escalate.E022"]
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{app_role.info.user}"')
        try:
            assert probes.database() == []
        finally:
            cursor.execute("RESET ROLE")
