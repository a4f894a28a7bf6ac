"""Each action's form, whoever fills it in (a page or the API): its heading, its form, its
button and what is said once it is done; and the one way a filled-in form is taken, the
actions that are not the engine's (a MASH referral, a dispute) through their own services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from escalate.escalations.acting import action_payload
from escalate.escalations.forms import (
    DiscussionForm,
    PauseForm,
    ReasonForm,
    ResolveForm,
    StepDoneForm,
)
from escalate.escalations.models import Escalation, Event
from escalate.escalations.services import (
    escalation_act,
    escalation_dispute,
    escalation_record_mash_referral,
)
from escalate.partnerships.models import Person
from escalate.policy.case import AllowedAction

FormFactory = Callable[..., forms.Form]


def _reason(label: str, required: str, name: str) -> FormFactory:
    def build(*args: Any, **kwargs: Any) -> forms.Form:
        return ReasonForm(*args, label=label, required=required, name=name, **kwargs)

    return build


# action -> (page heading, form, button, message on success)
ACTIONS: dict[str, tuple[str, FormFactory, str, str]] = {
    "record-discussion": (
        "Record a discussion",
        DiscussionForm,
        "Save the discussion",
        "Discussion recorded",
    ),
    "add-note": (
        "Add a note",
        _reason("Note", "Enter the note", "The note"),
        "Save the note",
        "Note added",
    ),
    "complete-step": (
        "Record a step as done",
        _reason("What was done", "Enter what was done", "What was done"),
        "Record it as done",
        "Step recorded as done",
    ),
    "escalate": (
        "Escalate to the next stage",
        _reason("Why are you escalating it?", "Enter why you are escalating it", "The reason"),
        "Escalate",
        "Escalated",
    ),
    "skip": (
        "Skip to a later stage",
        _reason(
            "Why are you skipping to this stage?",
            "Enter why you are skipping to this stage",
            "The reason",
        ),
        "Skip to this stage",
        "Moved to the later stage",
    ),
    "resolve": (
        "Record that it is resolved",
        ResolveForm,
        "Record as resolved",
        "Recorded as resolved",
    ),
    "withdraw": (
        "Withdraw the escalation",
        _reason("Why are you withdrawing it?", "Enter why you are withdrawing it", "The reason"),
        "Withdraw it",
        "Withdrawn",
    ),
    "record-decision": (
        "Record the decision",
        _reason("The decision", "Enter the decision", "The decision"),
        "Record the decision",
        "Decision recorded",
    ),
    "report-policy-gap": (
        "Report a gap in policy or procedure",
        _reason(
            "What gap in policy or procedure did this show?",
            "Enter the gap in policy or procedure",
            "The gap",
        ),
        "Report the gap",
        "Gap reported to the partnership",
    ),
    "dispute": (
        "Say you do not agree with the outcome",
        _reason(
            "Why do you not agree with the outcome?",
            "Enter why you do not agree with the outcome",
            "The reason",
        ),
        "Send, and reopen it",
        "Recorded that you do not agree: everyone party to it has been told",
    ),
    "pause": (
        "Pause the clock while waiting",
        PauseForm,
        "Pause the clock",
        "Clock paused: its deadlines wait until it is resumed",
    ),
    "resume": (
        "Resume the clock",
        _reason(
            "What has happened?",
            "Enter what has happened, so that the clock can restart",
            "What has happened",
        ),
        "Resume the clock",
        "Clock restarted: its deadlines count again",
    ),
    "mash-referral": (
        "Record a MASH referral",
        _reason(
            "Details of the referral (when it was made and its reference)",
            "Enter when the referral was made and its reference",
            "The referral's details",
        ),
        "Save the referral",
        "MASH referral recorded",
    ),
}


def action_form(
    action: str,
    escalation: Escalation,
    *args: Any,
    allowed: AllowedAction | None = None,
    **kwargs: Any,
) -> forms.Form:
    """``action``'s form for ``escalation``: pausing chooses from its policy's pause_reasons;
    a step the policy lists outcomes for asks which (``allowed`` names the step)."""
    factory = ACTIONS[action][1]
    if action == "complete-step" and allowed is not None:
        factory = step_form(escalation, allowed) or factory
    if action == "pause":
        reasons = [(r.key, r.label) for r in escalation.policy.pause_reasons]
        return factory(*args, reasons=reasons, **kwargs)
    return factory(*args, **kwargs)


# Actions that are not the engine's, each with its own service.
SPECIAL: dict[str, Callable[..., Event]] = {
    "mash-referral": escalation_record_mash_referral,
    "dispute": escalation_dispute,
}


def take_action(
    *,
    escalation: Escalation,
    actor: Person,
    action: str,
    allowed: AllowedAction,
    expected_version: int,
    cleaned: dict[str, Any],
) -> Event:
    """Record what ``action``'s valid form (``cleaned``) says, as ``allowed`` (from
    ``acting.allowed_action``) permits: ``ActionRefused`` or ``ConcurrentChange`` if not."""
    text, data = action_payload(action, cleaned)
    if action in SPECIAL:
        return SPECIAL[action](
            escalation=escalation, actor=actor, expected_version=expected_version, text=text
        )
    return escalation_act(
        escalation=escalation,
        actor=actor,
        action=action,
        expected_version=expected_version,
        text=text,
        stage=allowed.stage,
        step=allowed.step,
        data=data,
    )


def step_form(escalation: Escalation, allowed: AllowedAction) -> FormFactory | None:
    """The form for a step the policy lists outcomes for: it asks which."""
    stage = escalation.policy.stage(allowed.stage or escalation.current_stage)
    step = next((s for s in stage.steps if s.key == allowed.step), None)
    if step is None or not step.outcomes:
        return None
    outcomes = list(step.outcomes)

    def build(*args: Any, **kwargs: Any) -> forms.Form:
        return StepDoneForm(*args, outcomes=outcomes, **kwargs)

    return build
