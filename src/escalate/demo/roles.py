"""Which roles the demo fills, from each partnership's policy, and who reports to whom."""

from __future__ import annotations

from collections.abc import Iterable

from escalate.partnerships.models import AgencyKind
from escalate.policy.schema import Party, Policy

# Roles held in every front-line agency when the policy names them.
FRONT_LINE_ROLES = frozenset(
    {
        "practitioner",
        "line-manager",
        "designated-safeguarding-lead",
        "team-manager",
        "service-manager",
        "head-of-service",
        "operations-manager",
        "senior-manager",
        "named-professional",
        "director",
        "agency-board-member",
        "senior-liaison-officer",
        "board-member",  # each agency's member of the partnership board sits on its panels
        "whistleblowing-lead",
    }
)
# Every partnership has these in its team, whatever its policy names.
ALWAYS_TEAM_ROLES = frozenset(
    {"partnership-chair", "business-manager", "partnership-administrator"}
)
# Partnership-side roles whose holder works in a front-line agency of this kind.
HOMED_ROLES = {"dci": AgencyKind.POLICE, "designated-professional": AgencyKind.HEALTH}
# The management chain inside an agency, lowest first.
CHAIN = (
    "line-manager",
    "team-manager",
    "operations-manager",
    "service-manager",
    "senior-manager",
    "head-of-service",
    "director",
)
# The order in which an agency's people are made, and so named.
ROLE_ORDER = (
    "practitioner",
    *CHAIN,
    "designated-safeguarding-lead",
    "named-professional",
    "senior-liaison-officer",
    "agency-board-member",
    "board-member",
    "business-manager",
    "partnership-administrator",
    "partnership-chair",
)


def _parties(policy: Policy) -> tuple[list[Party], set[str]]:
    """Every party the policy names with a side, and the role keys it names without one."""
    sided: list[Party] = []
    loose: set[str] = set()
    for action in policy.immediate_risk.actions:
        sided += action.tell
    for note in policy.notify:
        sided += note.to
    for matter in policy.not_escalations:
        sided += matter.contact
    for stage in policy.stages:
        sided += [*stage.actors, *stage.contacts]
        for step in stage.steps:
            sided += step.who
        for note in stage.notify:
            sided += note.to
        if stage.meeting is not None:
            meeting = stage.meeting
            sided += [*meeting.convened_by, *meeting.chair, *meeting.reports_to]
            loose.update(meeting.membership.members)
        if stage.decision is not None:
            sided += stage.decision.by
        for rule in stage.skip:
            loose.update(rule.by)
    loose.update(table.role for table in policy.counterparts)
    return sided, loose


def policy_roles(policy: Policy) -> tuple[frozenset[str], frozenset[str]]:
    """The roles held in each front-line agency, and those held for the partnership."""
    sided, loose = _parties(policy)
    front = {p.role for p in sided if p.side != "partnership"} | {"practitioner", "line-manager"}
    team = {p.role for p in sided if p.side == "partnership"} | ALWAYS_TEAM_ROLES
    for role in loose - front - team:
        (front if role in FRONT_LINE_ROLES else team).add(role)
    # A panel's members come from the agencies: each holds the member roles it names.
    front |= {role for role in _members(policy) if role in FRONT_LINE_ROLES}
    return frozenset(front), frozenset(team)


def _members(policy: Policy) -> set[str]:
    return {
        role
        for stage in policy.stages
        if stage.meeting is not None
        for role in stage.meeting.membership.members
    }


def in_role_order(roles: Iterable[str]) -> list[str]:
    """The roles in ``ROLE_ORDER``, any others after them by name."""
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(roles, key=lambda role: (rank.get(role, len(rank)), role))


def manager_role(role: str, *, held: Iterable[str]) -> str | None:
    """Who ``role`` reports to in an agency whose people hold ``held``."""
    chain = [r for r in CHAIN if r in set(held)]
    if not chain:
        return None
    if role == "practitioner":
        return chain[0]
    if role in chain:
        position = chain.index(role)
        return chain[position + 1] if position + 1 < len(chain) else None
    return chain[-1]
