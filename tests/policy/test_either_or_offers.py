"""A step that applies only for an earlier step's outcome is not offered until that outcome
is recorded: offering it would only lead to a refusal (issue 14, item 3)."""

from __future__ import annotations

from test_either_or import RAISED, _ladder

from escalate.policy.case import CaseFacts, Event
from escalate.policy.engine import evaluate
from escalate.policy.loader import shipped_policies


def _offered(*events: Event) -> list[str | None]:
    state = evaluate(_ladder(), CaseFacts(), [Event("raised", RAISED), *events], RAISED)
    return [a.step for a in state.allowed_actions if a.kind == "complete-step"]


def test_the_meeting_is_offered_only_once_agreement_was_not_reached() -> None:
    assert _offered() == ["agree"]
    assert _offered(Event("step-done", RAISED, step="agree", outcome="not-agreed")) == ["meet"]
    assert _offered(Event("step-done", RAISED, step="agree", outcome="agreed")) == []


def test_bromley_stage_four_asks_the_chair_which_way_before_the_direct_route() -> None:
    bromley = shipped_policies()["bromley"]
    [stage] = [s for s in bromley.stages if s.key == "bscb-chair"]
    choose, direct = stage.steps
    assert choose.outcomes == ["direct-with-senior-managers", "resolution-panel"]
    assert direct.only_if is not None
    assert direct.only_if.outcome == ["direct-with-senior-managers"]
