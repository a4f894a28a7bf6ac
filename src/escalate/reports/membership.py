"""Who may sit on a meeting or panel, and the policy's rules for its membership.

Members are proposed from the directory: people in the partnership's agencies who hold one
of the roles the policy names for the membership. Each rule broken gives its own message,
saying what to do. A rule the policy asks for only "where possible" can be set aside with a
reason, which is kept as a warning on the meeting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from escalate.escalations.models import Escalation
from escalate.partnerships.directory import people_holding
from escalate.partnerships.models import Agency, AgencyKind, Person
from escalate.policy.schema import Meeting, Policy

# A partnership board member from an agency is that agency's member of the board.
EQUIVALENT_ROLES = {"board-member": ("agency-board-member",)}


@dataclass(frozen=True)
class Candidate:
    person: Person
    agency: Agency
    role: str

    @property
    def label(self) -> str:
        title = f", {self.person.job_title}" if self.person.job_title else ""
        return f"{self.person.display_name}{title} – {self.agency.name}"


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    warning: bool = False


def member_roles(meeting: Meeting) -> tuple[str, ...]:
    roles: list[str] = []
    for role in meeting.membership.members:
        roles += [role, *EQUIVALENT_ROLES.get(role, ())]
    return tuple(dict.fromkeys(roles))


def _directory(escalation: Escalation, roles: Sequence[str]) -> QuerySet[Person]:
    return (
        Person.objects.filter(
            is_active=True,
            agency__partnership_id=escalation.partnership_id,
            role_holdings__role__in=roles,
        )
        .select_related("agency")
        .prefetch_related("role_holdings")
        .distinct()
        .order_by("agency__name", "last_name", "first_name")
    )


def _candidates(people: QuerySet[Person], roles: Sequence[str]) -> list[Candidate]:
    found = []
    for person in people:
        # The roles prefetched with the people: one query for them all.
        person._role_keys = frozenset(h.role for h in person.role_holdings.all())
        held = [r for r in roles if r in person.role_keys()]
        if held and person.agency is not None:
            found.append(Candidate(person, person.agency, held[0]))
    return found


def candidates(escalation: Escalation, meeting: Meeting) -> list[Candidate]:
    """Everyone in the partnership's agencies who holds a role the membership names."""
    roles = member_roles(meeting)
    return _candidates(_directory(escalation, roles), roles)


@dataclass(frozen=True)
class AgencyMembers:
    """One agency's people who may sit, as the convene page lists them."""

    agency: Agency
    candidates: list[Candidate]
    in_dispute: bool


def by_agency(escalation: Escalation, found: Sequence[Candidate]) -> list[AgencyMembers]:
    """Every agency of the partnership with its candidates (none, for an agency where nobody
    holds the roles): the agencies in dispute first, then the others by name, the
    partnership's own team last."""
    disputing = {escalation.raising_agency_id, escalation.receiving_agency_id}
    agencies = sorted(
        Agency.objects.filter(partnership_id=escalation.partnership_id),
        key=lambda a: (a.pk not in disputing, a.kind == AgencyKind.PARTNERSHIP, a.name),
    )
    return [
        AgencyMembers(
            agency,
            [c for c in found if c.agency.pk == agency.pk],
            agency.pk in disputing,
        )
        for agency in agencies
    ]


def chair_candidates(escalation: Escalation, meeting: Meeting) -> list[Candidate]:
    """Who may chair: the roles the policy names for the chair, or else any member."""
    if not meeting.chair:
        return candidates(escalation, meeting)
    found: dict[int, Candidate] = {}
    for party in meeting.chair:
        roles = (party.role, *EQUIVALENT_ROLES.get(party.role, ()))
        for role in roles:
            holders = people_holding(
                party.model_copy(update={"role": role}),
                partnership=escalation.partnership,
                raising=escalation.raising_agency,
                receiving=escalation.receiving_agency,
            ).select_related("agency")
            for person in holders:
                if person.agency is not None:
                    found.setdefault(person.pk, Candidate(person, person.agency, role))
    return sorted(found.values(), key=lambda c: (c.agency.name, c.person.display_name))


def _names(agencies: Sequence[Agency]) -> str:
    names = [agency.name for agency in agencies]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def check(
    policy: Policy,
    meeting: Meeting,
    *,
    escalation: Escalation,
    members: Sequence[Candidate],
    chair: Candidate | None,
    eligible: set[int],
    chairs: set[int],
    reason: str = "",
) -> list[Problem]:
    """Every membership rule the proposal breaks, each with its own plain message."""
    rules = meeting.membership
    name = meeting.name
    problems: list[Problem] = []
    if not members:
        problems.append(Problem("members", f"Choose at least one member for the {name}"))
    for member in members:
        if member.person.pk not in eligible:
            roles = " or ".join(policy.role_label(r) for r in member_roles(meeting))
            problems.append(
                Problem(
                    "eligible",
                    f"{member.person.display_name} cannot sit on the {name}: the policy asks "
                    f"for members who are a {roles}. Choose members from the list",
                )
            )
    sitting = [*members, *([chair] if chair else [])]
    agencies = list({c.agency.pk: c.agency for c in sitting}.values())
    counted = [a for a in agencies if a.kind != AgencyKind.PARTNERSHIP]
    if rules.min_agencies and members and len(counted) < rules.min_agencies:
        short = rules.min_agencies - len(counted)
        team = (
            " The partnership's own team does not count as an agency."
            if len(counted) < len(agencies)
            else ""
        )
        problems.append(
            Problem(
                "min-agencies",
                f"The {name} must have members from at least {rules.min_agencies} agencies. "
                f"The members you chose come from {len(counted)}"
                f"{f' ({_names(counted)})' if counted else ''}. Add members from {short} more "
                f"{'agency' if short == 1 else 'agencies'}.{team}",
            )
        )
    disputing = [escalation.raising_agency, escalation.receiving_agency]
    present = {c.agency.pk for c in sitting}
    missing = [a for a in disputing if a.pk not in present]
    if missing and members and rules.disputing_agencies == "required":
        problems.append(
            Problem(
                "disputing-agencies",
                f"The policy says the agencies in dispute must be on the {name}. Add a member "
                f"from {_names(missing)}",
            )
        )
    elif missing and members and rules.disputing_agencies == "where-possible":
        if reason.strip():
            problems.append(
                Problem(
                    "disputing-agencies",
                    f"{_names(missing)} {'is' if len(missing) == 1 else 'are'} not on the "
                    f"{name}: {reason.strip()}",
                    warning=True,
                )
            )
        else:
            problems.append(
                Problem(
                    "disputing-agencies-reason",
                    f"The policy asks for the agencies in dispute to be on the {name} where "
                    f"possible. Add a member from {_names(missing)}, or say why that is not "
                    "possible",
                )
            )
    needs_chair = bool(meeting.chair) or rules.chair_from_uninvolved_agency
    if chair is None and needs_chair:
        problems.append(Problem("chair", f"Choose who will chair the {name}"))
    elif chair is not None and chair.person.pk not in chairs:
        problems.append(
            Problem(
                "chair-eligible",
                f"{chair.person.display_name} cannot chair the {name}. Choose the chair from "
                "the list",
            )
        )
    elif (
        chair is not None
        and rules.chair_from_uninvolved_agency
        and chair.agency.pk in {a.pk for a in disputing}
    ):
        problems.append(
            Problem(
                "chair-uninvolved",
                f"The chair must come from an agency that is not involved in the disagreement. "
                f"{chair.person.display_name} works for {chair.agency.name}, one of the "
                "agencies in dispute: choose a chair from another agency",
            )
        )
    return problems
