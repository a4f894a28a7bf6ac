"""Settings that used to do nothing: convene_within, timescale, a binding decision that is
not final (issue 14, item 13)."""

from __future__ import annotations

from datetime import timedelta

from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, CaseState, Event
from escalate.policy.engine import evaluate
from escalate.policy.render import policy_text
from escalate.policy.schema import Policy
from escalate.policy.timeline import timeline_json, worst_case

RAISED = london("2026-03-02T10:00")  # Monday
AT_PANEL = london("2026-03-03T10:00")  # Tuesday: the panel's 10 working days end 17 March
SECOND = timedelta(seconds=1)
PANEL = """    deadline: 10 working days
    meeting:
      kind: panel
      name: Resolution Panel
      convened_by: [business-manager@partnership]
      convene_within: 3 working days
"""


def _panel(decision: str = "") -> Policy:
    stages = THREE_STAGES.replace("    deadline: 10 working days\n", PANEL + decision, 1)
    return policy(stages)


def _at_panel(ladder: Policy, now: object, *more: Event) -> CaseState:
    events = [
        Event("raised", RAISED),
        Event("escalated", london("2026-03-02T12:00")),
        Event("escalated", AT_PANEL),
        *more,
    ]
    return evaluate(ladder, CaseFacts(), events, now)  # type: ignore[arg-type]


def test_convene_within_is_a_deadline_until_the_meeting_is_convened() -> None:
    ladder = _panel()
    convene_by = london("2026-03-06T17:00")  # 3 working days after Tuesday
    state = _at_panel(ladder, AT_PANEL)
    assert state.current.convene_by == convene_by
    assert state.next_deadline == convene_by  # before the stage's own, 17 March
    assert "meeting:panel" not in _at_panel(ladder, convene_by).overdue
    assert "meeting:panel" in _at_panel(ladder, convene_by + SECOND).overdue
    convened = Event("meeting-convened", london("2026-03-05T11:00"))
    state = _at_panel(ladder, convene_by + SECOND, convened)
    assert state.current.convened_at == london("2026-03-05T11:00")
    assert "meeting:panel" not in state.overdue
    assert state.next_deadline == london("2026-03-17T17:00")


def test_a_meeting_convened_on_a_stage_without_one_or_a_closed_case_is_a_note() -> None:
    ladder = _panel()
    events = [
        Event("raised", RAISED),
        Event("meeting-convened", london("2026-03-02T11:00")),
        Event("resolved", london("2026-03-02T12:00")),
        Event("meeting-convened", london("2026-03-02T13:00")),
    ]
    state = evaluate(ladder, CaseFacts(), events, london("2026-03-02T14:00"))
    assert state.status == "resolved"
    assert state.history[0].convened_at is None


def test_show_and_the_timeline_give_the_convening_deadline() -> None:
    ladder = _panel()
    assert "to be convened within 3 working days of the stage's start" in policy_text(ladder)
    stages = timeline_json(worst_case(ladder, CaseFacts(), RAISED))["stages"]
    assert stages[2]["convene_by"] is not None
    assert stages[0]["convene_by"] is None


def test_a_mandatory_timescale_is_reported_with_the_stage() -> None:
    stages = THREE_STAGES.replace(
        "    deadline: 5 working days\n", "    deadline: 5 working days\n    timescale: mandatory\n"
    )
    ladder = policy(stages)
    state = _at_panel(ladder, AT_PANEL)
    assert [v.timescale for v in state.history] == ["indicative", "mandatory", "indicative"]


def test_a_mandatory_cap_makes_its_stages_mandatory() -> None:
    cap = """
caps:
  - {key: week, text: A week., first_stage: workers, last_stage: managers,
     within: 1 working week, timescale: mandatory}
"""
    ladder = policy(top=cap)
    state = _at_panel(ladder, AT_PANEL)
    assert [v.timescale for v in state.history] == ["mandatory", "mandatory", "indicative"]


BINDING_NOT_FINAL = """    decision:
      by: [partnership-chair@partnership]
      binding: true
      final: false
      text: The chair's decision binds the agencies; it may be reviewed.
"""


def test_a_binding_decision_that_is_not_final_is_recorded_and_the_case_goes_on() -> None:
    ladder = _panel(BINDING_NOT_FINAL)
    state = _at_panel(ladder, AT_PANEL)
    (action,) = [a for a in state.allowed_actions if a.kind == "record-decision"]
    assert action.label == "Record the binding decision"
    decided_at = london("2026-03-10T15:00")
    state = _at_panel(ladder, decided_at, Event("decision", decided_at, binding=True))
    assert state.status == "open"
    assert state.final_decision is None
    ((stage, at, binding, final),) = [(d.stage, d.at, d.binding, d.final) for d in state.decisions]
    assert (stage, at, binding, final) == ("panel", decided_at, True, False)
    assert state.allows("resolve")
    assert "Decision (binding, not final) by" in policy_text(ladder)


def test_a_final_binding_decision_still_ends_the_case() -> None:
    final = BINDING_NOT_FINAL.replace("      final: false\n", "")
    ladder = _panel(final)
    decided_at = london("2026-03-10T15:00")
    state = _at_panel(ladder, decided_at, Event("decision", decided_at, binding=True))
    assert state.status == "decided"
    assert state.decisions[0].final is True
