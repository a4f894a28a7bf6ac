"""Partnerships, their policies, agencies, people and the roles they hold."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.contrib.auth.models import AbstractUser
from django.db import connection, models
from django.db.models import F, Q

from escalate import memo
from escalate.memo import once
from escalate.policy.loader import load_policy_text
from escalate.policy.schema import Policy

# Roles that make someone one of the partnership's officers: they see every escalation
# in their partnership. The first two are also roles a policy may name.
OFFICER_ROLES = ("business-manager", "partnership-chair", "partnership-administrator")


class NoProcedureYet(Exception):
    """The partnership has no policy yet: pages that need one say so (escalate/ops/inputs.py)."""

    def __init__(self, partnership: Partnership) -> None:
        super().__init__(f"{partnership.name} has no procedure yet")
        self.partnership = partnership


class Partnership(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60)
    reference_prefix = models.CharField(max_length=3, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reference_prefix__regex=r"^[A-Z]{3}$"),
                name="partnership_reference_prefix_three_capitals",
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    def procedure_in_force(self, on: dt.date) -> PolicyVersion:
        """``policy_in_force``, or ``NoProcedureYet`` before any policy is uploaded."""
        version: PolicyVersion | None = self.policy_in_force(on)
        if version is None:
            raise NoProcedureYet(self)
        return version

    def policy_in_force(self, on: dt.date) -> PolicyVersion:
        """The newest version whose effective date is on or before ``on`` (else the oldest)."""
        versions = self.policy_versions.order_by("-effective_date", "-uploaded_at")
        return versions.filter(effective_date__lte=on).first() or versions.last()  # type: ignore[return-value]


@lru_cache(maxsize=64)
def _parsed(text: str, name: str) -> Policy:
    return load_policy_text(text, name)


class PolicyVersion(models.Model):
    """One version of a partnership's policy file, kept for ever: escalations point at it."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="policy_versions"
    )
    version = models.CharField(max_length=40)
    effective_date = models.DateField()
    text = models.TextField(help_text="The policy file (YAML)")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="policy_version_unique_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership} policy version {self.version}"

    @property
    def policy(self) -> Policy:
        return _parsed(self.text, f"{self.partnership.slug} version {self.version}")


class PolicyDraft(models.Model):
    """A policy file uploaded and accepted by the loader but not yet published: its
    administrator looks at what it would do, then publishes it as a ``PolicyVersion`` with
    an effective date. Nothing reads a draft but its own pages."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="policy_drafts"
    )
    version = models.CharField(max_length=40)
    file_name = models.CharField(max_length=200)
    text = models.TextField(help_text="The policy file (YAML)")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published = models.OneToOneField(
        PolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="draft"
    )

    def __str__(self) -> str:
        return f"{self.partnership} draft policy version {self.version}"

    @property
    def policy(self) -> Policy:
        return _parsed(self.text, self.file_name)


class AgencyKind(models.TextChoices):
    SCHOOL = "school", "School or education"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    SOCIAL_CARE = "childrens-social-care", "Children's social care"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary sector"
    LOCAL_AUTHORITY = "local-authority", "Local authority (other)"
    OTHER = "other", "Other"
    PARTNERSHIP = "partnership", "The safeguarding partnership"


class Agency(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=AgencyKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="agency_name_unique_per_partnership"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AgencyKind.values), name="agency_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(AbstractUser):
    """Someone who signs in: a member of one agency, with roles and a line manager."""

    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(
        max_length=30, blank=True, help_text="A work telephone number, shown to colleagues"
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=~Q(line_manager=F("id")), name="person_not_own_line_manager"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def partnership_id(self) -> int | None:
        return self.agency.partnership_id if self.agency is not None else None

    def role_keys(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_role_keys", None)
        if cached is None:
            cached = frozenset(self.role_holdings.values_list("role", flat=True))
            self._role_keys = cached
        return cached

    def manages_anyone(self) -> bool:
        """Does anyone report to them? Read with the signed-in person (``backends``)."""
        known: bool | None = getattr(self, "signed_in_manages_anyone", None)
        if known is None:
            known = self.reports.exists()
        return bool(known)

    def managers(self, depth: int = 6) -> list[Person]:
        """Line manager, their line manager and so on (a loop in the data stops the walk).
        One query for the whole chain, once per request (``remember_managers`` does many
        people's chains in one query)."""
        if self.line_manager_id is None:
            return []
        key = _managers_key(self, depth)
        return list(once(key, lambda: tuple(chains_of([self], depth)[self.pk])))


def _managers_key(person: Person, depth: int) -> tuple[object, ...]:
    return ("managers", person.pk, person.line_manager_id, depth)


def chains_of(people: list[Person], depth: int = 6) -> dict[int, list[Person]]:
    """Each person's chain of line managers, nearest first, for many people in one query."""
    chains: dict[int, list[Person]] = {p.pk: [] for p in people}
    starts = [p.pk for p in people if p.line_manager_id is not None]
    if not starts:
        return chains
    table = connection.ops.quote_name(Person._meta.db_table)
    marks = ", ".join(["%s"] * len(starts))
    walked = Person.objects.raw(
        f"WITH RECURSIVE chain(origin, id, depth) AS ("
        f" SELECT id, line_manager_id, 1 FROM {table}"
        f" WHERE id IN ({marks}) AND line_manager_id IS NOT NULL"
        f" UNION ALL SELECT chain.origin, p.line_manager_id, chain.depth + 1 FROM {table} p"
        f" JOIN chain ON p.id = chain.id"
        f" WHERE p.line_manager_id IS NOT NULL AND chain.depth < %s)"
        f" SELECT p.*, chain.origin AS chain_origin FROM chain JOIN {table} p ON p.id = chain.id"
        f" ORDER BY chain.origin, chain.depth",
        [*starts, depth],
    )
    stopped: set[int] = set()
    for manager in walked:
        origin: int = manager.chain_origin  # type: ignore[attr-defined]
        chain = chains[origin]
        if origin in stopped or manager in chain:
            stopped.add(origin)  # a loop in the data: the walk stops where it comes round
            continue
        chain.append(manager)
    return chains


def remember_managers(people: list[Person], depth: int = 6) -> None:
    """Work out the chains of everyone a page will ask about, in one query, for this request."""
    if not memo.active():
        return
    wanted = {p.pk: p for p in people if not memo.remembered(_managers_key(p, depth))}
    for pk, chain in chains_of(list(wanted.values()), depth).items():
        memo.remember(_managers_key(wanted[pk], depth), tuple(chain))


def managed_by(person: Person, depth: int = 6) -> tuple[int, ...]:
    """The ids of everyone ``person`` manages, directly or down the chain (those whose
    ``managers()`` include them), in one query, once per request."""

    def walk() -> tuple[int, ...]:
        table = connection.ops.quote_name(Person._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE below(id, depth) AS ("
                f" SELECT id, 1 FROM {table} WHERE line_manager_id = %s"
                f" UNION ALL SELECT p.id, below.depth + 1 FROM {table} p"
                f" JOIN below ON p.line_manager_id = below.id WHERE below.depth < %s)"
                f" SELECT DISTINCT id FROM below",
                [person.pk, depth],
            )
            return tuple(sorted(row[0] for row in cursor.fetchall() if row[0] != person.pk))

    return once(("managed-by", person.pk, depth), walk)


class RoleHolder(models.Model):
    """A person holds a role from the policies' vocabulary, like designated-safeguarding-lead."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_holdings")
    role = models.CharField(max_length=60)

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="role_held_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.role}"
