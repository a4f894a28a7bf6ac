"""Who may take each action at a stage: the one place the rule lives, asked by the engine
when it replays an event that names its actor and when it lists what an actor may do next,
and by the web app before it shows a button.

A stage's ``may`` names the parties who may escalate, resolve, withdraw, skip or record the
decision there; an action it names is open to those parties and nobody else. An action it
does not name keeps Escalate's own rule:

- escalate and resolve: anyone on a side whose agreement the stage needs (each agency its
  actors belong to; both agencies where only the partnership acts), and the partnership's
  people the stage names among its actors (a mediator, a panel's chair);
- withdraw: the person who raised it (or one of their line managers) and the officers;
- skip: where a stage passed over is skipped at someone's discretion, the roles its rule
  names and the officers; otherwise (a skip for a child at immediate risk) anyone;
- record the decision: the parties the decision is made by, and the officers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from escalate.policy.case import Actor, ActorSide, Event
from escalate.policy.errors import EngineError
from escalate.policy.roles import SIDES
from escalate.policy.schema import Party, Policy, Stage

DISPUTING: Final[frozenset[ActorSide]] = frozenset({"raising", "receiving"})
CHECKED: Final = frozenset({"escalate", "resolve", "withdraw", "skip", "record-decision"})
ACTION_OF_EVENT: Final = {
    "escalated": "escalate",
    "skipped": "skip",
    "resolved": "resolve",
    "withdrawn": "withdraw",
    "decision": "record-decision",
}
VERBS: Final = {
    "escalate": "escalate it",
    "resolve": "record it as resolved",
    "withdraw": "withdraw it",
    "skip": "skip to a later stage",
    "record-decision": "record the decision",
}


def acting_sides(stage: Stage) -> frozenset[ActorSide]:
    """The sides the policy names among the stage's actors ("both" is each agency)."""
    sides: set[ActorSide] = set()
    for party in stage.actors:
        if party.side == "both":
            sides |= DISPUTING
        else:
            sides.add(party.side)
    return frozenset(sides)


def agreeing_sides(stage: Stage) -> frozenset[ActorSide]:
    """Whose agreement resolves the escalation at ``stage``: each agency in the disagreement
    that acts at the stage; where only the partnership acts (a panel, a chair), both."""
    return (acting_sides(stage) & DISPUTING) or DISPUTING


def agreement_needed(stage: Stage) -> frozenset[ActorSide]:
    """The agencies whose agreement resolves it at ``stage``: ``agreeing_sides``, less any
    the stage's ``may: resolve`` leaves out (a side that may not resolve is not waited for);
    none where only the partnership's people may resolve (they record it for the sides)."""
    sides = agreeing_sides(stage)
    if stage.may.resolve is None:
        return sides
    named: set[ActorSide] = set()
    for party in stage.may.resolve:
        if party.side == "both":
            named |= DISPUTING
        elif party.side != "partnership":
            named.add(party.side)
    return sides & frozenset(named)


def fills(party: Party, actor: Actor) -> bool:
    """Does ``actor`` fill ``party``? A partnership role is anyone's in the partnership who
    holds it; an agency's role is theirs on that side."""
    if party.role not in actor.roles:
        return False
    if party.side == "partnership":
        return True
    if party.side == "both":
        return actor.side in DISPUTING
    return party.side == actor.side


def permitted(stage: Stage, kind: str, actor: Actor, roles: Sequence[str] = ()) -> bool:
    """May ``actor`` take the action ``kind`` at ``stage``? ``roles``: for a skip, the roles
    whose discretion it is (from the skip rules of the stages passed over)."""
    if kind not in CHECKED:
        return True
    listed = stage.may.listed().get(kind)
    if listed is not None:
        return any(fills(party, actor) for party in listed)
    if kind in ("escalate", "resolve"):
        if actor.side in agreeing_sides(stage):
            return True
        named = {party.role for party in stage.actors if party.side == "partnership"}
        return actor.side == "partnership" and bool(actor.roles & named)
    if kind == "withdraw":
        return actor.officer or actor.raised_it
    if kind == "skip":
        return not roles or actor.officer or bool(actor.roles & set(roles))
    decision = stage.decision
    return decision is not None and (
        actor.officer or any(fills(party, actor) for party in decision.by)
    )


def describe(policy: Policy, parties: Sequence[Party]) -> str:
    """'a Line manager or supervisor of both agencies or a Partnership chair' and so on."""
    named = [
        f"{policy.role_label(party.role)} ({SIDES[party.side]})"
        if party.side != "partnership"
        else policy.role_label(party.role)
        for party in parties
    ]
    return ", ".join(named[:-1]) + (" or " if len(named) > 1 else "") + named[-1]


def refusal(
    policy: Policy, stage: Stage, kind: str, actor: Actor, roles: Sequence[str] = ()
) -> str | None:
    """Why ``actor`` may not take the action ``kind`` at ``stage``, in plain words; None if
    they may."""
    if permitted(stage, kind, actor, roles):
        return None
    listed = stage.may.listed().get(kind)
    who = (
        f"only {describe(policy, listed)} may {VERBS[kind]}"
        if listed
        else f"you are not among those who may {VERBS[kind]}"
    )
    return f"at {stage.title}, {who}"


def check(policy: Policy, stage: Stage, event: Event, roles: Sequence[str] = ()) -> None:
    """Refuse ``event`` with the plain reason if its actor may not take it at ``stage``
    (an event with no actor is Escalate's own, or from before actors were kept)."""
    kind = ACTION_OF_EVENT.get(event.kind)
    if event.actor is None or kind is None:
        return
    reason = refusal(policy, stage, kind, event.actor, roles)
    if reason is not None:
        raise EngineError(reason)


def problems(policy: Policy) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with the stages' ``may``, each with its key path (``references``)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    last = len(policy.stages) - 1
    for s, stage in enumerate(policy.stages):
        base: tuple[str | int, ...] = ("stages", s, "may")
        for kind, parties in stage.may.listed().items():
            field = kind.replace("-", "_")
            if not parties:
                found.append(((*base, field), "this lists nobody. Name who may, or remove it"))
        may = stage.may
        if may.escalate is not None and s == last:
            found.append(
                ((*base, "escalate"), "the last stage cannot be escalated. Remove 'escalate'")
            )
        if may.skip is not None and (s == last or not policy.stages[s + 1].skip):
            found.append(
                (
                    (*base, "skip"),
                    "nothing can be skipped from this stage: the stage after it has no 'skip' "
                    "rules. Remove 'skip' here",
                )
            )
        if may.record_decision is not None and stage.decision is None:
            found.append(
                (
                    (*base, "record_decision"),
                    "this stage has no 'decision'. Remove 'record_decision' or add the decision",
                )
            )
    return found
