"""A stage that waits for a step (``requires``), and steps done only by issuing their
document (issue 15, items 3 and 4)."""

from __future__ import annotations

import pytest
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, Event
from escalate.policy.engine import EngineError, evaluate
from escalate.policy.loader import PolicyError
from escalate.policy.schema import Policy

RAISED = london("2026-03-02T10:00")  # a Monday
STEPS = """    steps:
      - key: notice
        title: Send the notice
        who: [practitioner@raising]
        document: escalation-notice
      - {key: brief, title: Brief the board members, who: [line-manager@both]}
"""
NOTIFY = """    notify:
      - {key: notice-sent, to: [business-manager@partnership], when: step-done, step: notice,
         text: The notice has gone.}
"""


def _ladder(requires: str = "    requires: [notice]\n", skip: str = "", extra: str = "") -> Policy:
    stages = (
        THREE_STAGES.replace(
            "    deadline: 2 working days\n", "    deadline: 2 working days\n" + STEPS + NOTIFY, 1
        )
        .replace(
            "    deadline: 5 working days\n", "    deadline: 5 working days\n" + requires + skip, 1
        )
        .replace("    deadline: 10 working days\n", "    deadline: 10 working days\n" + extra, 1)
    )
    return policy(stages)


def _state(ladder: Policy, *events: Event, now: str = "2026-03-02T12:00"):  # type: ignore[no-untyped-def]
    return evaluate(ladder, CaseFacts(), [Event("raised", RAISED), *events], london(now))


NOTICE_ISSUED = Event("document-issued", london("2026-03-02T11:00"), document="escalation-notice")
WAITS = "Stage 2 - the managers talk waits for 'Send the notice' at Stage 1 - the workers talk"


def test_escalating_waits_for_the_step_and_says_why() -> None:
    state = _state(_ladder())
    assert not state.allows("escalate")
    [held] = state.held
    assert (held.kind, held.stage, held.label) == (
        "escalate",
        "managers",
        "Escalate to Stage 2 - the managers talk",
    )
    assert held.reason == (f"{WAITS}: the policy asks for the Escalation Notice to be issued first")
    with pytest.raises(EngineError, match=WAITS):
        _state(_ladder(), Event("escalated", london("2026-03-02T11:30")))


def test_once_the_document_is_issued_the_case_may_move_on() -> None:
    state = _state(_ladder(), NOTICE_ISSUED)
    assert state.allows("escalate", "managers")
    assert state.held == ()
    moved = _state(_ladder(), NOTICE_ISSUED, Event("escalated", london("2026-03-02T11:30")))
    assert moved.current.key == "managers"


def test_a_step_with_a_document_is_done_only_by_issuing_it() -> None:
    state = _state(_ladder())
    offered = [a.step for a in state.allowed_actions if a.kind == "complete-step"]
    assert offered == ["brief"]  # never 'notice'
    with pytest.raises(EngineError, match="'Send the notice' is done by issuing the Escalation"):
        _state(_ladder(), Event("step-done", london("2026-03-02T11:00"), step="notice"))
    done = _state(_ladder(), NOTICE_ISSUED)
    notice = done.current.steps[0]
    assert notice.done_at == london("2026-03-02T11:00")
    # The notification the step's completion causes fires when the document is issued.
    assert [n.key for n in done.notifications_due] == ["notice-sent"]


def test_another_document_does_not_do_the_step() -> None:
    form = Event("document-issued", london("2026-03-02T11:00"), document="resolution-form")
    state = _state(_ladder(), form)
    assert state.current.steps[0].done_at is None
    assert not state.allows("escalate")


def test_a_document_issued_after_the_case_closed_is_a_note() -> None:
    resolved = Event("resolved", london("2026-03-02T11:00"))
    form = Event("document-issued", london("2026-03-02T11:30"), document="escalation-notice")
    state = _state(_ladder(), resolved, form)
    assert state.status == "resolved"
    assert state.history[0].steps[0].done_at is None


def test_skipping_past_a_waiting_stage_waits_too() -> None:
    skip = "    skip: [{when: discretion, by: [business-manager]}]\n"
    state = _state(_ladder(skip=skip))
    assert [(h.kind, h.stage) for h in state.held] == [
        ("escalate", "managers"),
        ("skip", "panel"),
    ]
    assert not state.allows("skip")
    with pytest.raises(EngineError, match=WAITS):
        _state(_ladder(skip=skip), Event("skipped", london("2026-03-02T11:30"), stage="panel"))
    state = _state(_ladder(skip=skip), NOTICE_ISSUED)
    assert state.allows("skip", "panel")


def test_a_stage_may_wait_for_a_step_two_stages_back() -> None:
    ladder = _ladder(requires="", extra="    requires: [workers/brief]\n")
    to_managers = Event("escalated", london("2026-03-02T11:30"))
    state = _state(ladder, to_managers)
    [held] = state.held
    assert held.reason.startswith(
        "Stage 3 - the panel decides waits for 'Brief the board members' at Stage 1"
    )
    assert held.reason.endswith("the policy asks for it to be done first")
    briefed = Event("step-done", london("2026-03-02T11:00"), step="brief")
    state = _state(ladder, briefed, to_managers)
    assert state.allows("escalate", "panel")


def test_an_overdue_stage_that_waits_is_not_offered_nor_escalated_by_itself() -> None:
    stages = THREE_STAGES.replace(
        "    deadline: 2 working days\n",
        "    deadline: 2 working days\n    escalate_when_overdue: true\n" + STEPS,
        1,
    ).replace(
        "    deadline: 5 working days\n",
        "    deadline: 5 working days\n    requires: [notice]\n",
        1,
    )
    ladder = policy(stages)
    late = _state(ladder, now="2026-03-05T09:00")  # the deadline was Wednesday 17:00
    assert late.overdue == ("stage:workers",)
    assert (late.escalation_offered, late.escalate_automatically) == (False, None)
    issued = _state(ladder, NOTICE_ISSUED, now="2026-03-05T09:00")
    assert issued.escalation_offered
    assert issued.escalate_automatically == london("2026-03-04T17:00")


def test_a_step_an_outcome_made_unneeded_does_not_hold_the_case() -> None:
    stages = THREE_STAGES.replace(
        "    deadline: 2 working days\n",
        "    deadline: 2 working days\n"
        "    steps:\n"
        "      - {key: ask, title: Ask, who: [practitioner@raising], outcomes: [yes, no]}\n"
        "      - {key: follow, title: Follow up, who: [practitioner@raising],\n"
        "         if: {step: ask, outcome: [yes]}}\n",
        1,
    ).replace(
        "    deadline: 5 working days\n",
        "    deadline: 5 working days\n    requires: [follow]\n",
        1,
    )
    ladder = policy(stages)
    answered_no = Event("step-done", london("2026-03-02T11:00"), step="ask", outcome="no")
    assert _state(ladder, answered_no).allows("escalate")
    answered_yes = Event("step-done", london("2026-03-02T11:00"), step="ask", outcome="yes")
    assert not _state(ladder, answered_yes).allows("escalate")


@pytest.mark.parametrize(
    ("requires", "path", "message"),
    [
        ("[missing]", ("stages", 1, "requires", 0, "step"), "'missing' is not a step of 'workers'"),
        ("[panel/notice]", ("stages", 1, "requires", 0, "stage"), "'panel' is not an earlier"),
        ("[managers/notice]", ("stages", 1, "requires", 0, "stage"), "not an earlier stage"),
    ],
)
def test_a_requirement_names_a_step_of_an_earlier_stage(
    requires: str, path: tuple[object, ...], message: str
) -> None:
    with pytest.raises(PolicyError) as raised:
        _ladder(requires=f"    requires: {requires}\n")
    problems = [(p.path, p.message) for p in raised.value.problems]
    assert any(p == path and message in m for p, m in problems), problems


def test_the_first_stage_cannot_wait() -> None:
    stages = THREE_STAGES.replace(
        "    deadline: 2 working days\n", "    deadline: 2 working days\n    requires: [x]\n", 1
    )
    with pytest.raises(PolicyError, match="the first stage cannot wait for a step"):
        policy(stages)
