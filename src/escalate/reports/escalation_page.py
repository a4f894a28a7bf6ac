"""The escalation page's links to its meeting or panel and its learning."""

from __future__ import annotations

from escalate.escalations.models import Escalation
from escalate.partnerships.models import Person
from escalate.reports.selectors import EscalationLinks, escalation_links


def reports_links(user: Person, escalation: Escalation) -> EscalationLinks | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return escalation_links(user, escalation)
