"""Setting up a partnership without code: create it, then import its directory from CSV.

Each import reads the whole file, checks every row, and either refuses it (every problem
with its line number, nothing changed) or returns the plan of what it changes; a dry run
stops there, otherwise the plan is applied in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from escalate.onboarding import agencies, people, roles
from escalate.onboarding.plan import Plan
from escalate.onboarding.table import ImportRefused, Problem, decode, read_rows
from escalate.partnerships.models import Partnership


@dataclass(frozen=True)
class Kind:
    label: str
    columns: tuple[str, ...]
    optional: tuple[str, ...]
    planner: Callable[[Partnership, list], Plan]  # type: ignore[type-arg]


CHANGED_MEANWHILE = (
    "Someone changed the directory while this file was being imported, so nothing was "
    "changed. Import the file again"
)

KINDS: dict[str, Kind] = {
    "agencies": Kind("Agencies", agencies.COLUMNS, (), agencies.plan_agencies),
    "people": Kind("People", people.COLUMNS, people.OPTIONAL, people.plan_people),
    "roles": Kind("Who holds which role", roles.COLUMNS, (), roles.plan_roles),
}


def import_directory(partnership: Partnership, kind: str, data: bytes, *, apply: bool) -> Plan:
    """Check a CSV file of ``kind`` against the partnership; apply it unless ``apply`` is
    False. Raises ``ImportRefused`` with every problem when any row is wrong."""
    spec = KINDS[kind]
    rows = read_rows(decode(data), required=spec.columns, optional=spec.optional)
    if not apply:
        return spec.planner(partnership, rows)
    try:
        with transaction.atomic():  # checked and applied against the same directory
            plan = spec.planner(partnership, rows)
            plan.apply()
    except IntegrityError:
        raise ImportRefused([Problem(0, CHANGED_MEANWHILE)]) from None
    return plan
