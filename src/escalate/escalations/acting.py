"""What taking an action needs, whoever asks (a page or the API): is the action open to this
person now, and what a filled-in action form records."""

from __future__ import annotations

from typing import Any

from escalate.escalations import agreement, rules
from escalate.escalations.models import Escalation
from escalate.escalations.selectors import history
from escalate.escalations.services import escalation_state
from escalate.partnerships.models import Person
from escalate.policy.case import AllowedAction


def allowed_action(
    person: Person, escalation: Escalation, action: str, stage: str = "", step: str = ""
) -> AllowedAction | None:
    """The action (at ``stage``, for ``step``, when given) if ``person`` may take it now."""
    state = escalation_state(escalation)
    if action == "dispute":
        if not agreement.may_dispute_now(person, escalation, history(escalation)):
            return None
        return AllowedAction("add-note", "Say you do not agree with the outcome")
    if action == "mash-referral":
        if not rules.can_record_mash_referral(person, escalation, state.allowed_actions):
            return None
        return AllowedAction("add-note", "Record a MASH referral")
    for allowed in rules.actions_for(person, escalation, state.allowed_actions):
        if (
            allowed.kind == action
            and (not stage or allowed.stage == stage)
            and (not step or allowed.step == step)
        ):
            return allowed
    return None


def refusal_for(
    person: Person, escalation: Escalation, action: str, stage: str = "", step: str = ""
) -> str | None:
    """Why ``person`` may not take an action the engine allows now, where the reason is the
    stage's rule of who may act (``may``); None otherwise (the action is not there at all)."""
    for allowed in escalation_state(escalation).allowed_actions:
        if (
            allowed.kind == action
            and (not stage or allowed.stage == stage)
            and (not step or allowed.step == step)
        ):
            return rules.refusal(person, escalation, allowed)
    return None


def action_payload(action: str, cleaned: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The text and the data an action's form records."""
    if action == "record-discussion":
        extra = {k: cleaned[k] for k in ("who", "method", "agreed", "disagreed")}
        return cleaned["text"], extra
    if action == "resolve":
        return cleaned["text"], {"outstanding": cleaned["outstanding"]}
    if action == "pause":
        return cleaned["text"], {"reason": cleaned["reason"]}
    if action == "complete-step" and cleaned.get("outcome"):
        return cleaned["text"], {"outcome": cleaned["outcome"]}
    return cleaned["text"], {}
