"""Deadlines counted from a step in an earlier stage; provisional dates for steps counted
from a step not yet done (issue 14, item 8)."""

from __future__ import annotations

import pytest
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, Event
from escalate.policy.engine import evaluate
from escalate.policy.loader import PolicyError
from escalate.policy.schema import Policy

NOTICE = """    steps:
      - {key: notice, title: Send the notice, who: [practitioner@raising]}
"""
REPLY = """    steps:
      - key: reply
        title: Reply to the notice
        who: [line-manager@receiving]
        due: {within: 10 working days, after: notice, stage: workers}
"""
RAISED = london("2026-03-02T10:00")


def _ladder(reply: str = REPLY) -> Policy:
    stages = THREE_STAGES.replace(
        "    deadline: 2 working days\n", "    deadline: 2 working days\n" + NOTICE, 1
    ).replace("    deadline: 5 working days\n", "    deadline: 5 working days\n" + reply, 1)
    return policy(stages)


def test_a_step_counts_from_a_step_done_in_an_earlier_stage() -> None:
    events = [
        Event("raised", RAISED),
        Event("step-done", london("2026-03-03T11:00"), step="notice"),  # Tuesday
        Event("escalated", london("2026-03-04T10:00")),
    ]
    state = evaluate(_ladder(), CaseFacts(), events, london("2026-03-04T10:00"))
    (reply,) = state.current.steps
    # 10 working days after Tuesday 3 March: Tuesday 17 March, not from the stage's start.
    assert reply.due == london("2026-03-17T17:00")
    assert reply.provisional is False


def test_without_the_earlier_step_done_there_is_no_date() -> None:
    events = [Event("raised", RAISED), Event("escalated", london("2026-03-04T10:00"))]
    state = evaluate(_ladder(), CaseFacts(), events, london("2026-03-04T10:00"))
    assert state.current.steps[0].due is None


def test_a_step_after_one_not_yet_done_shows_a_provisional_date() -> None:
    stages = THREE_STAGES.replace(
        "    deadline: 2 working days\n",
        "    deadline: 2 working days\n"
        "    steps:\n"
        "      - {key: ask, title: Ask, who: [practitioner@raising], due: 1 working day}\n"
        "      - key: answer\n"
        "        title: Answer\n"
        "        who: [practitioner@receiving]\n"
        "        due: {within: 1 working day, after: ask}\n",
        1,
    )
    ladder = policy(stages)
    state = evaluate(ladder, CaseFacts(), [Event("raised", RAISED)], RAISED)
    ask, answer = state.current.steps
    assert (ask.due, ask.provisional) == (london("2026-03-03T17:00"), False)
    assert (answer.due, answer.provisional) == (london("2026-03-04T17:00"), True)
    done = Event("step-done", london("2026-03-02T15:00"), step="ask")
    state = evaluate(ladder, CaseFacts(), [Event("raised", RAISED), done], done.at)
    answer = state.current.steps[1]
    assert (answer.due, answer.provisional) == (london("2026-03-03T17:00"), False)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ("stage: workers}", ("stages", 1, "steps", 0, "due", "stage"), None),
        ("after: notice,", ("stages", 1, "steps", 0, "due", "after"), "'send' is not a step"),
    ],
)
def test_a_wrong_anchor_is_located(
    change: str, path: tuple[object, ...], message: str | None
) -> None:
    replaced = {"stage: workers}": "stage: panel}", "after: notice,": "after: send,"}[change]
    with pytest.raises(PolicyError) as caught:
        _ladder(REPLY.replace(change, replaced))
    (problem,) = caught.value.problems
    assert problem.path == path
    if message:
        assert message in problem.message
    else:
        assert "'panel' is not an earlier stage. Write one of: workers" in problem.message
