"""Building each demo partnership: its policy, agencies, people, roles and line managers."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from escalate.demo.names import (
    AGENCIES,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    AgencySpec,
    first_agency,
    invented_name,
    username,
)
from escalate.demo.roles import HOMED_ROLES, in_role_order, manager_role, policy_roles
from escalate.demo.titles import AGENCY_TITLES, TEAM_TITLES
from escalate.partnerships.models import (
    Agency,
    AgencyKind,
    Partnership,
    Person,
    PolicyVersion,
    RoleHolder,
)
from escalate.policy.schema import Policy


@dataclass
class Counts:
    """What this run of the loader created, and how often an officer stood in."""

    partnerships: int = 0
    people: int = 0
    escalations: int = 0
    fallbacks: int = 0


@dataclass
class Directory:
    """What the loader built for one partnership."""

    partnership: Partnership
    policy: Policy
    agencies: dict[str, Agency]  # by tag
    team: Agency


class PeopleMaker:
    """Makes the demo's people, naming each in turn from the invented names."""

    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        self.index = 0
        self._password: str | None = None

    def password(self) -> str:
        """The shared password, hashed once with set_password: hashing it afresh for each of
        some two hundred people would make loading the demo take a minute."""
        if self._password is None:
            someone = Person()
            someone.set_password(DEMO_PASSWORD)
            self._password = someone.password
        return self._password

    def person(self, username: str, *, agency: Agency, title: str, role: str) -> Person:
        """The person ``username``, made if new, holding ``role``."""
        first, last = invented_name(self.index)
        self.index += 1
        person = Person.objects.filter(username=username).first()
        if person is None:
            person = Person.objects.create(
                username=username,
                password=self.password(),
                first_name=first,
                last_name=last,
                email=f"{username}@{EMAIL_DOMAIN}",
                phone=demo_phone(self.index),
                agency=agency,
                job_title=title,
            )
            self.counts.people += 1
        RoleHolder.objects.get_or_create(person=person, role=role)
        return person


def demo_phone(index: int) -> str:
    """A number from Ofcom's range for drama (01632 960000 to 960999): never a real line."""
    return f"01632 960 {index % 1000:03d}"


def _job_title(spec: AgencySpec, role: str, policy: Policy) -> str:
    for table in policy.counterparts:
        if table.role == role:
            for entry in table.entries:
                if entry.agency.casefold() == spec.name.casefold():
                    return entry.title
    if role in spec.titles:
        return spec.titles[role]
    return AGENCY_TITLES.get(spec.kind, {}).get(role) or policy.role_label(role)


def _set_managers(people: dict[str, Person], managers: dict[str, str | None]) -> None:
    for role, person in people.items():
        boss_role = managers.get(role)
        boss = people.get(boss_role) if boss_role else None
        if boss is not None and person.line_manager_id is None and boss.pk != person.pk:
            person.line_manager = boss
            person.save(update_fields=["line_manager"])


def _partnership(policy: Policy, counts: Counts) -> Partnership:
    """The partnership, with this version of its policy."""
    partnership = Partnership.objects.filter(slug=policy.id).first()
    if partnership is None:
        partnership = Partnership.objects.create(
            slug=policy.id,
            name=policy.partnership,
            short_name=policy.short_name,
            reference_prefix=policy.reference_prefix,
        )
        counts.partnerships += 1
    if not partnership.policy_versions.filter(version=policy.version).exists():
        text = resources.files("escalate.policy") / "policies" / f"{policy.id}.yaml"
        PolicyVersion.objects.create(
            partnership=partnership,
            version=policy.version,
            effective_date=policy.effective_date,
            text=text.read_text(encoding="utf-8"),
        )
    return partnership


def _staff_agency(
    partnership: Partnership,
    spec: AgencySpec,
    *,
    policy: Policy,
    front: frozenset[str],
    team: frozenset[str],
    maker: PeopleMaker,
) -> Agency:
    """A front-line agency with someone in each front-line role, and any partnership role
    homed in it; each reports up the agency's management chain."""
    agency, _ = Agency.objects.get_or_create(
        partnership=partnership, name=spec.name, defaults={"kind": spec.kind}
    )
    people: dict[str, Person] = {}
    for role in in_role_order(front):
        name = username(policy.id, role, agency=spec.tag)
        title = _job_title(spec, role, policy)
        people[role] = maker.person(name, agency=agency, title=title, role=role)
    for role, kind in HOMED_ROLES.items():
        if role in team and first_agency(policy.id, kind=kind) is spec:
            title = TEAM_TITLES[role]
            people[role] = maker.person(
                username(policy.id, role), agency=agency, title=title, role=role
            )
    _set_managers(people, {role: manager_role(role, held=people) for role in people})
    return agency


def _staff_team(
    partnership: Partnership, *, policy: Policy, team: frozenset[str], maker: PeopleMaker
) -> Agency:
    """The partnership's own team, with the partnership roles not homed in an agency."""
    agency, _ = Agency.objects.get_or_create(
        partnership=partnership,
        name=f"{policy.short_name} team",
        defaults={"kind": AgencyKind.PARTNERSHIP},
    )
    people: dict[str, Person] = {}
    for role in in_role_order(team - set(HOMED_ROLES)):
        title = TEAM_TITLES.get(role) or policy.role_label(role)
        people[role] = maker.person(
            username(policy.id, role), agency=agency, title=title, role=role
        )
    _set_managers(
        people,
        {
            "partnership-administrator": "business-manager",
            "business-coordinator": "business-manager",
        },
    )
    return agency


def build_partnership(policy: Policy, *, maker: PeopleMaker) -> Directory:
    """The partnership of ``policy``, with its agencies and people; what exists is kept."""
    partnership = _partnership(policy, maker.counts)
    front, team = policy_roles(policy)
    agencies = {
        spec.tag: _staff_agency(
            partnership, spec, policy=policy, front=front, team=team, maker=maker
        )
        for spec in AGENCIES[policy.id]
    }
    team_agency = _staff_team(partnership, policy=policy, team=team, maker=maker)
    return Directory(partnership, policy, agencies, team_agency)
