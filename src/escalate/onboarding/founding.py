"""Creating a partnership from its policy file, with its first officer."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from escalate.partnerships.models import (
    Agency,
    AgencyKind,
    Partnership,
    Person,
    PolicyVersion,
    RoleHolder,
)
from escalate.policy.loader import PolicyError, load_policy_text

# The first officer runs the partnership's part and administers its directory.
FIRST_OFFICER_ROLES = ("business-manager", "partnership-administrator")


class FoundingRefused(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Officer:
    username: str
    first_name: str
    last_name: str
    email: str


def create_partnership(*, policy_text: str, file_name: str, officer: Officer) -> Partnership:
    """A new partnership, its policy in force, its own team and its business manager
    (who has no password yet: send them an invitation)."""
    try:
        policy = load_policy_text(policy_text, file_name)
    except PolicyError as error:
        raise FoundingRefused([str(problem) for problem in error.problems]) from None
    _refuse_clashes(policy.id, policy.partnership, policy.reference_prefix, officer)
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                slug=policy.id,
                name=policy.partnership,
                short_name=policy.short_name,
                reference_prefix=policy.reference_prefix,
            )
            PolicyVersion.objects.create(
                partnership=partnership,
                version=policy.version,
                effective_date=policy.effective_date,
                text=policy_text,
            )
            team = Agency.objects.create(
                partnership=partnership,
                name=f"{policy.short_name} safeguarding partnership team",
                kind=AgencyKind.PARTNERSHIP,
            )
            person = Person.objects.create(
                username=officer.username,
                first_name=officer.first_name,
                last_name=officer.last_name,
                email=officer.email,
                agency=team,
                job_title="Partnership business manager",
                password=make_password(None),
            )
            RoleHolder.objects.bulk_create(
                RoleHolder(person=person, role=role) for role in FIRST_OFFICER_ROLES
            )
    except IntegrityError:
        raise FoundingRefused(["Someone else created this partnership meanwhile"]) from None
    return partnership


def _refuse_clashes(slug: str, name: str, prefix: str, officer: Officer) -> None:
    problems = []
    if Partnership.objects.filter(slug=slug).exists():
        problems.append(
            f"A partnership with the id '{slug}' exists already. Give the policy file another id"
        )
    if Partnership.objects.filter(name=name).exists():
        problems.append(f"'{name}' exists already")
    if Partnership.objects.filter(reference_prefix=prefix).exists():
        problems.append(
            f"Another partnership's references begin '{prefix}'. Choose other "
            "letters for reference_prefix in the policy file"
        )
    if Person.objects.filter(username=officer.username).exists():
        problems.append(f"The username '{officer.username}' is taken. Choose another")
    if not all((officer.username, officer.first_name, officer.last_name, officer.email)):
        problems.append("Give the business manager's username, first name, last name and email")
    if problems:
        raise FoundingRefused(problems)
