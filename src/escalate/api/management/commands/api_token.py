"""`escalate api`: tokens for people and for agencies' systems (service accounts)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from escalate.api import tokens
from escalate.api.models import ApiToken, Scope
from escalate.partnerships.models import Agency, Person


class Command(BaseCommand):
    help = "Make, list and revoke API tokens"

    def add_arguments(self, parser: ArgumentParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True)
        make = verbs.add_parser("create", help="a token for a person (shown once)")
        make.add_argument("username")
        make.add_argument("--name", required=True, help="what it is for")
        make.add_argument("--scope", action="append", choices=Scope.values, required=True)
        make.add_argument("--days", type=int, default=90)
        service = verbs.add_parser("service", help="a token for an agency's system")
        service.add_argument("agency", type=int, help="the agency's id")
        service.add_argument("--name", required=True, help="the system, like 'CPOMS'")
        service.add_argument("--scope", action="append", choices=Scope.values, required=True)
        service.add_argument("--days", type=int, default=90)
        listing = verbs.add_parser("list", help="live tokens, without their secrets")
        listing.add_argument("username", nargs="?")
        revoke = verbs.add_parser("revoke", help="stop a token working at once")
        revoke.add_argument("prefix", help="the start of the token, as 'list' shows it")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "list":
            return self._list(options.get("username"))
        if verb == "revoke":
            return self._revoke(options["prefix"])
        if verb == "service":
            agency = Agency.objects.filter(pk=options["agency"]).first()
            if agency is None:
                raise CommandError(f"There is no agency with the id {options['agency']}")
            person = tokens.service_account(agency, options["name"])
        else:
            found = Person.objects.filter(username=options["username"]).first()
            if found is None:
                raise CommandError(f"Nobody has the username '{options['username']}'")
            person = found
        try:
            token, secret = tokens.issue(
                person,
                name=options["name"],
                scopes=options["scope"],
                days=options["days"],
                service=verb == "service",
            )
        except tokens.TokenRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            f"Token for {person.username}, until {token.expires_at:%d %B %Y}, scopes "
            f"{', '.join(token.scopes)}. Keep it secret; it is not shown again:\n{secret}"
        )

    def _list(self, username: str | None) -> None:
        found = ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        if username:
            found = found.filter(person__username=username)
        for token in found.select_related("person"):
            used = f"{token.last_used_at:%d %b %Y %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.prefix}  {token.person.username}  {token.name}  "
                f"until {token.expires_at:%d %b %Y}  last used {used}  {' '.join(token.scopes)}"
            )

    def _revoke(self, prefix: str) -> None:
        found = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if len(found) != 1:
            raise CommandError(
                f"No live token begins '{prefix}'"
                if not found
                else f"{len(found)} tokens begin '{prefix}': revoke them by name in "
                "the administration"
            )
        tokens.revoke(found[0])
        self.stdout.write(f"Revoked {found[0]}")
