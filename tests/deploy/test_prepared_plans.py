"""On PostgreSQL each connection plans a repeated query once and keeps the plan (server-side
parameters and prepared statements, escalate/ops/databases.py); behind a pooler that cannot
keep them, ESCALATE_DB_PREPARED=off turns them off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from escalate.partnerships.models import Partnership

SHOW_OPTIONS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({k: settings.DATABASES[k]['OPTIONS'] for k in settings.DATABASES}))"
)


def options_in_a_fresh_process(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "ESCALATE_DATA_DIR": str(tmp_path),
        "ESCALATE_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "escalate.settings",
        "DATABASE_URL": "postgres://escalate@db.example.org:5432/escalate",
        "DATABASE_REPLICA_URL": "postgres://escalate@replica.example.org:5432/escalate",
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW_OPTIONS],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.django_db
def test_a_query_run_again_on_a_connection_is_not_planned_again() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(3):
        list(Partnership.objects.filter(slug="nowhere"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        kept = [row[0] for row in cursor.fetchall()]
    assert any('FROM "partnerships_partnership"' in sql for sql in kept), kept


def test_the_main_database_and_the_replica_keep_plans_by_default(tmp_path: Path) -> None:
    result = options_in_a_fresh_process(tmp_path)
    assert result.returncode == 0, result.stderr
    for options in json.loads(result.stdout).values():
        assert options["server_side_binding"] is True
        assert options["prepare_threshold"] == 2
        assert options["connect_timeout"] == 10


def test_behind_a_pooler_plans_are_not_kept(tmp_path: Path) -> None:
    result = options_in_a_fresh_process(tmp_path, ESCALATE_DB_PREPARED="off")
    assert result.returncode == 0, result.stderr
    for options in json.loads(result.stdout).values():
        assert "server_side_binding" not in options
        assert "prepare_threshold" not in options
        assert options["connect_timeout"] == 10


def test_a_wrong_value_is_refused_naming_the_variable(tmp_path: Path) -> None:
    escalate = str(Path(sys.executable).with_name("escalate"))
    result = subprocess.run(
        [escalate, "manage", "check"],
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "ESCALATE_DATA_DIR": str(tmp_path),
            "ESCALATE_ENV": "development",
            "DATABASE_URL": "postgres://escalate@db.example.org:5432/escalate",
            "ESCALATE_DB_PREPARED": "sometimes",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "ESCALATE_DB_PREPARED must be true or false, not 'sometimes'" in result.stderr
