"""Shared set-up for the benchmarks: a fresh PostgreSQL database, migrated, with Django ready.

Run a benchmark with the project's venv, e.g. ``.venv/bin/python bench/worker_scan.py``.
BENCH_DATABASE_URL picks the server (default: postgres://postgres@127.0.0.1:5432/escalate_bench);
the database is dropped and created again each run.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from urllib.parse import urlparse

import psycopg

# Benchmarks build throwaway data: development mode (production is the default).
os.environ.setdefault("ESCALATE_ENV", "development")
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/escalate_bench")


def fresh_database() -> None:
    parsed = urlparse(URL)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalate.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by each of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"median {statistics.median(ms):.1f} ms, best {min(ms):.1f} ms, worst {max(ms):.1f} ms"
