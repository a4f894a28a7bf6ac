"""The child's circumstances change during an escalation (issue 15 item 7): the case's facts
are the new ones from the moment it is recorded, and the notices the policy ties to that
status fire then, once; replaying the same events always gives the same answer."""

from __future__ import annotations

from datetime import datetime

import pytest

from escalate.policy.case import CaseFacts, CaseState, Event
from escalate.policy.clock import LONDON
from escalate.policy.engine import evaluate
from escalate.policy.loader import shipped_policies
from escalate.policy.schema import ChildStatus


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def run(events: list[Event], now: str, status: ChildStatus = "child-in-need") -> CaseState:
    policy = shipped_policies()["bromley"]
    return evaluate(policy, CaseFacts(child_status=status), events, at(now))


def raised_and_at_stage_two() -> list[Event]:
    return [Event("raised", at("2026-03-02T10:00")), Event("escalated", at("2026-03-03T10:00"))]


def keys(state: CaseState) -> dict[str, datetime]:
    return {n.key: n.triggered_at for n in state.notifications_due if n.trigger == "stage-start"}


def test_a_cp_plan_during_stage_two_tells_the_cp_chair_then() -> None:
    events = raised_and_at_stage_two()
    assert "cp-chair" not in keys(run(events, "2026-03-03T12:00"))
    events.append(Event("circumstances", at("2026-03-04T11:00"), child_status="cp-plan"))
    state = run(events, "2026-03-04T11:00")
    assert keys(state)["cp-chair"] == at("2026-03-04T11:00")
    assert "iro" not in keys(state)
    assert run(events, "2026-03-04T11:00") == state  # deterministic


def test_the_notice_fires_once_a_stage_even_if_the_status_changes_back_and_again() -> None:
    events = raised_and_at_stage_two()
    events += [
        Event("circumstances", at("2026-03-04T11:00"), child_status="cp-plan"),
        Event("circumstances", at("2026-03-04T12:00"), child_status="child-in-need"),
        Event("circumstances", at("2026-03-04T13:00"), child_status="cp-plan"),
    ]
    state = run(events, "2026-03-04T13:00")
    assert [n.key for n in state.notifications_due].count("cp-chair") == 1


def test_already_on_a_plan_when_stage_two_started_fires_nothing_more() -> None:
    events = raised_and_at_stage_two()
    before = run(events, "2026-03-03T10:00", status="cp-plan")
    events.append(Event("circumstances", at("2026-03-04T11:00"), child_status="cp-plan"))
    after = run(events, "2026-03-04T11:00", status="cp-plan")
    assert keys(after) == keys(before) == {"cp-chair": at("2026-03-03T10:00")}


def test_looked_after_at_stage_one_tells_the_iro_when_stage_two_starts() -> None:
    events = [
        Event("raised", at("2026-03-02T10:00")),
        Event("circumstances", at("2026-03-02T15:00"), child_status="looked-after"),
    ]
    assert keys(run(events, "2026-03-02T15:00")) == {}  # stage one names no IRO
    events.append(Event("escalated", at("2026-03-03T10:00")))
    assert keys(run(events, "2026-03-03T10:00")) == {"iro": at("2026-03-03T10:00")}


def test_a_move_changes_no_fact_and_a_closed_case_fires_nothing() -> None:
    events = [*raised_and_at_stage_two(), Event("circumstances", at("2026-03-04T09:00"))]
    assert keys(run(events, "2026-03-04T09:00")) == keys(run(events[:2], "2026-03-04T09:00"))
    closed = [
        *raised_and_at_stage_two(),
        Event("withdrawn", at("2026-03-04T09:00")),
        Event("circumstances", at("2026-03-04T10:00"), child_status="cp-plan"),
    ]
    assert "cp-chair" not in keys(run(closed, "2026-03-04T10:00"))


@pytest.mark.parametrize("policy_id", ["brent", "haringey", "lincolnshire", "st-helens"])
def test_every_shipped_policy_replays_a_change(policy_id: str) -> None:
    policy = shipped_policies()[policy_id]
    events = [
        Event("raised", at("2026-03-02T10:00")),
        Event("circumstances", at("2026-03-02T11:00"), child_status="looked-after"),
    ]
    state = evaluate(policy, CaseFacts(), events, at("2026-03-02T11:00"))
    assert (state.status, state.current.key) == ("open", policy.stages[0].key)
    assert state == evaluate(policy, CaseFacts(), events, at("2026-03-02T11:00"))
