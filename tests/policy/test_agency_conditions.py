"""Conditions on the raising and receiving agencies' kinds (issue 14, item 9)."""

from __future__ import annotations

import pytest
from policy_ladder import THREE_STAGES, london, policy

from escalate.policy.case import CaseFacts, Event
from escalate.policy.engine import evaluate
from escalate.policy.loader import PolicyError, shipped_policies
from escalate.policy.render import policy_text
from escalate.policy.schema import Policy

RAISED = london("2026-03-02T10:00")


def _st_helens_at_managers(facts: CaseFacts) -> set[str]:
    policy_ = shipped_policies()["st-helens"]
    events = [
        Event("raised", RAISED),
        Event("escalated", london("2026-03-03T10:00")),
        Event("escalated", london("2026-03-04T10:00")),
    ]
    state = evaluate(policy_, facts, events, london("2026-03-04T10:00"))
    assert state.current.key == "line-managers"
    return {n.key for n in state.notifications_due}


def test_st_helens_team_manager_is_alerted_only_when_social_care_receives_it() -> None:
    assert "social-care-team-manager" in _st_helens_at_managers(
        CaseFacts(raising_agency="health", receiving_agency="childrens-social-care")
    )
    assert "social-care-team-manager" not in _st_helens_at_managers(
        CaseFacts(raising_agency="childrens-social-care", receiving_agency="health")
    )
    assert "social-care-team-manager" not in _st_helens_at_managers(CaseFacts())


NOTIFY = """
    notify:
      - key: tell-police-lead
        to: [designated-safeguarding-lead@raising]
        when: stage-start
        if: {raising_agency: [police], receiving_agency: [health, school]}
        text: Tell the police lead.
"""


def _ladder() -> Policy:
    return policy(
        THREE_STAGES.replace(
            "    deadline: 2 working days\n", "    deadline: 2 working days\n" + NOTIFY[1:], 1
        )
    )


@pytest.mark.parametrize(
    ("raising", "receiving", "told"),
    [
        ("police", "health", True),
        ("police", "school", True),
        ("police", "housing", False),
        ("health", "health", False),
        (None, "health", False),
    ],
)
def test_both_sides_must_hold(raising: str | None, receiving: str, told: bool) -> None:
    facts = CaseFacts(raising_agency=raising, receiving_agency=receiving)  # type: ignore[arg-type]
    state = evaluate(_ladder(), facts, [Event("raised", RAISED)], RAISED)
    assert ("tell-police-lead" in {n.key for n in state.notifications_due}) is told


def test_show_says_which_agencies() -> None:
    assert "if raised by police if it is with health or school" in policy_text(_ladder())


def test_an_unknown_agency_kind_is_located_with_the_kinds_allowed() -> None:
    with pytest.raises(PolicyError) as caught:
        policy(
            THREE_STAGES.replace(
                "    deadline: 2 working days\n",
                "    deadline: 2 working days\n" + NOTIFY[1:].replace("[police]", "[social-care]"),
                1,
            )
        )
    (problem,) = caught.value.problems
    assert problem.path == ("stages", 0, "notify", 0, "if", "raising_agency", 0)
    assert "'social-care' is not allowed here" in problem.message
    assert "childrens-social-care" in problem.message
