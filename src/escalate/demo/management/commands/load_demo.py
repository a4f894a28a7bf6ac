"""``load_demo``: the five shipped partnerships with fictional people and escalations."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from escalate.demo.load import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: five partnerships from the shipped policies, fictional agencies and "
        "people, and about thirty escalations. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        summary = load_demo(now=timezone.now())
        took = time.monotonic() - started
        self.stdout.write(
            f"Demo loaded in {took:.1f}s: {summary.partnerships} partnerships, "
            f"{summary.agencies} agencies, {summary.people} people, "
            f"{summary.escalations} escalations ({summary.events} events)."
        )
        statuses = ", ".join(f"{count} {status}" for status, count in summary.by_status.items())
        self.stdout.write(
            f"Escalations: {statuses}; {summary.overdue} overdue; "
            f"{summary.immediate_risk} with a child at immediate risk."
        )
        self.stdout.write(
            f"Created this time: {summary.created_partnerships} partnerships, "
            f"{summary.created_people} people, {summary.created_escalations} escalations."
        )
        self.stdout.write("")
        self.stdout.write(f"Sign in with any of these; every password is {summary.password}")
        partnership = ""
        for sign_in in summary.sign_ins:
            if sign_in.partnership != partnership:
                partnership = sign_in.partnership
                self.stdout.write(f"\n{partnership}")
            self.stdout.write(f"  {sign_in.username:<42} {sign_in.who}")
