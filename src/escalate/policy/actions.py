"""What may be done next on a case: escalate, skip where the policy allows, decide, ..."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from escalate.policy.case import Actor, AllowedAction, CaseFacts, Status, StepState
from escalate.policy.permits import permitted
from escalate.policy.schema import Policy, Stage


def skip_targets(policy: Policy, facts: CaseFacts, stage: Stage) -> dict[str, tuple[str, ...]]:
    """Stages beyond the next one that may be reached from ``stage``, with the roles needed."""
    stages = policy.stages
    here = policy.stage_index(stage.key)
    targets: dict[str, tuple[str, ...]] = {}
    roles: set[str] = set()
    for between in stages[here + 1 : -1]:
        if not between.skip:
            break
        if not (facts.immediate_risk and any(r.when == "immediate-risk" for r in between.skip)):
            discretion = [r for r in between.skip if r.when == "discretion"]
            if not discretion:
                break
            roles.update(role for rule in discretion for role in rule.by)
        target = stages[stages.index(between) + 1]
        targets[target.key] = tuple(sorted(roles))
    return targets


def _doable(stage: Stage, steps: Sequence[StepState]) -> list[StepState]:
    """Steps that may be recorded as done now: not done, needed, and not waiting for the
    outcome of the earlier step their ``if`` names."""
    done = {step.key for step in steps if step.done_at is not None}
    waits = {s.key: s.only_if.step for s in stage.steps if s.only_if is not None}

    def ready(step: StepState) -> bool:
        return waits.get(step.key) is None or waits[step.key] in done

    return [step for step in steps if step.done_at is None and step.needed and ready(step)]


def allowed_actions(
    policy: Policy,
    facts: CaseFacts,
    status: Status,
    stage: Stage,
    steps: Sequence[StepState],
    offered: bool,
    *,
    paused: bool = False,
    actor: Actor | None = None,
    held: Collection[str] = (),
) -> list[AllowedAction]:
    """What may be done next; for ``actor``, only what the stage permits them. A step done
    by issuing a document is never offered as a step to mark done; a move to a stage in
    ``held`` (it waits for a step) is left out."""
    actions = [
        AllowedAction("add-note", "Add a note"),
        AllowedAction("report-policy-gap", "Report a gap in policy or procedure"),
    ]
    if status != "open":
        return actions
    stages = policy.stages
    here = policy.stage_index(stage.key)
    actions.append(AllowedAction("record-discussion", "Record a discussion"))
    by_document = {step.key for step in stage.steps if step.document is not None}
    for step in _doable(stage, steps):
        if step.key not in by_document:
            actions.append(AllowedAction("complete-step", step.title, stage.key, step.key))
    if here + 1 < len(stages) and stages[here + 1].key not in held:
        target = stages[here + 1]
        actions.append(
            AllowedAction("escalate", f"Escalate to {target.title}", target.key, offered=offered)
        )
    for key, roles in skip_targets(policy, facts, stage).items():
        if key in held:
            continue
        actions.append(
            AllowedAction("skip", f"Skip to {policy.stage(key).title}", key, roles=roles)
        )
    if stage.decision is not None:
        actions.append(
            AllowedAction(
                "record-decision",
                "Record the final binding decision"
                if stage.decision.binding and stage.decision.final
                else "Record the binding decision"
                if stage.decision.binding
                else "Record the decision",
                stage.key,
                roles=tuple(sorted({p.role for p in stage.decision.by})),
            )
        )
    if paused:
        actions.append(AllowedAction("resume", "Resume the clock"))
    elif policy.pause_reasons:
        actions.append(AllowedAction("pause", "Pause the clock while waiting", stage.key))
    actions.append(AllowedAction("resolve", "Record that it is resolved"))
    actions.append(AllowedAction("withdraw", "Withdraw the escalation"))
    if actor is None:
        return actions
    return [a for a in actions if permitted(stage, a.kind, actor, a.roles)]
