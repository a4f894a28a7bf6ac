"""``escalate check``: each wrong setting fails, naming the variable and what to write."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import live
import pytest
from cast import make_cast
from django.test import override_settings
from django.utils import timezone

from escalate.ops import checks, probes
from escalate.partnerships.models import Partnership, PolicyVersion

GOOD = {
    "PRODUCTION": True,
    "SECRET_KEY": "k3J9-vX2qLw8ZrT0pN5sYbC7mD4fGh1uEoAiWcRt_yQ6nBxS",
    "ALLOWED_HOSTS": ["escalate.brent-lscb.org.uk"],
    "BASE_URL": "https://escalate.brent-lscb.org.uk",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "DEFAULT_FROM_EMAIL": "escalate@brent-lscb.org.uk",
    "EMAIL_HOST_USER": "",
    "EMAIL_USE_TLS": False,
    "TWO_FACTOR_ENFORCED": True,
}


def problems(**changed: object) -> dict[str, str]:
    """The settings checks' messages by id, with GOOD settings changed as given."""
    with override_settings(**{**GOOD, **changed}):
        return {m.id: f"{m.msg} {m.hint}" for m in checks.deployment_settings()}  # type: ignore[misc]


def test_good_settings_pass() -> None:
    assert problems() == {}
    assert problems(SECRET_KEY="0123456789abcdef" * 4) == {}, "64 hex digits are 256 bits"


def test_two_factor_off_is_left_to_the_development_check_outside_production() -> None:
    found = problems(PRODUCTION=False, TWO_FACTOR_ENFORCED=False)
    assert "escalate.E001" in found
    assert "escalate.W012" not in found


@pytest.mark.parametrize(
    ("changed", "code", "says"),
    [
        ({"PRODUCTION": False}, "E001", "ESCALATE_ENV is 'development'"),
        ({"SECRET_KEY": "ab" * 30}, "E002", "ESCALATE_SECRET_KEY uses only 2 different characters"),
        ({"ALLOWED_HOSTS": ["*"]}, "E003", "ESCALATE_ALLOWED_HOSTS=escalate.your-partnership"),
        (
            {"ALLOWED_HOSTS": ["127.0.0.1", "localhost"]},
            "E004",
            "ESCALATE_ALLOWED_HOSTS names only",
        ),
        ({"BASE_URL": "http://127.0.0.1:8000"}, "E005", "ESCALATE_BASE_URL=https://"),
        ({"BASE_URL": "http://escalate.brent-lscb.org.uk"}, "E006", "would use plain HTTP"),
        (
            {"BASE_URL": "https://escalate.other.org.uk"},
            "E007",
            "ESCALATE_ALLOWED_HOSTS=escalate.brent-lscb.org.uk,escalate.other.org.uk",
        ),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            "E008",
            "emails would be written to files",
        ),
        ({"DEFAULT_FROM_EMAIL": "escalate"}, "E009", "ESCALATE_FROM_EMAIL is 'escalate'"),
        ({"DEFAULT_FROM_EMAIL": "escalate@example.org"}, "E010", "ESCALATE_FROM_EMAIL=escalate@"),
        ({"EMAIL_HOST_USER": "escalate", "EMAIL_PORT": 587}, "E011", "ESCALATE_SMTP_TLS=true"),
        ({"TWO_FACTOR_ENFORCED": False}, "W012", "ESCALATE_TWO_FACTOR is off"),
    ],
)
def test_each_wrong_setting_is_named_with_what_to_write(
    changed: dict[str, object], code: str, says: str
) -> None:
    found = problems(**changed)
    assert f"escalate.{code}" in found, found
    assert says in found[f"escalate.{code}"]


@pytest.mark.django_db
def test_every_partnership_needs_a_policy_in_force_today() -> None:
    make_cast("brent")
    assert probes.policies() == []
    lonely = Partnership.objects.create(
        slug="nowhere", name="Nowhere LSCP", short_name="Nowhere", reference_prefix="NOW"
    )
    found = probes.policies()
    assert [m.id for m in found] == ["escalate.E030"]
    assert "Nowhere LSCP has no policy in force today" in found[0].msg
    brent = PolicyVersion.objects.filter(partnership__slug="brent").first()
    assert brent is not None
    PolicyVersion.objects.create(
        partnership=lonely,
        version="1",
        effective_date=timezone.localdate() + dt.timedelta(days=30),
        text=brent.text,
    )
    assert [m.id for m in probes.policies()] == ["escalate.E030"], (
        "a future version is not in force"
    )


@pytest.mark.django_db
def test_no_partnership_yet_is_a_note_not_a_failure() -> None:
    found = probes.policies()
    assert [m.id for m in found] == ["escalate.I030"]
    assert not found[0].is_serious()


def test_a_mail_server_that_does_not_answer_is_named() -> None:
    port = live.free_port()
    with override_settings(
        EMAIL_BACKEND=GOOD["EMAIL_BACKEND"], EMAIL_HOST="127.0.0.1", EMAIL_PORT=port
    ):
        found = probes.mail_server(timeout=2)
    assert [m.id for m in found] == ["escalate.E040"]
    assert f"127.0.0.1:{port} cannot be reached" in found[0].msg
    assert "ESCALATE_SMTP_HOST" in (found[0].hint or "")


@pytest.mark.django_db
def test_the_database_check_passes_when_migrated_and_names_a_superuser() -> None:
    from django.db import connection

    found = probes.database()
    if connection.vendor == "postgresql":  # the suite connects as the server's superuser
        assert [m.id for m in found] == ["escalate.E022"]
        assert "a superuser" in found[0].msg
    else:
        assert found == []


def test_escalate_check_fails_a_fresh_install_naming_each_setting(tmp_path: Path) -> None:
    env = live.production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}",
        ESCALATE_BASE_URL="http://127.0.0.1:8000",
        ESCALATE_SMTP_HOST="127.0.0.1",
        ESCALATE_SMTP_PORT=str(live.free_port()),
    )
    env.pop("ESCALATE_ALLOWED_HOSTS")
    done = subprocess.run(
        [live.ESCALATE, "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stdout + done.stderr
    for named in (
        "ESCALATE_ALLOWED_HOSTS",
        "ESCALATE_BASE_URL",
        "ESCALATE_FROM_EMAIL",
        "ESCALATE_TWO_FACTOR is off",  # the production environment here turns it off
        "The database is missing migrations",
        "cannot be reached",
    ):
        assert named in done.stderr
    assert "Traceback" not in done.stderr


def test_escalate_check_finds_nothing_of_its_own_in_a_good_deployment(
    seeded: dict[str, str],
) -> None:
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, *args: object) -> str:  # noqa: N802
            return "250 OK"

    port = live.free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **seeded,
        "ESCALATE_ALLOWED_HOSTS": "escalate.brent-lscb.org.uk",
        "ESCALATE_BASE_URL": "https://escalate.brent-lscb.org.uk",
        "ESCALATE_FROM_EMAIL": "escalate@brent-lscb.org.uk",
        "ESCALATE_SMTP_HOST": "127.0.0.1",
        "ESCALATE_SMTP_PORT": str(port),
        "ESCALATE_TWO_FACTOR": "on",
    }
    try:
        done = subprocess.run(
            [live.ESCALATE, "check"], env=env, capture_output=True, text=True, timeout=120
        )
    finally:
        controller.stop()
    # Django's own deployment warnings (HSTS, HTTPS redirect) are settled in settings.py's
    # security part; Escalate's checks must all pass.
    assert "(escalate." not in done.stdout + done.stderr, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 0:
        assert "escalate check: ready for production" in done.stdout
