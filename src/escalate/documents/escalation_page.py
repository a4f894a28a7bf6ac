"""What the escalation page shows about documents: the notices the policy asks for, the
resolution form, the agreed outcome and who has confirmed it, and every document issued."""

from __future__ import annotations

from typing import Any

from escalate.documents import rules
from escalate.documents.models import DocumentKind
from escalate.documents.selectors import documents_of, notices_for, outcome_status
from escalate.escalations.models import Escalation
from escalate.escalations.selectors import history
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState


def documents_links(user: Person, escalation: Escalation, state: CaseState) -> dict[str, Any]:
    policy = escalation.policy
    documents = documents_of(escalation)
    notices = notices_for(escalation, policy, state, documents)
    may_issue = any(n.issued is None for n in notices) and rules.can_issue_notice(
        user, escalation, state
    )
    status = outcome_status(escalation, history(escalation))
    my_sides = rules.sides_of(user, escalation) if status and status.pending else []
    issued = [n for n in notices if n.issued is not None]
    # The notice's second part is completed once; nothing is corrected after that.
    open_parts = {n.stage.key for n in issued if not n.completed}
    return {
        "notices": notices,
        "may_issue_notice": may_issue,
        "correctable": open_parts if rules.can_issue_notice(user, escalation, state) else set(),
        "completable": open_parts if rules.can_complete_notice(user, escalation) else set(),
        "may_complete_resolution_form": rules.can_complete_resolution_form(user, escalation),
        "resolution_forms": [d for d in documents if d.kind == DocumentKind.RESOLUTION_FORM],
        "outcome": status,
        "may_confirm": bool(status and any(status.waiting_for(side) for side in my_sides)),
        "documents": documents,
    }
