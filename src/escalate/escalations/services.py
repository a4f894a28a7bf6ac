"""Everything that changes an escalation once it is raised (raising is in
``escalations.raising``). The policy engine decides what is allowed; every change is one new
event, written with the escalation's derived columns in one transaction.

Two people acting on one escalation at once: each action names the version it was based
on; the first wins, the second gets ``ConcurrentChange`` with the events it had not seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from escalate.escalations import agreement, hooks, rules
from escalate.escalations.errors import CLOSED_MESSAGES
from escalate.escalations.errors import ActionRefused as ActionRefused
from escalate.escalations.errors import ConcurrentChange as ConcurrentChange
from escalate.escalations.history import engine_history, facts_for, step_event_kind
from escalate.escalations.models import (
    Escalation,
    Event,
    EventKind,
    Participant,
    Status,
)
from escalate.escalations.participants import list_copies, refresh_participants
from escalate.notifications import outbox
from escalate.partnerships.models import Person
from escalate.policy import permits
from escalate.policy.case import AllowedAction, CaseState
from escalate.policy.engine import EngineError, evaluate


def escalation_state(
    escalation: Escalation,
    now: dt.datetime | None = None,
    *,
    events: Sequence[Event] | None = None,
) -> CaseState:
    """Where the escalation stands; ``events`` (in order) if the caller has them already."""
    history = escalation.events.order_by("sequence") if events is None else events
    policy = escalation.policy
    return evaluate(
        policy, facts_for(escalation), engine_history(list(history), policy), now or timezone.now()
    )


def append_event(
    escalation: Escalation,
    *,
    actor: Person | None,
    kind: str,
    expected_version: int,
    now: dt.datetime,
    text: str = "",
    data: dict[str, Any] | None = None,
    everyone: bool = False,
) -> Event:
    """Write one event; ``everyone`` tells every person party to the escalation of it."""
    data = dict(data or {})
    with transaction.atomic():
        locked = (
            Escalation.objects.select_for_update()
            .select_related("policy_version", "partnership", "raising_agency", "receiving_agency")
            .get(pk=escalation.pk)
        )
        if locked.version != expected_version:
            raise ConcurrentChange(
                list(
                    locked.events.filter(sequence__gt=expected_version)
                    .select_related("actor")
                    .order_by("sequence")
                )
            )
        policy = locked.policy
        draft = Event(kind=kind, at=now, data=data, sequence=expected_version + 1)
        history = engine_history([*locked.events.order_by("sequence"), draft], policy)
        try:
            state = evaluate(policy, facts_for(locked), history, now)
        except EngineError as error:
            raise ActionRefused(str(error)[:1].upper() + str(error)[1:]) from None
        try:
            with transaction.atomic():
                event = Event.objects.create(
                    escalation=locked,
                    sequence=expected_version + 1,
                    kind=kind,
                    actor=actor,
                    at=now,
                    stage=data.get("from_stage", state.current.key),
                    text=text,
                    data=data,
                )
        except IntegrityError:
            raise ConcurrentChange(
                list(locked.events.filter(sequence__gt=expected_version).order_by("sequence"))
            ) from None
        resolution = _resolution(locked, event, state.status)
        updated = Escalation.objects.filter(pk=locked.pk, version=expected_version).update(
            version=expected_version + 1,
            current_stage=state.current.key,
            status=state.status,
            next_deadline=state.next_deadline,
            next_warning=state.next_warning,
            **resolution,
        )
        if updated != 1:
            raise ConcurrentChange([])
        copies = list_copies(locked)
        locked.version = expected_version + 1
        locked.current_stage = state.current.key
        locked.status = state.status
        locked.next_deadline = state.next_deadline
        for name, value in resolution.items():
            setattr(locked, name, value)
        if list_copies(locked) != copies:
            # The participants' copies of the lists' keys (Participant), with every event
            # that moves them, notifications sent included.
            Participant.objects.filter(escalation_id=locked.pk).update(**list_copies(locked))
        if kind != EventKind.NOTIFIED:
            refresh_participants(locked, policy, state)
            outbox.enqueue_for_event(locked, policy, state, event, now=now, everyone=everyone)
            hooks.recorded(locked, event)
    return event


def _resolution(escalation: Escalation, event: Event, status: str) -> dict[str, Any]:
    """The stored resolution columns after ``event``: set by the resolution itself (no side
    has confirmed it yet), a side's confirmation of that resolution marked, all kept while
    the escalation stays resolved and cleared once it is not."""
    unconfirmed = {"raising_confirmed": False, "receiving_confirmed": False}
    if status == Status.RESOLVED and event.kind == EventKind.RESOLVED:
        return {"resolved_at": event.at, "resolved_sequence": event.sequence, **unconfirmed}
    if status != Status.RESOLVED:
        return {"resolved_at": None, "resolved_sequence": None, **unconfirmed}
    side = event.data.get("side")
    standing = event.data.get("resolved") == escalation.resolved_sequence
    if event.kind == EventKind.OUTCOME_CONFIRMED and standing and side in ("raising", "receiving"):
        return {f"{side}_confirmed": True}
    return {}


def _permitted(
    escalation: Escalation,
    actor: Person,
    kind: str,
    *,
    stage: str | None = None,
    step: str | None = None,
    now: dt.datetime,
) -> AllowedAction:
    state = escalation_state(escalation, now)
    for action in state.allowed_actions:
        if (
            action.kind == kind
            and (stage is None or action.stage == stage)
            and (step is None or action.step == step)
        ):
            if not rules.can_take(actor, escalation, action):
                reason = rules.refusal(actor, escalation, action)
                raise ActionRefused(
                    f"{reason or 'You cannot do this on this escalation'}. Ask the "
                    "partnership's business manager if you think you should"
                )
            return action
    if escalation.status != Status.OPEN:
        raise ActionRefused(CLOSED_MESSAGES.get(escalation.status, "This escalation is closed"))
    raise ActionRefused("The policy does not allow this at the current stage")


def escalation_act(
    *,
    escalation: Escalation,
    actor: Person,
    action: str,
    expected_version: int,
    text: str = "",
    stage: str | None = None,
    step: str | None = None,
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Event:
    """Take one of the actions the engine allows: the single door for every change."""
    now = now or timezone.now()
    meeting = escalation.policy.stage(escalation.current_stage).meeting
    if (
        action == "record-decision"
        and meeting is not None
        and not (data or {}).get("meeting_stage")
    ):
        raise ActionRefused(
            f"The decision at this stage is the {meeting.name}'s: record it on the meeting's "
            "page once it has been held"
        )
    allowed = _permitted(escalation, actor, action, stage=stage, step=step, now=now)
    payload = dict(data or {})
    everyone = False
    kind: str = _KIND_OF_ACTION[action]
    payload["from_stage"] = escalation.current_stage
    if action in permits.CHECKED:  # who did it, as the engine checks it on every replay
        payload["actor"] = rules.actor_data(rules.actor_for(actor, escalation))
    if action in ("escalate", "skip"):
        payload["to_stage"] = allowed.stage
    if action == "complete-step":
        payload["step"] = step
        kind = step_event_kind(escalation.policy, escalation.current_stage, step) or kind
    if action == "record-decision":
        decision = escalation.policy.stage(escalation.current_stage).decision
        payload["binding"] = bool(decision and decision.binding and decision.final)
        everyone = payload["binding"]  # every party, their managers and the front-line staff
    if action == "pause":
        reasons = {r.key for r in escalation.policy.pause_reasons}
        if payload.get("reason") not in reasons:
            raise ActionRefused("Select what the escalation is waiting for from the list")
    if action == "resolve":
        events = list(escalation.events.order_by("sequence"))
        kind, payload = agreement.resolution_record(escalation, actor, events, payload)
    return append_event(
        escalation,
        actor=actor,
        kind=kind,
        expected_version=expected_version,
        now=now,
        text=text.strip(),
        data=payload,
        everyone=everyone,
    )


_KIND_OF_ACTION = {
    "record-discussion": EventKind.DISCUSSION,
    "add-note": EventKind.NOTE,
    "complete-step": EventKind.STEP_DONE,
    "escalate": EventKind.ESCALATED,
    "skip": EventKind.SKIPPED,
    "resolve": EventKind.RESOLVED,
    "withdraw": EventKind.WITHDRAWN,
    "record-decision": EventKind.DECISION,
    "report-policy-gap": EventKind.POLICY_GAP,
    "pause": EventKind.PAUSED,
    "resume": EventKind.RESUMED,
}


def escalation_dispute(
    *,
    escalation: Escalation,
    actor: Person,
    expected_version: int,
    text: str,
    now: dt.datetime | None = None,
) -> Event:
    """``actor`` does not agree with the recorded outcome (or the other side's agreement),
    for the reason given: a resolution is reopened at its stage, and everyone party to the
    escalation is told."""
    now = now or timezone.now()
    if not text.strip():
        raise ActionRefused("Enter why you do not agree with the outcome")
    events = list(escalation.events.order_by("sequence"))
    data = agreement.dispute_data(escalation, actor, events)
    return append_event(
        escalation,
        actor=actor,
        kind=EventKind.DISPUTED,
        expected_version=expected_version,
        now=now,
        text=text.strip(),
        data={"from_stage": escalation.current_stage, **data},
        everyone=True,
    )


def escalation_record_mash_referral(
    *,
    escalation: Escalation,
    actor: Person,
    expected_version: int,
    text: str,
    now: dt.datetime | None = None,
) -> Event:
    now = now or timezone.now()
    if escalation.status != Status.OPEN:
        raise ActionRefused("A MASH referral can only be recorded on an open escalation")
    if not rules.names_mash(escalation):
        raise ActionRefused(
            f"{escalation.partnership.short_name}'s procedure does not name a MASH. Record "
            "the referral in a note instead"
        )
    _permitted(escalation, actor, "add-note", now=now)
    return append_event(
        escalation,
        actor=actor,
        kind=EventKind.MASH_REFERRAL,
        expected_version=expected_version,
        now=now,
        text=text.strip(),
        data={"from_stage": escalation.current_stage},
    )


# Records that other parts of Escalate add to the history (documents, confirmations,
# meetings, learning). Anyone who may add a note may add them; whether the escalation must
# still be open is the caller's rule.
RECORD_KINDS = frozenset(
    {
        EventKind.DOCUMENT_ISSUED,
        EventKind.OUTCOME_CONFIRMED,
        EventKind.MEETING_CONVENED,
        EventKind.REPRESENTATION,
        EventKind.MEETING_HELD,
        EventKind.MEETING_REARRANGED,
        EventKind.MEETING_CANCELLED,
        EventKind.LEARNING,
    }
)


def escalation_add_record(
    *,
    escalation: Escalation,
    actor: Person | None,
    kind: str,
    expected_version: int,
    text: str = "",
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Event:
    """Append one record event; ``actor`` None means Escalate itself did it."""
    if kind not in RECORD_KINDS:
        raise ValueError(f"{kind!r} is not a record kind")
    now = now or timezone.now()
    if actor is not None:
        _permitted(escalation, actor, "add-note", now=now)
    return append_event(
        escalation,
        actor=actor,
        kind=kind,
        expected_version=expected_version,
        now=now,
        text=text.strip(),
        data={"from_stage": escalation.current_stage, **(data or {})},
    )
