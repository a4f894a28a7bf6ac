"""``escalate serve``, ``escalate migrate`` and ``escalate check``: what a deployment runs.
Django is set up by the caller (cli.py) before these run, except for ``serve``, whose
worker processes each set up their own."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core import checks
from django.core.checks import CheckMessage
from django.core.management import call_command

from escalate.ops import probes
from escalate.ops.serve import ServeSettings, run


def serve(server: ServeSettings) -> int:
    run(server)
    return 0


def migrate() -> int:
    call_command("migrate", interactive=False, verbosity=1)
    return 0


def _line(message: CheckMessage) -> str:
    level = (
        "error"
        if message.is_serious()
        else "warning"
        if message.level >= checks.WARNING
        else "note"
    )
    text = f"{level}: {message.msg} ({message.id})"
    if message.hint:
        text += f"\n    {message.hint}"
    return text


def check() -> int:
    """Django's deployment checks and Escalate's own; exit 1 if any is a warning or worse."""
    found = [
        m
        for m in checks.run_checks(include_deployment_checks=True)
        if m.id not in settings.SILENCED_SYSTEM_CHECKS
    ]
    found += probes.all_services()
    problems = [m for m in found if m.level >= checks.WARNING]
    for message in found:
        print(_line(message), file=sys.stderr if message.level >= checks.WARNING else sys.stdout)
    if problems:
        print(f"escalate check: {len(problems)} to put right before going live", file=sys.stderr)
        return 1
    print("escalate check: ready for production")
    return 0
