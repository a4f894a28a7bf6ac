"""A cap on the whole ladder that applies only when the child is at immediate risk:
"the whole process within 24 hours where the usual 5 working days is not viable"
(issue 14, item 4)."""

from __future__ import annotations

from datetime import timedelta

from policy_ladder import london, policy

from escalate.policy.case import CaseFacts, Event
from escalate.policy.engine import evaluate
from escalate.policy.render import policy_text
from escalate.policy.timeline import worst_case

WHOLE_LADDER = """
caps:
  - key: urgent
    text: The whole process within 24 hours where the usual 5 working days is not viable.
    first_stage: workers
    last_stage: panel
    within: 24 hours
    timescale: mandatory
    if: {immediate_risk: true}
"""
AT_RISK = CaseFacts(immediate_risk=True)
RAISED = london("2026-04-02T16:00")  # Thursday before Good Friday


def test_at_immediate_risk_every_stage_ends_within_24_hours_of_raising() -> None:
    ladder = policy(top=WHOLE_LADDER)
    cap = london("2026-04-03T16:00")  # Good Friday: clock hours count holidays
    events = [Event("raised", RAISED)]
    state = evaluate(ladder, AT_RISK, events, RAISED)
    assert state.current.deadline == cap
    assert state.current.timescale == "mandatory"
    events.append(Event("escalated", london("2026-04-02T18:00")))
    events.append(Event("escalated", london("2026-04-03T09:00")))
    state = evaluate(ladder, AT_RISK, events, london("2026-04-03T09:00"))
    assert state.current.key == "panel"
    assert state.current.deadline == cap
    assert "stage:panel" not in evaluate(ladder, AT_RISK, events, cap).overdue
    overdue = evaluate(ladder, AT_RISK, events, cap + timedelta(seconds=1)).overdue
    assert "stage:panel" in overdue


def test_without_immediate_risk_the_cap_does_not_apply() -> None:
    ladder = policy(top=WHOLE_LADDER)
    state = evaluate(ladder, CaseFacts(), [Event("raised", RAISED)], RAISED)
    # Stage 1's own 2 working days: Tuesday 7 and Wednesday 8 April (Good Friday and
    # Easter Monday off).
    assert state.current.deadline == london("2026-04-08T17:00")
    assert state.current.timescale == "indicative"


def test_the_worst_case_under_risk_ends_within_the_day() -> None:
    ladder = policy(top=WHOLE_LADDER)
    timeline = worst_case(ladder, AT_RISK, RAISED)
    assert max(v.deadline for v in timeline.state.history if v.deadline) == london(
        "2026-04-03T16:00"
    )


def test_show_says_when_the_cap_applies() -> None:
    text = policy_text(policy(top=WHOLE_LADDER))
    assert "Cap: 24 clock hours across workers to panel when the child is at immediate risk." in (
        text
    )
