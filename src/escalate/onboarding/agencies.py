"""Importing a partnership's agencies: one row per agency, its name and its kind."""

from __future__ import annotations

from escalate.onboarding.plan import Change, Plan
from escalate.onboarding.table import ImportRefused, Problem, Row
from escalate.partnerships.models import Agency, AgencyKind, Partnership

COLUMNS = ("name", "kind")


def kind_of(text: str) -> str | None:
    """An agency kind from its key or its label, in any case."""
    wanted = text.strip().lower()
    for value, label in AgencyKind.choices:
        if wanted in (value, str(label).lower()):
            return str(value)
    return None


def kinds_list() -> str:
    return ", ".join(str(value) for value in AgencyKind.values)


def plan_agencies(partnership: Partnership, rows: list[Row]) -> Plan:
    existing = {agency.name.lower(): agency for agency in partnership.agencies.all()}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    plan = Plan(kind="agencies")
    new: list[Agency] = []
    changed: list[Agency] = []
    for row in rows:
        name, kind = row.get("name"), kind_of(row.get("kind"))
        if not name:
            problems.append(Problem(row.line, "Write the agency's name", "name"))
            continue
        if len(name) > 200:
            problems.append(
                Problem(row.line, "An agency's name must be 200 characters or fewer", "name")
            )
            continue
        if name.lower() in seen:
            problems.append(
                Problem(
                    row.line,
                    f"'{name}' is also on line {seen[name.lower()]}: list each agency once",
                    "name",
                )
            )
            continue
        seen[name.lower()] = row.line
        if kind is None:
            problems.append(
                Problem(
                    row.line,
                    f"'{row.get('kind')}' is not a kind of agency. Write one of: {kinds_list()}",
                    "kind",
                )
            )
            continue
        agency = existing.get(name.lower())
        if agency is None:
            new.append(Agency(partnership=partnership, name=name, kind=kind))
            plan.changes.append(Change(row.line, "add", f"agency '{name}' ({kind})"))
        elif agency.kind != kind:
            plan.changes.append(
                Change(row.line, "change", f"agency '{agency.name}': kind {agency.kind} to {kind}")
            )
            agency.kind = kind
            changed.append(agency)
        else:
            plan.unchanged += 1
    if problems:
        raise ImportRefused(problems)
    plan.steps.append(lambda: Agency.objects.bulk_create(new))
    plan.steps.append(lambda: Agency.objects.bulk_update(changed, ["kind"]))
    return plan
