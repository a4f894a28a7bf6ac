"""/health/live and /health/ready: plain answers for probes, before sign-in, host checks and
sessions; one query at most; nothing about the data."""

from __future__ import annotations

from pathlib import Path

import live
import pytest
from django.test import Client


def test_live_answers_any_host_without_the_database_or_a_session(client: Client) -> None:
    # No django_db mark: any use of the database here would fail the test.
    response = client.get("/health/live", HTTP_HOST="10.0.4.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "live"}
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_costs_one_query_once_it_has_seen_the_migrations(
    client: Client, django_assert_num_queries: object
) -> None:
    client.get("/health/ready")
    with django_assert_num_queries(1):  # type: ignore[operator]
        response = client.get("/health/ready/", HTTP_HOST="10.0.4.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
    assert not response.cookies


def test_other_methods_are_not_health_checks(client: Client) -> None:
    response = client.post("/health/live")
    assert response.status_code != 200


def test_ready_is_503_until_migrations_are_applied_then_200(tmp_path: Path) -> None:
    env = live.production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}",
        ESCALATE_WEB_WORKERS="1",
    )
    web, address = live.start_web("web", env)
    try:
        before = live.get(address, "/health/ready")
        assert before.status == 503
        assert '"migrations are not applied: run escalate migrate"' in before.body
        live.run([live.ESCALATE, "migrate"], env)
        after = live.get(address, "/health/ready")
        assert after.status == 200, after.body
        assert live.get(address, "/health/live").status == 200
    finally:
        assert web.stop() == 0


def test_ready_is_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    closed = live.free_port()  # nothing listens there
    env = live.production_env(
        tmp_path,
        DATABASE_URL=f"postgres://escalate@127.0.0.1:{closed}/escalate",
        ESCALATE_WEB_WORKERS="1",
    )
    web, address = live.start_web("web", env)
    try:
        answer = live.get(address, "/health/ready")
        assert answer.status == 503
        assert answer.body == '{"status": "not ready", "reason": "the database does not answer"}'
        assert live.get(address, "/health/live").status == 200
    finally:
        assert web.stop() == 0
    failing_probe = [e for e in web.events() if e.get("path") == "/health/ready"]
    assert failing_probe, "a failing probe is logged"
    assert failing_probe[0]["status"] == 503
