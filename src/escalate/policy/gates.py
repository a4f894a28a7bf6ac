"""What a case waits for before it may move on, and steps done by issuing a document.

A stage may ``require`` steps of earlier stages: the case may not be escalated or skipped
into that stage, or past it, until each is done (St Helens' mediation waits for the
Escalation Notice; Bromley's Stage Four for the agencies' Board members). A step with a
``document`` is done only by issuing that document, never by saying it is done.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Final

from escalate.policy.actions import skip_targets
from escalate.policy.case import ActionKind, CaseFacts, Event, HeldAction
from escalate.policy.schema import Policy, Stage, Step
from escalate.policy.visit import Visit

DOCUMENT_LABELS: Final[dict[str, str]] = {
    "escalation-notice": "Escalation Notice",
    "resolution-form": "Escalation Resolution form",
    "outcome-letter": "letter confirming the agreed outcome",
    "written-representation": "written representation",
    "panel-decision": "panel's written decision",
}

Path = tuple[str | int, ...]


def required_stage(policy: Policy, stage: Stage, stage_key: str | None) -> str | None:
    """The key of the stage a requirement names: its own, or the one before ``stage``."""
    if stage_key is not None:
        return stage_key
    here = policy.stage_index(stage.key)
    return policy.stages[here - 1].key if here > 0 else None


def document_label(document: str) -> str:
    return DOCUMENT_LABELS.get(document, document)


def _met(visits: Sequence[Visit], stage_key: str, step: Step) -> bool:
    """Done at some visit of its stage, or not needed there (an earlier step's outcome)."""
    for visit in visits:
        if visit.stage.key != stage_key:
            continue
        if step.key in visit.done:
            return True
        condition = step.only_if
        if (
            condition is not None
            and condition.step in visit.done
            and visit.outcomes.get(condition.step) not in condition.outcome
        ):
            return True
    return False


def waiting_for(policy: Policy, visits: Sequence[Visit], target: str) -> str | None:
    """Why the case, at its last visit's stage, may not move to ``target``: the first step a
    stage up to and including ``target`` waits for that is not done; None when none is."""
    here = policy.stage_index(visits[-1].stage.key)
    for stage in policy.stages[here + 1 : policy.stage_index(target) + 1]:
        for requirement in stage.requires:
            key = required_stage(policy, stage, requirement.stage)
            if key is None:
                continue
            earlier = policy.stage(key)
            step = next(s for s in earlier.steps if s.key == requirement.step)
            if _met(visits, key, step):
                continue
            how = (
                f"the {document_label(step.document)} to be issued"
                if step.document is not None
                else "it to be done"
            )
            return (
                f"{stage.title} waits for '{step.title}' at {earlier.title}: the policy asks "
                f"for {how} first"
            )
    return None


def held_moves(policy: Policy, facts: CaseFacts, visits: Sequence[Visit]) -> list[HeldAction]:
    """The escalation and skips the policy allows from the current stage that must wait,
    each with its reason."""
    stage = visits[-1].stage
    here = policy.stage_index(stage.key)
    moves: list[tuple[ActionKind, str, str]] = []
    if here + 1 < len(policy.stages):
        target = policy.stages[here + 1]
        moves.append(("escalate", f"Escalate to {target.title}", target.key))
    for key in skip_targets(policy, facts, stage):
        moves.append(("skip", f"Skip to {policy.stage(key).title}", key))
    held: list[HeldAction] = []
    for kind, label, key in moves:
        reason = waiting_for(policy, visits, key)
        if reason is not None:
            held.append(HeldAction(kind, label, key, reason))
    return held


def done_by_document(visit: Visit, document: str | None, status: str) -> list[Step]:
    """The steps of the current stage of an open case that issuing ``document`` does (those
    not yet done); on a closed case a document (a resolution form) does no step."""
    if status != "open" or document is None or visit.ended_at is not None:
        return []
    return [s for s in visit.stage.steps if s.document == document and s.key not in visit.done]


def doing(stage: Stage, step_key: str, at: datetime) -> Event:
    """The event that does a step: issuing its document, or recording it as done."""
    step = next(s for s in stage.steps if s.key == step_key)
    if step.document is not None:
        return Event("document-issued", at, document=step.document)
    return Event("step-done", at, step=step_key)


def refuse_step_done(step: Step) -> str | None:
    """Why recording ``step`` as done is refused: it is done by issuing its document."""
    if step.document is None:
        return None
    label = document_label(step.document)
    return f"'{step.title}' is done by issuing the {label}, not by recording it: issue the {label}"


def check_requirements(policy: Policy) -> Iterator[tuple[Path, str]]:
    """Each requirement names an earlier stage and one of its steps."""
    for s, stage in enumerate(policy.stages):
        earlier = {st.key: st for st in policy.stages[:s]}
        for r, requirement in enumerate(stage.requires):
            path: Path = ("stages", s, "requires", r)
            key = required_stage(policy, stage, requirement.stage)
            if key is None or key not in earlier:
                yield (
                    (*path, "stage"),
                    f"'{key}' is not an earlier stage. Write one of: {', '.join(earlier)}"
                    if key is not None and earlier
                    else "the first stage cannot wait for a step: no stage comes before it",
                )
                continue
            steps = [step.key for step in earlier[key].steps]
            if requirement.step not in steps:
                yield (
                    (*path, "step"),
                    f"'{requirement.step}' is not a step of '{key}'. Write one of: "
                    f"{', '.join(steps) or 'none (that stage has no steps)'}",
                )
