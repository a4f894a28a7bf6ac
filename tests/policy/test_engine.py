"""The engine on a small policy written for the purpose, where every rule is exercised."""

from __future__ import annotations

from datetime import datetime

import pytest

from escalate.policy.case import CaseFacts, Event
from escalate.policy.clock import LONDON
from escalate.policy.engine import EngineError, evaluate
from escalate.policy.loader import load_policy_text

POLICY = load_policy_text(
    """
id: testshire
partnership: Testshire Safeguarding Children Partnership
short_name: Testshire SCP
title: Resolving professional differences
version: "1"
effective_date: 2026-01-01
source: {document: A fictional policy for tests}
reference_prefix: TST
nation: england
target: {text: One working week., within: 1 working week}
immediate_risk:
  guidance: Tell your DSL at once.
  actions:
    - {key: tell-dsl, text: Tell your DSL., tell: [designated-safeguarding-lead@raising]}
    - {key: refer-mash, text: Refer to MASH., tell: [mash@partnership], within: 2 working hours}
  stage_deadline: same working day
categories: [{key: thresholds, label: Thresholds}]
stages:
  - key: workers
    number: 1
    title: Stage 1 - the workers talk
    guidance: Talk.
    actors: [practitioner@both]
    deadline: 2 working days
    notify:
      - key: advance-notice
        to: [practitioner@receiving]
        when: before-deadline
        before: 1 working day
        text: Warn the other worker that it will be escalated.
      - key: overdue
        to: [line-manager@raising]
        when: deadline-passed
        text: The stage is overdue.
  - key: managers
    number: 2
    title: Stage 2 - managers
    guidance: Managers talk.
    actors: [line-manager@both]
    steps:
      - key: acknowledge
        title: Acknowledge the escalation
        who: [line-manager@receiving]
        due: same working day
      - key: respond
        title: Respond in writing
        who: [line-manager@receiving]
        due: {within: 2 working days, after: acknowledge}
    deadline: {within: 1 working day, after: respond}
    notify:
      - key: cp-chair
        to: [cp-chair@partnership]
        when: stage-start
        if: {child_status: [cp-plan]}
        text: Tell the CP chair.
      - key: iro
        to: [iro@partnership]
        when: stage-start
        if: {child_status: [looked-after]}
        text: Tell the IRO.
      - key: responded
        to: [practitioner@raising]
        when: step-done
        step: respond
        text: Tell the worker what was said.
  - key: heads
    number: 3
    title: Stage 3 - heads of service
    guidance: Heads talk.
    actors: [head-of-service@both]
    skip:
      - when: immediate-risk
      - when: discretion
        by: [head-of-service]
  - key: panel
    number: 4
    title: Stage 4 - the panel
    guidance: The panel decides.
    actors: [partnership-chair@partnership]
    decision:
      by: [board-member@partnership]
      binding: true
      text: Binding.
caps:
  - key: internal
    text: Stages 1 to 3 within 10 working days; the panel within 5 more.
    first_stage: workers
    last_stage: heads
    within: 10 working days
    final_stage: {stage: panel, within: 5 working days}
notify:
  - key: raiser-told
    to: [practitioner@raising]
    when: stage-end
    text: Tell the worker who raised it.
  - key: gap
    to: [partnership-chair@partnership]
    when: policy-gap
    text: Gaps go to the chair.
""",
    "testshire.yaml",
)

NONE = CaseFacts()


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


MON = london("2026-03-02T10:00")  # Monday 2 March 2026, no holidays nearby


def raised(at: datetime = MON) -> list[Event]:
    return [Event("raised", at)]


def test_raise_starts_at_first_stage_with_its_deadline() -> None:
    state = evaluate(POLICY, NONE, raised(), MON)
    assert state.status == "open"
    assert state.current.key == "workers"
    assert state.current.deadline == london("2026-03-04T17:00")
    assert state.next_deadline == state.current.deadline
    assert state.target_due == london("2026-03-09T17:00")
    assert [p.role for p in state.who_must_act] == ["practitioner"]
    assert not state.overdue
    assert not state.escalation_offered


def test_stage_is_overdue_one_minute_after_deadline_and_escalation_offered() -> None:
    at_deadline = evaluate(POLICY, NONE, raised(), london("2026-03-04T17:00"))
    assert not at_deadline.overdue
    late = evaluate(POLICY, NONE, raised(), london("2026-03-04T17:01"))
    assert late.overdue == ("stage:workers",)
    assert late.escalation_offered
    escalate = [a for a in late.allowed_actions if a.kind == "escalate"]
    assert escalate[0].stage == "managers"
    assert escalate[0].offered


def test_advance_notice_and_overdue_alert_fire_at_their_moments() -> None:
    before = evaluate(POLICY, NONE, raised(), london("2026-03-03T16:59"))
    assert [n.key for n in before.notifications_due] == []
    notice = evaluate(POLICY, NONE, raised(), london("2026-03-03T17:00"))
    assert [n.key for n in notice.notifications_due] == ["advance-notice"]
    assert notice.notifications_due[0].triggered_at == london("2026-03-03T17:00")
    late = evaluate(POLICY, NONE, raised(), london("2026-03-04T17:01"))
    assert {n.key for n in late.notifications_due} == {"advance-notice", "overdue"}


def test_sent_notifications_are_not_due_again() -> None:
    now = london("2026-03-04T17:01")
    state = evaluate(POLICY, NONE, raised(), now)
    sent = [Event("notified", now, notification=n.id) for n in state.notifications_due]
    again = evaluate(POLICY, NONE, raised() + sent, now)
    assert again.notifications_due == ()


def test_steps_count_from_earlier_steps() -> None:
    events = [*raised(), Event("escalated", london("2026-03-03T11:00"))]
    state = evaluate(POLICY, NONE, events, london("2026-03-03T11:00"))
    assert state.current.key == "managers"
    acknowledge, respond = state.current.steps
    assert acknowledge.due == london("2026-03-03T17:00")
    # Not yet acknowledged: respond counts from the acknowledgement's deadline (worst case).
    assert respond.due == london("2026-03-05T17:00")
    assert state.current.deadline == london("2026-03-06T17:00")
    assert [p.role for p in state.who_must_act] == ["line-manager"]
    events.append(Event("step-done", london("2026-03-03T12:00"), step="acknowledge"))
    state = evaluate(POLICY, NONE, events, london("2026-03-03T12:00"))
    _, respond = state.current.steps
    assert respond.due == london("2026-03-05T17:00")
    events.append(Event("step-done", london("2026-03-04T09:30"), step="respond"))
    state = evaluate(POLICY, NONE, events, london("2026-03-04T09:30"))
    assert state.current.deadline == london("2026-03-05T17:00")
    assert "responded" in {n.key for n in state.notifications_due}


def test_step_overdue_is_reported() -> None:
    events = [*raised(), Event("escalated", london("2026-03-03T11:00"))]
    state = evaluate(POLICY, NONE, events, london("2026-03-03T17:01"))
    assert "step:acknowledge" in state.overdue


def test_a_cap_limits_stages_and_the_final_stage_has_its_own_allowance() -> None:
    events = [
        *raised(),
        Event("escalated", london("2026-03-03T11:00")),
        Event("escalated", london("2026-03-05T11:00")),
    ]
    state = evaluate(POLICY, NONE, events, london("2026-03-05T11:00"))
    assert state.current.key == "heads"
    # 10 working days from Monday 2 March (the cap counts from the first capped stage).
    assert state.current.deadline == london("2026-03-16T17:00")
    events.append(Event("escalated", london("2026-03-10T11:00")))
    state = evaluate(POLICY, NONE, events, london("2026-03-10T11:00"))
    assert state.current.key == "panel"
    assert state.current.deadline == london("2026-03-17T17:00")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("cp-plan", {"cp-chair"}),
        ("looked-after", {"iro"}),
        ("child-in-need", set()),
        ("none", set()),
    ],
)
def test_conditional_notifications_depend_on_the_childs_status(
    status: str, expected: set[str]
) -> None:
    facts = CaseFacts(child_status=status)  # type: ignore[arg-type]
    events = [*raised(), Event("escalated", london("2026-03-03T11:00"))]
    state = evaluate(POLICY, facts, events, london("2026-03-03T11:00"))
    keys = {n.key for n in state.notifications_due}
    assert keys & {"cp-chair", "iro"} == expected


def test_immediate_risk_actions_and_same_day_deadlines() -> None:
    facts = CaseFacts(immediate_risk=True)
    state = evaluate(POLICY, facts, raised(london("2026-03-02T16:00")), london("2026-03-02T16:00"))
    due = {n.key: n.due for n in state.notifications_due}
    assert due["tell-dsl"] == london("2026-03-02T16:00")
    assert due["refer-mash"] == london("2026-03-03T10:00")
    assert state.current.deadline == london("2026-03-02T17:00")


def test_skip_needs_immediate_risk_or_the_named_roles_discretion() -> None:
    events = [*raised(), Event("escalated", london("2026-03-03T11:00"))]
    state = evaluate(POLICY, NONE, events, london("2026-03-03T11:00"))
    skips = [a for a in state.allowed_actions if a.kind == "skip"]
    assert [(a.stage, a.roles) for a in skips] == [("panel", ("head-of-service",))]
    risky = evaluate(POLICY, CaseFacts(immediate_risk=True), events, london("2026-03-03T11:00"))
    skips = [a for a in risky.allowed_actions if a.kind == "skip"]
    assert [(a.stage, a.roles) for a in skips] == [("panel", ())]
    events.append(Event("skipped", london("2026-03-03T12:00"), stage="panel"))
    state = evaluate(POLICY, NONE, events, london("2026-03-03T12:00"))
    assert state.current.key == "panel"
    assert [v.ended_by for v in state.history] == ["escalated", "skipped", None]


def test_skipping_is_refused_where_the_policy_does_not_allow_it() -> None:
    events = [*raised(), Event("skipped", london("2026-03-02T11:00"), stage="heads")]
    with pytest.raises(EngineError, match="does not allow skipping"):
        evaluate(POLICY, NONE, events, london("2026-03-02T11:00"))


def test_escalation_goes_only_to_the_next_stage() -> None:
    events = [*raised(), Event("escalated", london("2026-03-02T11:00"), stage="panel")]
    with pytest.raises(EngineError, match="goes to the next stage"):
        evaluate(POLICY, NONE, events, london("2026-03-02T11:00"))


def test_binding_decision_ends_the_escalation_and_nothing_more_is_allowed() -> None:
    events = [
        *raised(),
        Event("escalated", london("2026-03-03T11:00")),
        Event("escalated", london("2026-03-04T11:00")),
        Event("escalated", london("2026-03-05T11:00")),
    ]
    state = evaluate(POLICY, NONE, events, london("2026-03-05T11:00"))
    assert state.allows("record-decision")
    assert not state.allows("escalate")
    events.append(Event("decision", london("2026-03-09T15:00"), binding=True))
    state = evaluate(POLICY, NONE, events, london("2026-03-09T15:00"))
    assert state.status == "decided"
    assert state.final_decision is not None
    assert state.final_decision.binding
    assert state.final_decision.stage == "panel"
    assert {a.kind for a in state.allowed_actions} == {"add-note", "report-policy-gap"}
    assert state.next_deadline is None
    assert state.who_must_act == ()
    with pytest.raises(EngineError, match="decided"):
        evaluate(POLICY, NONE, [*events, Event("escalated", london("2026-03-10T10:00"))], MON)


def test_resolution_records_timescales_met_per_stage() -> None:
    events = [
        *raised(),
        Event("escalated", london("2026-03-05T11:00")),  # after the 4 March deadline
        Event("resolved", london("2026-03-05T12:00")),
    ]
    state = evaluate(POLICY, NONE, events, london("2026-03-05T12:00"))
    assert state.status == "resolved"
    assert [v.timescale_met for v in state.history] == [False, True]
    assert "raiser-told" in {n.key for n in state.notifications_due}
    assert state.overdue == ()


def test_policy_gap_goes_to_the_chair_even_after_resolution() -> None:
    events = [*raised(), Event("resolved", london("2026-03-02T12:00"))]
    events.append(Event("policy-gap", london("2026-03-03T12:00")))
    state = evaluate(POLICY, NONE, events, london("2026-03-03T12:00"))
    assert "gap" in {n.key for n in state.notifications_due}


def test_withdrawn_case_allows_only_notes() -> None:
    events = [*raised(), Event("withdrawn", london("2026-03-02T12:00"))]
    state = evaluate(POLICY, NONE, events, london("2026-03-02T12:00"))
    assert state.status == "withdrawn"
    assert not state.allows("resolve")


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([], "there are no events"),
        ([Event("escalated", MON)], "must be 'raised'"),
        ([Event("raised", MON), Event("raised", MON)], "already been raised"),
        ([Event("raised", MON), Event("step-done", MON, step="nope")], "not a step"),
        (
            [Event("raised", MON), Event("decision", MON, binding=True)],
            "does not end in a decision",
        ),
        ([Event("raised", datetime(2026, 3, 2, 10))], "time zone"),  # noqa: DTZ001
    ],
)
def test_events_the_policy_does_not_allow_are_refused_plainly(
    events: list[Event], message: str
) -> None:
    with pytest.raises(EngineError, match=message):
        evaluate(POLICY, NONE, events, MON)


def test_the_engine_is_deterministic() -> None:
    events = [*raised(), Event("escalated", london("2026-03-03T11:00"))]
    now = london("2026-03-09T11:00")
    assert evaluate(POLICY, NONE, events, now) == evaluate(POLICY, NONE, events, now)
