"""Writing to the audit log: one INSERT per entry, nothing read first."""

from __future__ import annotations

from escalate.audit.models import AuditEntry, Outcome
from escalate.partnerships.models import Person

PATH_LIMIT = 500


def audit_record(
    *,
    person: Person | None,
    what: str,
    outcome: Outcome = Outcome.SHOWN,
    partnership_id: int | None = None,
    escalation_id: int | None = None,
    reference: str = "",
    method: str = "",
    path: str = "",
) -> AuditEntry:
    """Add one entry. Its partnership is the one given, else the person's."""
    if partnership_id is None and person is not None:
        partnership_id = person.partnership_id
    return AuditEntry.objects.create(
        person=person,
        partnership_id=partnership_id,
        escalation_id=escalation_id,
        reference=reference[:40],
        what=what[:120],
        outcome=outcome,
        method=method[:8],
        path=path[:PATH_LIMIT],
    )
