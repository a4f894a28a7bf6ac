"""Importing who holds which role: one row per person and role."""

from __future__ import annotations

from escalate.onboarding.plan import Change, Plan
from escalate.onboarding.table import ImportRefused, Problem, Row
from escalate.partnerships.models import Partnership, Person, RoleHolder
from escalate.partnerships.roles import role_names

COLUMNS = ("username", "role")


def plan_roles(partnership: Partnership, rows: list[Row]) -> Plan:
    names = role_names(partnership)
    wanted = {row.get("username") for row in rows}
    people = {
        p.username: p
        for p in Person.objects.filter(username__in=wanted, agency__partnership=partnership)
    }
    held = set(
        RoleHolder.objects.filter(person__in=people.values()).values_list(
            "person__username", "role"
        )
    )
    problems: list[Problem] = []
    plan = Plan(kind="roles")
    new: list[RoleHolder] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        username, role = row.get("username"), row.get("role").lower()
        person = people.get(username)
        if person is None:
            problems.append(
                Problem(
                    row.line,
                    f"Nobody in this partnership has the username "
                    f"'{username}'. Import the people first",
                    "username",
                )
            )
            continue
        if role not in names:
            problems.append(
                Problem(
                    row.line,
                    f"'{row.get('role')}' is not a role this "
                    "partnership's policy or the shared list names. "
                    "See the roles list on the import page",
                    "role",
                )
            )
            continue
        if (username, role) in held or (username, role) in seen:
            plan.unchanged += 1
            continue
        seen.add((username, role))
        new.append(RoleHolder(person=person, role=role))
        plan.changes.append(Change(row.line, "add", f"{names[role]} to {person.display_name}"))
    if problems:
        raise ImportRefused(problems)
    plan.steps.append(lambda: RoleHolder.objects.bulk_create(new))
    return plan
