"""`escalate manage webhook add|list`: register endpoints and see their deliveries."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from escalate.partnerships.models import Agency, Partnership
from escalate.webhooks.models import Endpoint
from escalate.webhooks.services import EndpointRefused, register


class Command(BaseCommand):
    help = "Register webhook endpoints and list them"

    def add_arguments(self, parser: ArgumentParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True)
        add = verbs.add_parser("add", help="an endpoint for a partnership (or one agency)")
        add.add_argument("partnership", help="the partnership's id, like 'brent'")
        add.add_argument("url")
        add.add_argument("--agency", type=int, help="only escalations this agency is part of")
        add.add_argument("--kind", action="append", default=[], help="event kinds (default all)")
        verbs.add_parser("list", help="endpoints and how their deliveries stand")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "list":
            for endpoint in Endpoint.objects.all():
                counts = {
                    s: endpoint.deliveries.filter(status=s).count()
                    for s in ("pending", "sent", "failed")
                }
                self.stdout.write(f"{endpoint.pk}  {endpoint.url}  {counts}")
            return
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"There is no partnership '{options['partnership']}'")
        agency = None
        if options["agency"] is not None:
            agency = Agency.objects.filter(pk=options["agency"]).first()
            if agency is None:
                raise CommandError(f"There is no agency with the id {options['agency']}")
        try:
            endpoint = register(partnership, options["url"], options["kind"], agency)
        except EndpointRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            f"Registered {endpoint.url}. Its secret, for checking each delivery's "
            f"Escalate-Signature (keep it secret; it is not shown again):\n{endpoint.secret}"
        )
