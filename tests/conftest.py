"""Settings for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests check what is true, not how fast examples are made: on a shared, loaded
# machine (CI has two cores) Hypothesis's timing checks would fail good code.
hypothesis_settings.register_profile(
    "escalate", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("escalate")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    """Signing in hundreds of times with the production hasher would take minutes."""
    settings.PASSWORD_HASHERS = [  # type: ignore[attr-defined]
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # hashes made before this fixture
    ]


@pytest.fixture(autouse=True)
def _policy_versions_read_afresh() -> None:
    """Each test's database is rolled back, and SQLite then gives the same ids to other rows:
    the versions a process keeps (escalate.partnerships.versions) are not carried over."""
    from escalate.partnerships.versions import forget

    forget()


@pytest.fixture(autouse=True)
def _sweeps_start_from_the_first() -> None:
    """The worker's repair sweeps (escalate.escalations.sweep) keep their place in the
    process: each test's starts from its first escalation."""
    from escalate.escalations.sweep import start_again

    start_again()


def _flush_past_sqlite_guards() -> None:
    """Tests that commit (transaction=True) are cleaned up by Django's flush, which on SQLite
    is DELETE FROM each table: the append-only triggers refuse that. Drop the triggers for
    the flush and create them again, exactly as they were. (On PostgreSQL flush truncates,
    which row triggers do not see.)"""
    from django.db.backends.sqlite3.base import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(
        self: DatabaseOperations, style: object, tables: list[str], **kw: bool
    ) -> list[str]:
        statements: list[str] = original(self, style, tables, **kw)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
        drop = [f'DROP TRIGGER "{name}";' for name, _ in triggers]
        return [*drop, *statements, *(f"{sql};" for _, sql in triggers)]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


_flush_past_sqlite_guards()


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_seen_by_the_test_client() -> Iterator[None]:
    """Django's test client sees the context of the templates its own engine draws
    (``response.context``); the pages are drawn by Jinja2 (escalate.templating), which
    tells it the same way here."""
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    original = backend.Template.render

    def render(self: Any, context: dict[str, Any] | None = None, request: Any = None) -> str:
        template_rendered.send(sender=self, template=self, context=dict(context or {}))
        return original(self, context, request)  # type: ignore[no-any-return]

    backend.Template.render = render  # type: ignore[method-assign]
    yield
    backend.Template.render = original  # type: ignore[method-assign]
