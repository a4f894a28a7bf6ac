"""Who closes an escalation. It is resolved when the sides whose agreement the stage needs
have each agreed the outcome (``rules.agreement_needed``): the first side's agreement is kept
as an event and the other side is asked for theirs. The partnership's people the policy
names at the stage may record the outcome the sides agreed in front of them. A party who
does not agree with the recorded outcome, or with the other side's, says so with a reason:
that reopens a resolution at the stage where it was recorded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Final

from escalate.escalations import rules
from escalate.escalations.errors import ActionRefused
from escalate.escalations.models import Escalation, Event, EventKind, Participant
from escalate.partnerships.models import Person
from escalate.policy.case import AllowedAction

# Events after which agreements recorded earlier no longer count.
_ENDS: Final = frozenset(
    {
        EventKind.ESCALATED,
        EventKind.SKIPPED,
        EventKind.RESOLVED,
        EventKind.WITHDRAWN,
        EventKind.DECISION,
        EventKind.DISPUTED,
    }
)


def waiting_agreements(events: Sequence[Event]) -> list[Event]:
    """The sides' agreements to an outcome at the current stage, not yet answered."""
    waiting: list[Event] = []
    for event in events:
        if event.kind == EventKind.RESOLUTION_PROPOSED:
            waiting.append(event)
        elif event.kind in _ENDS:
            waiting = []
    return waiting


def standing_resolution(events: Sequence[Event]) -> Event | None:
    """The resolution the escalation stands resolved by, if nobody has disputed it."""
    disputed = {e.data.get("resolved") for e in events if e.kind == EventKind.DISPUTED}
    for event in reversed(events):
        if event.kind == EventKind.RESOLVED:
            return None if event.sequence in disputed else event
    return None


def agency_name(escalation: Escalation, side: str) -> str:
    agency = escalation.raising_agency if side == "raising" else escalation.receiving_agency
    return agency.name


def represented(escalation: Escalation) -> frozenset[str]:
    """The sides with someone party to the escalation in Escalate. Where nobody from the
    receiving agency is in the directory, the raising side's agreement is what there is."""
    sides = {"raising"}
    if Participant.objects.filter(
        escalation=escalation, person__agency_id=escalation.receiving_agency_id
    ).exists():
        sides.add("receiving")
    return frozenset(sides)


def resolution_record(
    escalation: Escalation, actor: Person, events: Sequence[Event], data: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The event a resolution by ``actor`` writes, and its data: the resolution itself once
    every side needed has agreed, else this side's agreement, waiting for the other."""
    stage = escalation.policy.stage(escalation.current_stage)
    needed = rules.agreement_needed(stage) & represented(escalation)
    side = rules.side_of(actor, escalation)
    if side not in needed:  # named by the policy at the stage: recorded for the sides
        return EventKind.RESOLVED, {**data, "agreed_by": sorted(needed), "recorded_for": True}
    waiting = waiting_agreements(events)
    agreed = {str(event.data.get("side")) for event in waiting}
    if side in agreed:
        others = [agency_name(escalation, s) for s in sorted(needed - agreed)]
        raise ActionRefused(
            f"{agency_name(escalation, side)} has already agreed an outcome at this stage. "
            f"It is resolved when {' and '.join(others)} agree"
        )
    agreed.add(side)
    if agreed >= needed:
        return EventKind.RESOLVED, {
            **data,
            "agreed_by": sorted(agreed),
            "agreements": [event.sequence for event in waiting],
        }
    return EventKind.RESOLUTION_PROPOSED, {**data, "side": side}


def dispute_data(escalation: Escalation, actor: Person, events: Sequence[Event]) -> dict[str, Any]:
    """What ``actor``'s dispute answers: the standing resolution, or the agreements waiting.
    Refused, with the reason, where there is nothing they may dispute."""
    stage = escalation.policy.stage(escalation.current_stage)
    if not rules.may_dispute(actor, escalation, stage):
        raise ActionRefused(
            "Only the agencies whose agreement the outcome needed can dispute it. Add a note "
            "instead"
        )
    resolution = standing_resolution(events)
    if escalation.status == "resolved" and resolution is not None:
        return {"resolved": resolution.sequence, "side": rules.side_of(actor, escalation)}
    waiting = waiting_agreements(events)
    if escalation.status == "open" and waiting:
        return {
            "agreements": [event.sequence for event in waiting],
            "side": rules.side_of(actor, escalation),
        }
    raise ActionRefused("There is no recorded outcome to dispute on this escalation")


def may_dispute_now(person: Person, escalation: Escalation, events: Sequence[Event]) -> bool:
    try:
        dispute_data(escalation, person, events)
    except ActionRefused:
        return False
    return True


def agreed_by_the_other_side(
    escalation: Escalation, person: Person, events: Sequence[Event]
) -> Event | None:
    """The other side's agreement to an outcome that waits for ``person``'s side."""
    side = rules.side_of(person, escalation)
    waiting = [e for e in waiting_agreements(events) if e.data.get("side") != side]
    return waiting[0] if waiting else None


def labelled(
    escalation: Escalation, person: Person, events: Sequence[Event], actions: list[AllowedAction]
) -> list[AllowedAction]:
    """The actions, with the resolve action's words saying whose outcome waits for them (and
    none for a side that has agreed already and waits for the other)."""
    side = rules.side_of(person, escalation)
    if any(e.data.get("side") == side for e in waiting_agreements(events)):
        return [a for a in actions if a.kind != "resolve"]
    other = agreed_by_the_other_side(escalation, person, events)
    if other is None:
        return actions
    label = f"Agree the outcome {agency_name(escalation, str(other.data['side']))} recorded"
    return [replace(a, label=label) if a.kind == "resolve" else a for a in actions]
