"""Which of the actions a person may take is the next step the policy expects, so the page can
make it the one primary button: a decision where the stage ends in one, escalating once the
deadline has passed, a step still to do, else recording the stage's discussion. Withdrawing is
kept apart, as a warning, so it is never taken for the way forward."""

from __future__ import annotations

from dataclasses import dataclass

from escalate.policy.case import AllowedAction

# In order of precedence: the first kind present (and, for escalate, offered) is the next step.
_EXPECTED = ("record-decision", "escalate-offered", "complete-step", "record-discussion")


@dataclass(frozen=True)
class ActionsShown:
    primary: AllowedAction | None
    others: list[AllowedAction]
    withdraw: AllowedAction | None


def _kind(action: AllowedAction) -> str:
    return "escalate-offered" if action.kind == "escalate" and action.offered else action.kind


def actions_shown(actions: list[AllowedAction]) -> ActionsShown:
    """Split ``actions`` (those the person may take, in the engine's order) into the next
    step, the rest in order, and withdrawing."""
    primary = next(
        (action for kind in _EXPECTED for action in actions if _kind(action) == kind), None
    )
    withdraw = next((action for action in actions if action.kind == "withdraw"), None)
    others = [action for action in actions if action is not primary and action is not withdraw]
    return ActionsShown(primary, others, withdraw)
