"""The five shipped policies driven through the engine as real cases would go.

Every expected moment is worked out by hand from the policy's words and the working-day
rules in the README (Monday to Friday, 09:00 to 17:00 London time, less England's bank
holidays), never read off the engine. Unless a test is about a bank holiday, the dates are in
March 2026, clear of any: Monday 2 March to Friday 27 March are all working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from typing import Any

import pytest

from escalate.policy.case import (
    AllowedAction,
    CaseFacts,
    CaseState,
    Event,
    EventKind,
    NotificationDue,
)
from escalate.policy.clock import LONDON
from escalate.policy.engine import EngineError, calendar_for, evaluate
from escalate.policy.gates import doing
from escalate.policy.loader import shipped_policies
from escalate.policy.schema import ChildStatus, Party, Policy
from escalate.policy.timeline import timeline_json, worst_case

POLICY_IDS = ["brent", "haringey", "lincolnshire", "st-helens", "bromley"]
# The policies whose immediate_risk.stage_deadline is "same working day".
SAME_DAY_POLICIES = ["brent", "bromley", "haringey", "lincolnshire", "st-helens"]

NONE = CaseFacts()
AT_RISK = CaseFacts(immediate_risk=True)

CLOSED = {"add-note", "report-policy-gap"}
OPEN = CLOSED | {"record-discussion", "resolve", "withdraw"}


# -- helpers ---------------------------------------------------------------------------------


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@cache
def _policies() -> dict[str, Policy]:
    return shipped_policies()


def policy(policy_id: str) -> Policy:
    return _policies()[policy_id]


def who(parties: Iterable[Party]) -> list[str]:
    return [f"{party.role}@{party.side}" for party in parties]


def kinds(state: CaseState) -> set[str]:
    return {action.kind for action in state.allowed_actions}


def actions(state: CaseState, kind: str) -> list[AllowedAction]:
    return [action for action in state.allowed_actions if action.kind == kind]


def due_by_id(state: CaseState) -> dict[str, NotificationDue]:
    found = {note.id: note for note in state.notifications_due}
    assert len(found) == len(state.notifications_due), "notification ids must be unique"
    return found


def one_due(state: CaseState, key: str) -> NotificationDue:
    found = [note for note in state.notifications_due if note.key == key]
    assert len(found) == 1, f"expected one '{key}' due, found {len(found)}"
    return found[0]


class Case:
    """One escalation: the events so far, and where it stands after each."""

    def __init__(self, policy_id: str, facts: CaseFacts = NONE) -> None:
        self.policy = policy(policy_id)
        self.facts = facts
        self.events: list[Event] = []

    def do(
        self,
        kind: EventKind,
        when: str,
        *,
        step: str | None = None,
        stage: str | None = None,
        binding: bool = False,
        notification: str | None = None,
        document: str | None = None,
    ) -> CaseState:
        """Record an event and return the state at its moment."""
        at = london(when)
        self.events.append(Event(kind, at, stage, step, binding, notification, document=document))
        return evaluate(self.policy, self.facts, self.events, at)

    def at(self, when: str | datetime) -> CaseState:
        now = london(when) if isinstance(when, str) else when
        return evaluate(self.policy, self.facts, self.events, now)

    def refused(self, kind: EventKind, when: str, message: str, **fields: Any) -> None:
        """The engine refuses the event, and the recorded events are left as they were."""
        event = Event(kind, london(when), **fields)
        with pytest.raises(EngineError, match=message):
            evaluate(self.policy, self.facts, [*self.events, event], london(when))


def assert_stage(
    state: CaseState,
    key: str,
    acting: list[str],
    deadline: str | None,
    extra: Iterable[str] = (),
) -> None:
    """The case is open at stage ``key``, with who acts, the deadline and the actions."""
    assert state.status == "open"
    assert state.current.key == key
    assert state.current.ended_at is None
    assert who(state.who_must_act) == acting
    assert state.current.deadline == (None if deadline is None else london(deadline))
    assert kinds(state) == OPEN | set(extra)


def assert_escalation_offered_only_after(case: Case, deadline: str, to: str) -> None:
    """Escalation is allowed all along, but offered only once the deadline has passed."""
    at = case.at(deadline)
    [escalate] = actions(at, "escalate")
    assert (escalate.stage, escalate.offered, at.escalation_offered) == (to, False, False)
    assert at.overdue == ()
    late = case.at(london(deadline) + timedelta(minutes=1))
    [escalate] = actions(late, "escalate")
    assert (escalate.stage, escalate.offered, late.escalation_offered) == (to, True, True)
    assert late.overdue == (f"stage:{late.current.key}",)


def assert_decided(state: CaseState, stage: str, by: list[str], at: str) -> None:
    assert state.status == "decided"
    decision = state.final_decision
    assert decision is not None
    assert (decision.stage, who(decision.by), decision.at, decision.binding) == (
        stage,
        by,
        london(at),
        True,
    )
    assert state.current.key == stage
    assert (state.current.ended_at, state.current.ended_by) == (london(at), "decided")
    assert kinds(state) == CLOSED
    assert not state.allows("escalate")
    assert not state.allows("resolve")
    assert state.who_must_act == ()
    assert state.next_deadline is None
    assert not state.escalation_offered


def assert_closed_to_everything_but_notes(case: Case, when: str, status: str) -> None:
    closing: tuple[EventKind, ...] = (
        "escalated",
        "resolved",
        "withdrawn",
        "decision",
        "discussion",
    )
    for kind in closing:
        case.refused(kind, when, f"this escalation is {status}")


# -- 1. from raising to the end --------------------------------------------------------------


def test_brent_runs_from_raising_to_the_panels_binding_decision() -> None:
    case = Case("brent")
    state = case.do("raised", "2026-03-02T10:00")  # Monday
    # ONE WORKING WEEK caps Stages One to Four, from Monday 2 March: Monday 9 March 17:00.
    week = "2026-03-09T17:00"
    assert state.raised_at == london("2026-03-02T10:00")
    assert state.target_due == london(week)
    assert_stage(
        state, "line-manager", ["practitioner@raising", "line-manager@raising"], week, {"escalate"}
    )
    [escalate] = actions(state, "escalate")
    assert (escalate.stage, escalate.offered) == ("other-worker", False)
    assert state.next_deadline == london(week)
    assert state.notifications_due == ()

    case.do("discussion", "2026-03-02T14:00")
    state = case.do("escalated", "2026-03-03T10:00")
    assert_stage(state, "other-worker", ["practitioner@both"], week, {"escalate"})
    assert [(v.key, v.ended_by) for v in state.history] == [
        ("line-manager", "escalated"),
        ("other-worker", None),
    ]
    told = due_by_id(state)["decisions-to-raiser@line-manager#0"]
    assert (who(told.to), told.due) == (["practitioner@raising"], london("2026-03-03T10:00"))

    state = case.do("escalated", "2026-03-04T10:00")
    assert_stage(state, "line-managers", ["line-manager@both"], week, {"escalate"})
    state = case.do("escalated", "2026-03-05T10:00")
    assert_stage(
        state,
        "safeguarding-leads",
        ["operations-manager@both", "designated-safeguarding-lead@both"],
        week,
        {"escalate"},
    )
    assert_escalation_offered_only_after(case, week, "resolution-panel")

    state = case.do("escalated", "2026-03-10T10:00")
    assert_stage(
        state,
        "resolution-panel",
        ["partnership-chair@partnership", "board-member@partnership"],
        None,
        {"record-decision"},
    )
    [decide] = actions(state, "record-decision")
    assert (decide.label, decide.roles) == ("Record the final binding decision", ("board-member",))
    panel = one_due(state, "panel-requested")
    # "1 working day" from Tuesday 10 March: Wednesday 11 March 17:00.
    assert (who(panel.to), panel.due) == (
        ["partnership-chair@partnership"],
        london("2026-03-11T17:00"),
    )
    assert [v.timescale_met for v in state.history] == [True, True, True, False, None]
    weeks_later = case.at("2026-04-30T10:00")
    assert (weeks_later.escalation_offered, weeks_later.overdue) == (False, ())

    state = case.do("decision", "2026-03-12T15:00", binding=True)
    assert_decided(state, "resolution-panel", ["board-member@partnership"], "2026-03-12T15:00")
    assert_closed_to_everything_but_notes(case, "2026-03-13T10:00", "decided")
    assert case.do("note", "2026-03-13T10:00").status == "decided"


def test_haringey_runs_from_raising_to_the_round_table_and_is_resolved() -> None:
    case = Case("haringey")
    state = case.do("raised", "2026-03-02T10:00")
    week = "2026-03-09T17:00"  # the one working week cap on Stages 1 and 2
    assert state.target_due == london(week)
    assert_stage(state, "first-line-managers", ["line-manager@both"], week, {"escalate", "skip"})
    # The round table may be reached straight from Stage 1, at a Head of Service's discretion.
    [skip] = actions(state, "skip")
    assert (skip.stage, skip.roles) == ("round-table", ("head-of-service",))

    state = case.do("escalated", "2026-03-03T10:00")
    # The line manager first refers the case to a Head of Service, "without delay".
    assert_stage(
        state, "head-of-service", ["line-manager@raising"], week, {"escalate", "complete-step"}
    )
    [refer] = actions(state, "complete-step")
    assert (refer.stage, refer.step) == ("head-of-service", "refer-to-head-of-service")
    assert state.current.steps[0].due is None
    state = case.do("step-done", "2026-03-03T11:00", step="refer-to-head-of-service")
    assert_stage(state, "head-of-service", ["head-of-service@both"], week, {"escalate"})
    assert_escalation_offered_only_after(case, week, "round-table")

    state = case.do("escalated", "2026-03-10T10:00")
    round_table = ["head-of-service@both", "dci@partnership", "designated-professional@partnership"]
    # The round table is not capped and sets no deadline; it ends in no decision.
    assert_stage(state, "round-table", round_table, None, {"complete-step"})
    case.refused("decision", "2026-03-10T11:00", "does not end in a decision")
    case.refused("escalated", "2026-03-10T11:00", "last stage")
    state = case.do("step-done", "2026-03-11T14:00", step="propose-actions")
    assert_stage(state, "round-table", round_table, None)
    front_line = due_by_id(state)["actions-to-front-line@round-table#2:propose-actions"]
    assert (who(front_line.to), front_line.due) == (
        ["practitioner@both"],
        london("2026-03-11T14:00"),
    )

    state = case.do("resolved", "2026-03-12T10:00")
    assert state.status == "resolved"
    assert state.final_decision is None
    assert (state.current.ended_by, state.current.ended_at) == (
        "resolved",
        london("2026-03-12T10:00"),
    )
    assert kinds(state) == CLOSED
    assert state.who_must_act == ()
    assert "feedback-to-raiser@round-table#2" in due_by_id(state)
    assert_closed_to_everything_but_notes(case, "2026-03-13T10:00", "resolved")


def test_lincolnshire_case_review_group_recommends_then_the_case_is_resolved() -> None:
    case = Case("lincolnshire")
    state = case.do("raised", "2026-03-02T10:00")
    week = "2026-03-09T17:00"  # Escalate's one working week guide caps Steps 1 to 3
    assert state.target_due == london(week)
    assert_stage(state, "frontline", ["practitioner@both"], week, {"escalate"})
    state = case.do("escalated", "2026-03-03T10:00")
    assert_stage(
        state,
        "line-managers",
        ["practitioner@both", "line-manager@both", "senior-manager@both"],
        week,
        {"escalate"},
    )
    state = case.do("escalated", "2026-03-04T10:00")
    assert_stage(
        state, "senior-liaison-officers", ["senior-liaison-officer@both"], week, {"escalate"}
    )
    assert_escalation_offered_only_after(case, week, "case-review-group")

    state = case.do("escalated", "2026-03-10T10:00")
    assert_stage(
        state,
        "case-review-group",
        ["senior-liaison-officer@both"],
        None,
        {"complete-step", "record-decision"},
    )
    [decide] = actions(state, "record-decision")
    assert (decide.label, decide.roles) == ("Record the decision", ("case-review-group-member",))
    state = case.do("step-done", "2026-03-10T12:00", step="refer-to-case-review-group")
    group = ["senior-liaison-officer@both", "case-review-group-member@partnership"]
    assert_stage(state, "case-review-group", group, None, {"record-decision"})

    # The group's recommendations bind no agency: the case stays open at the same stage,
    # even if the event claims to be binding (the policy, not the event, says what binds).
    for binding in (False, True):
        after = evaluate(
            case.policy,
            case.facts,
            [*case.events, Event("decision", london("2026-03-12T15:00"), binding=binding)],
            london("2026-03-12T15:00"),
        )
        assert_stage(after, "case-review-group", group, None, {"record-decision"})
        assert after.final_decision is None
    state = case.do("decision", "2026-03-12T15:00", binding=False)
    assert state.status == "open"

    state = case.do("resolved", "2026-03-13T10:00")
    assert state.status == "resolved"
    assert state.final_decision is None
    assert kinds(state) == CLOSED
    assert [v.ended_by for v in state.history] == ["escalated"] * 3 + ["resolved"]
    assert_closed_to_everything_but_notes(case, "2026-03-16T10:00", "resolved")


def test_st_helens_runs_from_raising_to_the_director_of_childrens_services() -> None:
    case = Case("st-helens", CaseFacts(receiving_agency="childrens-social-care"))
    state = case.do("raised", "2026-03-02T10:00")
    week = "2026-03-09T17:00"  # one working week caps Stages One to Three
    assert state.target_due == london(week)
    # Stage One: "on the same working day that the disagreement arises".
    assert_stage(
        state,
        "line-manager",
        ["practitioner@raising", "line-manager@raising"],
        "2026-03-02T17:00",
        {"escalate"},
    )
    assert_escalation_offered_only_after(case, "2026-03-02T17:00", "professionals")

    state = case.do("escalated", "2026-03-03T10:00")
    assert_stage(state, "professionals", ["practitioner@both"], week, {"escalate"})
    assert state.history[0].timescale_met is False
    state = case.do("escalated", "2026-03-04T10:00")
    assert_stage(state, "line-managers", ["line-manager@both"], week, {"escalate"})
    alert = one_due(state, "social-care-team-manager")
    # "within one working day" of Wednesday 4 March: Thursday 5 March 17:00.
    assert (who(alert.to), alert.due) == (["team-manager@receiving"], london("2026-03-05T17:00"))

    state = case.do("escalated", "2026-03-05T10:00")
    # No stage deadline beyond the cap; the notice is due 5 working days after Thursday 5
    # March: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12 March.
    notice_due = london("2026-03-12T17:00")
    # The notice's step is done by issuing the notice, and mediation waits for it.
    assert_stage(state, "safeguarding-leads", ["line-manager@raising"], None)
    assert [(held.kind, held.stage) for held in state.held] == [("escalate", "mediation")]
    assert state.current.steps[0].due == notice_due
    assert state.next_deadline == notice_due
    state = case.do("document-issued", "2026-03-11T12:00", document="escalation-notice")
    assert state.current.steps[0].done_at == london("2026-03-11T12:00")
    assert_stage(
        state,
        "safeguarding-leads",
        ["designated-safeguarding-lead@both", "service-manager@both"],
        None,
        {"escalate"},
    )
    assert state.next_deadline is None
    weeks_later = case.at("2026-04-30T10:00")
    assert (weeks_later.escalation_offered, weeks_later.overdue) == (False, ())

    state = case.do("escalated", "2026-03-16T10:00")
    assert (state.current.number, state.current.title) == (
        4,
        "Stage Four \N{EN DASH} Mediation by a Third Party Agency",
    )
    steps = [
        ("refer-to-business-coordinator", "2026-03-16T12:00"),
        ("identify-chair", "2026-03-17T12:00"),
        ("hold-meeting", "2026-03-18T12:00"),
        ("report-back", "2026-03-19T12:00"),
    ]
    acting_before_each = [
        ["service-manager@raising", "designated-safeguarding-lead@raising"],
        ["partnership-chair@partnership"],
        ["board-member@partnership", "senior-manager@both"],
        ["board-member@partnership"],
    ]
    for (step, when), acting in zip(steps, acting_before_each, strict=True):
        assert_stage(state, "mediation", acting, None, {"escalate", "complete-step"})
        state = case.do("step-done", when, step=step)
    assert_stage(
        state,
        "mediation",
        [
            "business-coordinator@partnership",
            "partnership-chair@partnership",
            "board-member@partnership",
            "senior-manager@both",
        ],
        None,
        {"escalate"},
    )
    told = due_by_id(state)
    assert {
        "referral-to-business-coordinator@mediation#4",
        "business-coordinator-notifies-chair@mediation#4:refer-to-business-coordinator",
        "report-to-chair@mediation#4:hold-meeting",
    } <= set(told)

    state = case.do("escalated", "2026-03-20T10:00")
    assert_stage(state, "directors", ["director@both"], None, {"escalate"})
    state = case.do("escalated", "2026-03-23T10:00")
    assert_stage(
        state,
        "director-of-childrens-services",
        ["director-of-childrens-services@partnership"],
        None,
        {"record-decision"},
    )
    [decide] = actions(state, "record-decision")
    assert decide.roles == ("director-of-childrens-services",)

    state = case.do("decision", "2026-03-25T15:00", binding=True)
    assert_decided(
        state,
        "director-of-childrens-services",
        ["director-of-childrens-services@partnership"],
        "2026-03-25T15:00",
    )
    form = one_due(state, "resolution-form-after-decision")
    assert (who(form.to), form.document, form.due) == (
        ["business-manager@partnership"],
        "resolution-form",
        london("2026-03-25T15:00"),
    )
    assert_closed_to_everything_but_notes(case, "2026-03-26T10:00", "decided")


def test_bromley_runs_from_raising_to_the_bscb_chairs_binding_decision() -> None:
    case = Case("bromley")
    state = case.do("raised", "2026-03-02T10:00")
    week = "2026-03-09T17:00"  # one working week caps Stages One to Three
    assert state.target_due == london(week)
    assert_stage(state, "other-worker", ["practitioner@both"], week, {"escalate"})
    state = case.do("escalated", "2026-03-03T10:00")
    assert_stage(state, "line-managers", ["line-manager@both"], week, {"escalate"})
    assert {n.key for n in state.notifications_due} == {"decisions-to-raiser"}
    state = case.do("escalated", "2026-03-04T10:00")
    # Stage Four waits for the agencies' Board members to be engaged.
    assert_stage(state, "senior-managers", ["agency-board-member@both"], week, {"complete-step"})
    [held] = state.held
    assert (held.kind, held.stage) == ("escalate", "bscb-chair")
    assert "Engage the respective agency members on the BSCB" in held.reason
    case.refused("escalated", "2026-03-05T09:00", "waits for 'Engage the respective agency")
    state = case.do("step-done", "2026-03-05T10:00", step="engage-board-members")
    assert_stage(
        state,
        "senior-managers",
        ["senior-manager@both", "designated-safeguarding-lead@both", "agency-board-member@both"],
        week,
        {"escalate"},
    )
    assert_escalation_offered_only_after(case, week, "bscb-chair")

    state = case.do("escalated", "2026-03-10T10:00")
    # The Chair first records which way it goes (direct, or a Resolution Panel).
    assert_stage(
        state,
        "bscb-chair",
        ["partnership-chair@partnership"],
        None,
        {"record-decision", "complete-step"},
    )
    [choose] = actions(state, "complete-step")
    assert choose.step == "choose-approach"
    [decide] = actions(state, "record-decision")
    assert decide.roles == ("board-member", "partnership-chair")
    details = one_due(state, "details-to-chair")
    assert (who(details.to), details.due) == (
        ["partnership-chair@partnership"],
        london("2026-03-10T10:00"),
    )

    state = case.do("decision", "2026-03-12T15:00", binding=True)
    assert_decided(
        state,
        "bscb-chair",
        ["partnership-chair@partnership", "board-member@partnership"],
        "2026-03-12T15:00",
    )
    assert_closed_to_everything_but_notes(case, "2026-03-13T10:00", "decided")


# -- 2. a child at immediate risk ------------------------------------------------------------

IMMEDIATE_ACTIONS: dict[str, dict[str, tuple[list[str], str]]] = {
    "brent": {
        "immediate:tell-dsl": (["designated-safeguarding-lead@raising"], "2026-03-02T10:00"),
        "immediate:tell-head-of-safeguarding": (
            ["head-of-safeguarding@partnership"],
            "2026-03-02T10:00",
        ),
    },
    "haringey": {
        "immediate:consult-manager-or-dsl": (
            ["line-manager@raising", "designated-safeguarding-lead@raising"],
            "2026-03-02T10:00",
        ),
    },
    "lincolnshire": {
        "immediate:tell-dsl": (["designated-safeguarding-lead@raising"], "2026-03-02T10:00"),
    },
    # "escalated in a timely manner on the same working day"
    "st-helens": {
        "immediate:escalate-same-day": (["line-manager@raising"], "2026-03-02T17:00"),
        "immediate:scu-follow-up": (
            ["safeguarding-children-unit-manager@partnership"],
            "2026-03-02T17:00",
        ),
    },
    "bromley": {
        "immediate:refer-to-mash": (["mash@partnership"], "2026-03-02T10:00"),
        "immediate:tell-dsl": (["designated-safeguarding-lead@raising"], "2026-03-02T10:00"),
    },
}


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_immediate_risk_actions_are_due_when_raised(policy_id: str) -> None:
    case = Case(policy_id, AT_RISK)
    state = case.do("raised", "2026-03-02T10:00")
    got = {
        note.id: (who(note.to), note.due, note.trigger, note.triggered_at)
        for note in state.notifications_due
    }
    assert got == {
        ident: (to, london(due), "raised", london("2026-03-02T10:00"))
        for ident, (to, due) in IMMEDIATE_ACTIONS[policy_id].items()
    }
    dues = [note.due for note in state.notifications_due]
    assert dues == sorted(dues)
    # Without immediate risk, none of them is asked for.
    assert Case(policy_id).do("raised", "2026-03-02T10:00").notifications_due == ()


# One escalation a day at 11:00 after raising on Monday 2 March at 10:00: the stage started
# on each day of (Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10 March).
STAGE_DAYS = ["02", "03", "04", "05", "06", "09", "10"]


@pytest.mark.parametrize("policy_id", SAME_DAY_POLICIES)
def test_immediate_risk_gives_every_stage_a_same_working_day_deadline(policy_id: str) -> None:
    case = Case(policy_id, AT_RISK)
    stages = case.policy.stages
    state = case.do("raised", "2026-03-02T10:00")
    for number, stage in enumerate(stages):
        day = STAGE_DAYS[number]
        if number:
            if stage.requires:  # the steps it waits for, done first
                here = case.policy.stage(state.current.key)
                done = london(f"2026-03-{day}T10:00")
                case.events += [doing(here, s.key, done) for s in state.current.steps]
            state = case.do("escalated", f"2026-03-{day}T11:00")
        assert state.current.key == stage.key
        assert state.current.deadline == london(f"2026-03-{day}T17:00")
        assert state.next_deadline == london(f"2026-03-{day}T17:00")
        # Steps are never due after their stage's deadline (St Helens' 5-day notice included).
        for step in state.current.steps:
            assert step.due is None or step.due <= london(f"2026-03-{day}T17:00")
    # The last stage too: it is overdue the minute after 17:00, though nothing is offered.
    last = case.at(f"2026-03-{STAGE_DAYS[len(stages) - 1]}T17:01")
    assert last.overdue == (f"stage:{stages[-1].key}",)
    assert not last.escalation_offered


def test_brent_immediate_risk_gives_the_panel_a_same_day_deadline_and_a_decision() -> None:
    case = Case("brent", AT_RISK)
    case.do("raised", "2026-03-02T10:00")
    for day in ("03", "04", "05", "06"):
        state = case.do("escalated", f"2026-03-{day}T11:00")
    assert_stage(
        state,
        "resolution-panel",
        ["partnership-chair@partnership", "board-member@partnership"],
        "2026-03-06T17:00",
        {"record-decision"},
    )
    state = case.do("decision", "2026-03-06T16:00", binding=True)
    assert_decided(state, "resolution-panel", ["board-member@partnership"], "2026-03-06T16:00")
    assert state.current.timescale_met is True


def test_bromley_immediate_harm_is_not_left_at_the_usual_week() -> None:
    """Issue 15, item 4: at immediate harm every stage is due the same working day (not the
    week), and Stage Four still waits for the agencies' Board members."""
    usual = Case("bromley")
    state = usual.do("raised", "2026-03-02T10:00")
    assert state.current.deadline == london("2026-03-09T17:00")  # the one working week
    case = Case("bromley", AT_RISK)
    state = case.do("raised", "2026-03-02T10:00")
    assert state.current.deadline == london("2026-03-02T17:00")
    assert {n.key for n in state.notifications_due} >= {"refer-to-mash", "tell-dsl"}
    for day in ("03", "04"):
        state = case.do("escalated", f"2026-03-{day}T11:00")
        assert state.current.deadline == london(f"2026-03-{day}T17:00")
    case.refused("escalated", "2026-03-04T12:00", "waits for 'Engage the respective agency")
    overdue = case.at("2026-03-04T17:01")
    assert overdue.overdue == ("stage:senior-managers",)
    assert not overdue.escalation_offered  # it waits for the Board members
    case.do("step-done", "2026-03-05T10:00", step="engage-board-members")
    state = case.do("escalated", "2026-03-05T11:00")
    assert state.current.key == "bscb-chair"
    assert state.current.deadline == london("2026-03-05T17:00")


# Thursday 2 April 2026; Good Friday is 3 April and Easter Monday 6 April.
EASTER = [
    ("2026-04-02T16:59", "2026-04-02T17:00"),
    ("2026-04-02T17:00", "2026-04-07T17:00"),
    ("2026-04-02T17:01", "2026-04-07T17:00"),
]


@pytest.mark.parametrize("policy_id", SAME_DAY_POLICIES)
@pytest.mark.parametrize(("raised_at", "deadline"), EASTER)
def test_same_working_day_before_easter(policy_id: str, raised_at: str, deadline: str) -> None:
    state = Case(policy_id, AT_RISK).do("raised", raised_at)
    assert state.current.deadline == london(deadline)
    # The one working week target: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April.
    assert state.target_due == london("2026-04-13T17:00")


@pytest.mark.parametrize(("raised_at", "deadline"), EASTER)
def test_bromley_at_immediate_harm_before_easter(raised_at: str, deadline: str) -> None:
    state = Case("bromley", AT_RISK).do("raised", raised_at)
    assert state.current.deadline == london(deadline)  # the same working day, not the week
    # "Immediately" is the moment itself, working day or not.
    assert {note.due for note in state.notifications_due} == {london(raised_at)}


@pytest.mark.parametrize(("raised_at", "deadline"), EASTER)
def test_st_helens_same_day_actions_before_easter(raised_at: str, deadline: str) -> None:
    state = Case("st-helens", AT_RISK).do("raised", raised_at)
    assert {note.key: note.due for note in state.notifications_due} == {
        "escalate-same-day": london(deadline),
        "scu-follow-up": london(deadline),
    }


# -- 3. Bromley: the CP chair and the IRO ----------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("cp-plan", {"cp-chair": ["cp-chair@partnership"]}),
        ("looked-after", {"iro": ["iro@partnership"]}),
        ("child-in-need", {}),
        ("early-help", {}),
        ("none", {}),
    ],
)
def test_bromley_tells_the_cp_chair_or_iro_at_stage_two(
    status: ChildStatus, expected: dict[str, list[str]]
) -> None:
    case = Case("bromley", CaseFacts(child_status=status))
    assert case.do("raised", "2026-03-02T10:00").notifications_due == ()
    state = case.do("escalated", "2026-03-03T10:00")
    assert state.current.key == "line-managers"
    got = {
        note.key: who(note.to) for note in state.notifications_due if note.trigger == "stage-start"
    }
    assert got == expected
    for note in state.notifications_due:
        if note.key in expected:
            assert (note.stage, note.due) == ("line-managers", london("2026-03-03T10:00"))


# -- 4. St Helens: the Escalation Notice and the resolution form -----------------------------


def _st_helens_at_stage_four(start: str, facts: CaseFacts = NONE) -> Case:
    """Raised and escalated to Stage Four at one moment (the ladder climbed within minutes)."""
    case = Case("st-helens", facts)
    case.do("raised", start)
    for _ in range(3):
        state = case.do("escalated", start)
    assert state.current.key == "safeguarding-leads"
    return case


@pytest.mark.parametrize(
    ("start", "due"),
    [
        # Fri 6, Mon 9, Tue 10, Wed 11, Thu 12 March.
        ("2026-03-05T10:00", "2026-03-12T17:00"),
        # Tue 22, Wed 23, Thu 24, then not Fri 25 (Christmas Day) nor Mon 28 (Boxing Day's
        # substitute): Tue 29, Wed 30 December.
        ("2026-12-21T10:00", "2026-12-30T17:00"),
        # Tue 29, Wed 30, Thu 31 December, not Fri 1 January (New Year's Day), Mon 4, Tue 5.
        ("2026-12-24T10:00", "2027-01-05T17:00"),
        # Started after hours on Christmas Eve: the day still never counts.
        ("2026-12-24T18:30", "2027-01-05T17:00"),
    ],
)
def test_st_helens_escalation_notice_is_due_five_working_days_after_stage_four_starts(
    start: str, due: str
) -> None:
    case = _st_helens_at_stage_four(start)
    state = case.at(start)
    [step] = state.current.steps
    assert (step.key, step.due, step.done_at, step.overdue) == (
        "send-escalation-notice",
        london(due),
        None,
        False,
    )
    assert who(step.who) == ["line-manager@raising"]
    assert state.current.deadline is None
    assert state.next_deadline == london(due)
    notice = one_due(state, "escalation-notice")
    assert (who(notice.to), notice.document, notice.copy, notice.due, notice.stage) == (
        ["service-manager@receiving"],
        "escalation-notice",
        False,
        london(due),
        "safeguarding-leads",
    )
    copy = one_due(state, "escalation-notice-copy")
    assert (who(copy.to), copy.document, copy.copy, copy.due) == (
        ["business-manager@partnership"],
        "escalation-notice",
        True,
        london(due),
    )
    assert case.at(due).overdue == ()
    late = case.at(london(due) + timedelta(minutes=1))
    assert late.overdue == ("step:send-escalation-notice",)
    assert not late.escalation_offered  # the stage itself has no deadline


def test_st_helens_notice_under_immediate_risk_is_due_the_same_working_day() -> None:
    case = _st_helens_at_stage_four("2026-12-24T10:00", AT_RISK)
    state = case.at("2026-12-24T10:00")
    assert state.current.deadline == london("2026-12-24T17:00")
    assert state.current.steps[0].due == london("2026-12-24T17:00")


def test_st_helens_resolution_form_goes_to_the_business_manager() -> None:
    case = _st_helens_at_stage_four("2026-03-05T10:00")
    state = case.do("document-issued", "2026-03-06T12:00", document="escalation-notice")
    for note in state.notifications_due:
        case.do("notified", "2026-03-06T12:05", notification=note.id)
    assert case.at("2026-03-06T12:05").notifications_due == ()
    state = case.do("resolved", "2026-03-10T10:00")
    assert state.status == "resolved"
    assert state.history[-1].ended_by == "resolved"
    form = one_due(state, "resolution-form")
    assert (who(form.to), form.document, form.copy, form.trigger, form.due) == (
        ["business-manager@partnership"],
        "resolution-form",
        False,
        "resolved",
        london("2026-03-10T10:00"),
    )
    outcome = one_due(state, "outcome-statement")
    assert (who(outcome.to), outcome.document) == (
        ["practitioner@both", "line-manager@both"],
        "outcome-letter",
    )
    assert "resolution-form-after-decision" not in {n.key for n in state.notifications_due}


# -- 5. rules every policy shares ------------------------------------------------------------

FIRST_DEADLINES = {
    "brent": ("line-manager", "2026-03-09T17:00", "other-worker"),
    "haringey": ("first-line-managers", "2026-03-09T17:00", "head-of-service"),
    "lincolnshire": ("frontline", "2026-03-09T17:00", "line-managers"),
    "st-helens": ("line-manager", "2026-03-02T17:00", "professionals"),
    "bromley": ("other-worker", "2026-03-09T17:00", "line-managers"),
}


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_escalation_is_offered_one_minute_after_the_deadline(policy_id: str) -> None:
    key, deadline, to = FIRST_DEADLINES[policy_id]
    case = Case(policy_id)
    state = case.do("raised", "2026-03-02T10:00")
    assert (state.current.key, state.current.deadline) == (key, london(deadline))
    assert not case.at(london(deadline) - timedelta(minutes=1)).escalation_offered
    assert_escalation_offered_only_after(case, deadline, to)


GAP_NOTICES: dict[str, dict[str, list[str]]] = {
    "brent": {"gap-to-chair": ["partnership-chair@partnership"]},
    "haringey": {
        "gap-to-chair": ["partnership-chair@partnership"],
        "learning-to-board-representative": ["agency-board-member@raising"],
    },
    "lincolnshire": {},  # the policy names no one to tell of a gap
    "st-helens": {"gap-to-chair": ["partnership-chair@partnership"]},
    "bromley": {},  # nor does Bromley's
}


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_a_policy_gap_is_brought_to_the_chair_where_the_policy_says_so(policy_id: str) -> None:
    case = Case(policy_id)
    case.do("raised", "2026-03-02T10:00")
    state = case.do("policy-gap", "2026-03-03T12:00")
    gaps = [n for n in state.notifications_due if n.trigger == "policy-gap"]
    assert {n.key: who(n.to) for n in gaps} == GAP_NOTICES[policy_id]
    assert {n.due for n in gaps} <= {london("2026-03-03T12:00")}
    assert state.status == "open"
    assert state.current.key == FIRST_DEADLINES[policy_id][0]
    # A gap found after the case has closed is still brought to the chair, once per report.
    case.do("resolved", "2026-03-04T12:00")
    state = case.do("policy-gap", "2026-03-05T12:00")
    gaps = [n for n in state.notifications_due if n.trigger == "policy-gap"]
    assert len(gaps) == 2 * len(GAP_NOTICES[policy_id])


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_a_withdrawn_case_allows_only_notes_and_policy_gaps(policy_id: str) -> None:
    case = Case(policy_id)
    case.do("raised", "2026-03-02T10:00")
    case.do("escalated", "2026-03-03T10:00")
    case.do("withdrawn", "2026-03-04T10:00")
    # Long after every deadline, nothing is overdue, offered or anyone's to do.
    for now in ("2026-03-04T10:00", "2026-04-30T10:00"):
        state = case.at(now)
        assert state.status == "withdrawn"
        assert kinds(state) == CLOSED
        assert (state.overdue, state.who_must_act, state.next_deadline) == ((), (), None)
        assert not state.escalation_offered
        assert state.final_decision is None
    assert [v.ended_by for v in state.history] == ["escalated", "withdrawn"]
    assert_closed_to_everything_but_notes(case, "2026-03-05T10:00", "withdrawn")
    case.refused("step-done", "2026-03-05T10:00", "withdrawn", step="anything")
    assert case.do("note", "2026-03-05T10:00").status == "withdrawn"
    assert case.do("policy-gap", "2026-03-05T11:00").status == "withdrawn"


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_notifications_marked_sent_are_not_due_again(policy_id: str) -> None:
    case = Case(policy_id, AT_RISK)
    case.do("raised", "2026-03-02T10:00")
    state = case.do("escalated", "2026-03-02T11:00")
    first = due_by_id(state)
    assert first  # at least the immediate actions
    # Sending one leaves the others due.
    some = sorted(first)[0]
    state = case.do("notified", "2026-03-02T11:05", notification=some)
    assert set(due_by_id(state)) == set(first) - {some}
    for ident in sorted(set(first) - {some}):
        state = case.do("notified", "2026-03-02T11:05", notification=ident)
    assert state.notifications_due == ()
    assert state.sent == frozenset(first)
    # Later, only what the next events trigger is due: nothing sent comes back.
    state = case.do("escalated", "2026-03-02T12:00")
    assert not set(due_by_id(state)) & set(first)
    state = case.do("resolved", "2026-03-02T13:00")
    assert not set(due_by_id(state)) & set(first)


# -- 6. the worst-case timeline --------------------------------------------------------------

TIMELINE_KEYS = {
    "format",
    "policy",
    "start",
    "immediate_risk",
    "child_status",
    "target_due",
    "complete",
    "stages",
    "notifications",
    "final_decision",
}
STAGE_KEYS = {"key", "number", "title", "starts", "deadline", "convene_by", "who", "steps"}
STEP_KEYS = {"key", "title", "due"}
NOTIFICATION_KEYS = {
    "key",
    "stage",
    "when",
    "triggered_at",
    "due",
    "to",
    "copy",
    "document",
    "text",
}
PARTY_KEYS = {"role", "side", "label"}
DECISION_KEYS = {"stage", "at", "by", "binding"}

CHRISTMAS_EVE = "2026-12-24T10:00"


def _at_five_on_a_working_day(policy_: Policy, moment: datetime) -> bool:
    calendar = calendar_for(policy_)
    local = moment.astimezone(LONDON)
    return local.time() == time(17, 0) and calendar.is_working_day(local.date())


@pytest.mark.parametrize("facts", [NONE, AT_RISK], ids=["no-risk", "immediate-risk"])
@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_worst_case_timeline_from_christmas_eve(policy_id: str, facts: CaseFacts) -> None:
    policy_ = policy(policy_id)
    timeline = worst_case(policy_, facts, london(CHRISTMAS_EVE))
    history = timeline.state.history
    keys = [stage.key for stage in policy_.stages]
    # Stages in the policy's order, none skipped, starting when the one before ended.
    assert [visit.key for visit in history] == keys[: len(history)]
    starts = [visit.started_at for visit in history]
    assert starts == sorted(starts)
    assert starts[0] == london(CHRISTMAS_EVE)
    for before, after in pairwise(history):
        assert before.ended_at == after.started_at
    deadlines = [visit.deadline for visit in history if visit.deadline is not None]
    deadlines += [step.due for visit in history for step in visit.steps if step.due is not None]
    assert deadlines
    for deadline in deadlines:
        assert _at_five_on_a_working_day(policy_, deadline), deadline
    # Tue 29, Wed 30, Thu 31 December, Mon 4, Tue 5 January.
    assert timeline.state.target_due == london("2027-01-05T17:00")
    if timeline.complete:
        assert len(history) == len(keys)


def test_worst_case_timelines_are_complete_except_st_helens_without_risk() -> None:
    complete = {
        (policy_id, facts.immediate_risk): worst_case(
            policy(policy_id), facts, london(CHRISTMAS_EVE)
        ).complete
        for policy_id in POLICY_IDS
        for facts in (NONE, AT_RISK)
    }
    # St Helens' Stage Four onwards set no deadline, so the stages after it cannot be dated.
    assert complete == {key: key != ("st-helens", False) for key in complete}


def test_st_helens_worst_case_from_christmas_eve() -> None:
    timeline = worst_case(policy("st-helens"), NONE, london(CHRISTMAS_EVE))
    got = [(v.key, v.started_at, v.deadline) for v in timeline.state.history]
    assert got == [
        ("line-manager", london(CHRISTMAS_EVE), london("2026-12-24T17:00")),
        ("professionals", london("2026-12-24T17:00"), london("2027-01-05T17:00")),
        ("line-managers", london("2027-01-05T17:00"), london("2027-01-05T17:00")),
        ("safeguarding-leads", london("2027-01-05T17:00"), None),
    ]
    # The notice: Wed 6, Thu 7, Fri 8, Mon 11, Tue 12 January.
    assert timeline.state.history[-1].steps[0].due == london("2027-01-12T17:00")


def test_brent_worst_case_with_immediate_risk_ends_in_the_panels_decision() -> None:
    timeline = worst_case(policy("brent"), AT_RISK, london(CHRISTMAS_EVE))
    # Same working day from Christmas Eve 10:00 is 17:00 that day; every later stage starts
    # at 17:00 and so has until 17:00 on the next working day: Tue 29, Wed 30, Thu 31 Dec,
    # then Mon 4 January for the panel (New Year's Day is a bank holiday).
    assert [v.deadline for v in timeline.state.history] == [
        london("2026-12-24T17:00"),
        london("2026-12-29T17:00"),
        london("2026-12-30T17:00"),
        london("2026-12-31T17:00"),
        london("2027-01-04T17:00"),
    ]
    decision = timeline.state.final_decision
    assert decision is not None
    assert (decision.stage, decision.at, decision.binding) == (
        "resolution-panel",
        london("2027-01-04T17:00"),
        True,
    )


@pytest.mark.parametrize("facts", [NONE, AT_RISK], ids=["no-risk", "immediate-risk"])
@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_timeline_json_has_the_documented_keys(policy_id: str, facts: CaseFacts) -> None:
    policy_ = policy(policy_id)
    timeline = worst_case(policy_, facts, london(CHRISTMAS_EVE))
    data = timeline_json(timeline)
    assert set(data) == TIMELINE_KEYS
    assert data["format"] == 1
    assert data["policy"] == {"id": policy_id, "version": policy_.version}
    assert data["start"] == "2026-12-24T10:00:00+00:00"
    assert (data["immediate_risk"], data["child_status"]) == (facts.immediate_risk, "none")
    assert data["target_due"] == "2027-01-05T17:00:00+00:00"
    assert data["complete"] is timeline.complete
    assert [stage["key"] for stage in data["stages"]] == [v.key for v in timeline.state.history]
    for stage in data["stages"]:
        assert set(stage) == STAGE_KEYS
        assert stage["who"] == [
            {"role": p.role, "side": p.side, "label": policy_.role_label(p.role)}
            for p in policy_.stage(stage["key"]).actors
        ]
        for step in stage["steps"]:
            assert set(step) == STEP_KEYS
    for note in data["notifications"]:
        assert set(note) == NOTIFICATION_KEYS
        assert all(set(party) == PARTY_KEYS for party in note["to"])
        assert isinstance(note["copy"], bool)
    decision = data["final_decision"]
    if decision is not None:
        assert set(decision) == DECISION_KEYS
        assert decision["binding"] is True
        assert all(set(party) == PARTY_KEYS for party in decision["by"])


FINAL_DECISIONS = {
    ("brent", False): None,  # the panel has no deadline, so the worst case cannot date it
    ("brent", True): ("resolution-panel", "2027-01-04T17:00:00+00:00"),
    ("haringey", False): None,
    ("haringey", True): None,  # the round table ends in no decision
    ("lincolnshire", False): None,
    ("lincolnshire", True): None,  # the case review group's decision binds no one
    ("st-helens", False): None,
    # Seven stages at a same working day each: 24, 29, 30, 31 Dec, 4, 5, 6 Jan.
    ("st-helens", True): ("director-of-childrens-services", "2027-01-06T17:00:00+00:00"),
    ("bromley", False): None,
    # At immediate harm every stage is the same working day: 24, 29, 30, 31 December.
    ("bromley", True): ("bscb-chair", "2026-12-31T17:00:00+00:00"),
}


@pytest.mark.parametrize(("policy_id", "risk"), list(FINAL_DECISIONS))
def test_timeline_final_decision(policy_id: str, risk: bool) -> None:
    facts = CaseFacts(immediate_risk=risk)
    data = timeline_json(worst_case(policy(policy_id), facts, london(CHRISTMAS_EVE)))
    decision = data["final_decision"]
    got = None if decision is None else (decision["stage"], decision["at"])
    assert got == FINAL_DECISIONS[(policy_id, risk)]


def _times(data: Any) -> list[str]:
    """Every ISO time string in the timeline JSON."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("start", "target_due", "starts", "deadline", "due", "triggered_at", "at"):
                if value is not None:
                    found.append(value)
            else:
                found += _times(value)
    elif isinstance(data, list):
        for item in data:
            found += _times(item)
    return found


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_timeline_json_times_are_utc_in_summer_too(policy_id: str) -> None:
    start = london("2026-06-01T10:00")
    data = timeline_json(worst_case(policy(policy_id), AT_RISK, start))
    times = _times(data)
    assert times
    assert datetime.fromisoformat(data["start"]) == start.astimezone(UTC)
    assert all(text.endswith("+00:00") for text in times), times
