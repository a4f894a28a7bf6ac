"""`escalate partnership create|import|invite`: set up a partnership without code."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from escalate.onboarding.founding import FoundingRefused, Officer, create_partnership
from escalate.onboarding.invitations import invite, uninvited
from escalate.onboarding.services import KINDS, import_directory
from escalate.onboarding.table import ImportRefused
from escalate.partnerships.models import Partnership, Person


class Command(BaseCommand):
    help = "Create a partnership, import its directory from CSV, invite its people"

    def add_arguments(self, parser: ArgumentParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True)
        create = verbs.add_parser("create", help="a partnership from its policy file")
        create.add_argument("policy", help="the policy file (YAML)")
        create.add_argument("--username", required=True, help="the business manager's username")
        create.add_argument("--first-name", required=True)
        create.add_argument("--last-name", required=True)
        create.add_argument("--email", required=True)
        load = verbs.add_parser("import", help="agencies, people or roles from a CSV file")
        load.add_argument("partnership", help="the partnership's id, like 'brent'")
        load.add_argument("kind", choices=sorted(KINDS))
        load.add_argument("file", help="the CSV file")
        load.add_argument(
            "--dry-run", action="store_true", help="show what would change, change nothing"
        )
        send = verbs.add_parser("invite", help="email a set-password link to people without one")
        send.add_argument("partnership", help="the partnership's id, like 'brent'")
        send.add_argument(
            "usernames", nargs="*", help="only these people (default: all who need one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        {"create": self._create, "import": self._import, "invite": self._invite}[options["verb"]](
            options
        )

    def _create(self, options: dict[str, Any]) -> None:
        path = Path(options["policy"])
        officer = Officer(
            options["username"], options["first_name"], options["last_name"], options["email"]
        )
        try:
            partnership = create_partnership(
                policy_text=_read(path).decode("utf-8"), file_name=str(path), officer=officer
            )
        except (FoundingRefused, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Created {partnership.name} ('{partnership.slug}', "
            f"references {partnership.reference_prefix}-), "
            f"with {officer.username} as business manager and administrator.\n"
            f"Next: escalate partnership invite {partnership.slug} {officer.username}"
        )

    def _import(self, options: dict[str, Any]) -> None:
        partnership = _partnership(options["partnership"])
        dry_run = options["dry_run"]
        try:
            plan = import_directory(
                partnership, options["kind"], _read(Path(options["file"])), apply=not dry_run
            )
        except ImportRefused as refusal:
            for problem in refusal.problems:
                self.stderr.write(f"{options['file']}: {problem}")
            raise CommandError(f"{options['file']} was not imported: nothing changed") from None
        for change in plan.changes:
            self.stdout.write(f"{options['file']}: {change}")
        self.stdout.write(("Dry run, nothing changed. " if dry_run else "Done. ") + plan.summary())

    def _invite(self, options: dict[str, Any]) -> None:
        partnership = _partnership(options["partnership"])
        people = uninvited(partnership)
        if options["usernames"]:
            wanted = set(options["usernames"])
            found = {
                p.username
                for p in Person.objects.filter(username__in=wanted, agency__partnership=partnership)
            }
            if wanted - found:
                raise CommandError(
                    f"Nobody in {partnership.short_name} has the username "
                    f"{', '.join(sorted(wanted - found))}"
                )
            people = [p for p in people if p.username in wanted]
        sent = 0
        for person in people:
            try:
                invite(person, partnership)
            except OSError as error:
                self.stderr.write(f"Not sent to {person.username} ({error}): run this again later")
            else:
                sent += 1
        self.stdout.write(f"Sent {sent} invitation{'s' if sent != 1 else ''} to set a password")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None


def _partnership(slug: str) -> Partnership:
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"There is no partnership '{slug}'. Those there are: {known}") from None
