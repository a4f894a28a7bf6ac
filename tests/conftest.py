"""Settings for the whole suite."""

from __future__ import annotations

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
