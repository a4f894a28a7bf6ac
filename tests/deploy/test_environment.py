"""Production is the default: a process started with no environment refuses to run
without a secret key or with DEBUG on, and says which variable to set and what to write.
The demo, the test suite and local development opt in to development mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ESCALATE = str(Path(sys.executable).with_name("escalate"))
GOOD_SECRET = "x" * 50


def fresh(tmp_path: Path, command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in a new process that inherits nothing but PATH and HOME."""
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "ESCALATE_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        command, env={**base, **env}, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_suite_itself_runs_in_development_mode() -> None:
    assert settings.ENVIRONMENT == "development"


def test_with_no_environment_it_is_production_and_refuses_without_a_secret(
    tmp_path: Path,
) -> None:
    result = fresh(tmp_path, [ESCALATE, "manage", "check"])
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "ESCALATE_SECRET_KEY is not set" in result.stderr
    assert "ESCALATE_SECRET_KEY=<a random value of 50 characters or more>" in result.stderr
    assert "ESCALATE_ENV=development" in result.stderr


def test_the_web_application_refuses_to_load_without_a_secret(tmp_path: Path) -> None:
    result = fresh(tmp_path, [sys.executable, "-c", "import escalate.wsgi"])
    assert result.returncode != 0
    assert "ESCALATE_SECRET_KEY is not set" in result.stderr


def test_production_refuses_debug_naming_the_variable(tmp_path: Path) -> None:
    result = fresh(
        tmp_path,
        [ESCALATE, "worker", "--once"],
        ESCALATE_SECRET_KEY=GOOD_SECRET,
        ESCALATE_DEBUG="true",
    )
    assert result.returncode == 2
    assert "In production write ESCALATE_DEBUG=false" in result.stderr


def test_production_refuses_a_short_secret(tmp_path: Path) -> None:
    result = fresh(tmp_path, [ESCALATE, "manage", "check"], ESCALATE_SECRET_KEY="too-short")
    assert result.returncode == 2
    assert "ESCALATE_SECRET_KEY is 9 characters long" in result.stderr


def test_production_with_a_secret_starts(tmp_path: Path) -> None:
    result = fresh(tmp_path, [ESCALATE, "manage", "check"], ESCALATE_SECRET_KEY=GOOD_SECRET)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("value", ["staging", "Production"])
def test_an_unknown_environment_is_refused(tmp_path: Path, value: str) -> None:
    result = fresh(tmp_path, [ESCALATE, "manage", "check"], ESCALATE_ENV=value)
    assert result.returncode == 2
    assert "ESCALATE_ENV must be 'development' or 'production'" in result.stderr


def test_the_demo_refuses_to_run_in_production(tmp_path: Path) -> None:
    result = fresh(
        tmp_path,
        [ESCALATE, "demo", "--no-serve"],
        ESCALATE_ENV="production",
        ESCALATE_SECRET_KEY=GOOD_SECRET,
    )
    assert result.returncode == 2
    assert "runs only in development mode" in result.stderr
    assert not (tmp_path / "escalate.sqlite3").exists(), "nothing was built"
