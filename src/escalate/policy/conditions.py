"""Conditions (``if``) on a case: the child's status, immediate risk, the agencies' kinds.

Used by notifications and by caps: a condition holds when every part of it given holds.
"""

from __future__ import annotations

from escalate.policy.case import CaseFacts
from escalate.policy.schema import Condition


def holds(condition: Condition | None, facts: CaseFacts) -> bool:
    """Whether an ``if`` (of a notification or a cap) holds for the case; no ``if`` holds."""
    if condition is None:
        return True
    if condition.child_status is not None and facts.child_status not in condition.child_status:
        return False
    if (
        condition.raising_agency is not None
        and facts.raising_agency not in condition.raising_agency
    ):
        return False
    if (
        condition.receiving_agency is not None
        and facts.receiving_agency not in condition.receiving_agency
    ):
        return False
    return condition.immediate_risk is None or condition.immediate_risk == facts.immediate_risk
