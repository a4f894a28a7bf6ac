"""Bring the report's stored facts up to date for every partnership (or one), for example
after loading escalations in bulk. Reports do this themselves for the few that changed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from escalate.partnerships.models import Partnership
from escalate.reports.facts import facts_refresh_stale


class Command(BaseCommand):
    help = "Recompute the report facts of escalations whose events changed since last counted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", help="the partnership's slug, like 'brent'")

    def handle(self, *args: Any, **options: Any) -> None:
        partnerships = Partnership.objects.all()
        if options["partnership"]:
            partnerships = partnerships.filter(slug=options["partnership"])
            if not partnerships.exists():
                raise CommandError(
                    f"No partnership '{options['partnership']}'. Use its slug, like 'brent'"
                )
        for partnership in partnerships:
            facts_refresh_stale(partnership=partnership, limit=None)
            self.stdout.write(f"{partnership.short_name}: report facts up to date")
