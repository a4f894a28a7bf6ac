"""What changes between two versions of a policy, in words a partnership administrator reads:
stages, steps, deadlines, caps and notices, never lines of YAML.

Each part of a policy (the whole procedure, each stage by its key, each cap by its key) is
described as a list of aspects, each a label and a sentence. Two versions are compared part
by part and aspect by aspect: a part only in the new one is new, one only in the old one is
removed, and an aspect whose sentence differs is changed ("was ...; now ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from escalate.policy.render import (
    NATION_NAMES,
    _deadline,
    _notification,
    _target_from,
    parties,
)
from escalate.policy.schema import Cap, Condition, Policy, Route, Stage

Aspects = dict[str, str]


@dataclass(frozen=True)
class Change:
    """One difference: where (a part of the policy) and what, in a sentence."""

    where: str
    what: str


@dataclass(frozen=True)
class Part:
    key: str
    name: str
    aspects: Aspects


def _condition(condition: Condition | None) -> str:
    if condition is None:
        return "always"
    words = []
    if condition.child_status:
        words.append(f"the child's status is {' or '.join(condition.child_status)}")
    if condition.immediate_risk is not None:
        words.append(f"immediate risk is {'yes' if condition.immediate_risk else 'no'}")
    if condition.raising_agency:
        words.append(f"raised by {' or '.join(condition.raising_agency)}")
    if condition.receiving_agency:
        words.append(f"with {' or '.join(condition.receiving_agency)}")
    return "when " + " and ".join(words) if words else "always"


def _whole(policy: Policy) -> Aspects:
    aspects: Aspects = {
        "Title": policy.title,
        "Target": f"{policy.target.within}{_target_from(policy)} ({policy.target.timescale})",
        "Working day": f"{policy.working_day.start:%H:%M} to {policy.working_day.end:%H:%M}, "
        f"less {NATION_NAMES[policy.nation]}'s bank holidays",
        "Stages, in order": "; ".join(f"{s.number}. {s.title}" for s in policy.stages),
        "Categories": "; ".join(c.label for c in policy.categories),
    }
    if policy.raise_within:
        aspects["Raise within"] = f"{policy.raise_within} of the disagreement arising"
    if policy.warn_before:
        aspects["Warning before every deadline"] = str(policy.warn_before)
    if policy.immediate_risk.stage_deadline is not None:
        aspects["At immediate risk, every stage has"] = str(policy.immediate_risk.stage_deadline)
    for action in policy.immediate_risk.actions:
        aspects[f"At immediate risk: {action.key}"] = f"{action.text} ({action.within})"
    for reason in policy.pause_reasons:
        aspects[f"The clock may wait for: {reason.key}"] = reason.label
    for matter in policy.not_escalations:
        aspects[f"Not an escalation: {matter.key}"] = f"{matter.label}: go to {matter.go_to}"
    for note in policy.notify:
        aspects[f"Notice '{note.key}' at every stage"] = _notification(policy, note)
    return aspects


def _stage(policy: Policy, stage: Stage) -> Aspects:
    deadline = _deadline(stage.deadline)
    aspects: Aspects = {
        "Title": stage.title,
        "Who acts": parties(policy, stage.actors),
        "Deadline": deadline if stage.deadline is None else f"{deadline} ({stage.timescale})",
    }
    if stage.warn_before:
        aspects["Warning before the deadline"] = str(stage.warn_before)
    if stage.escalate_when_overdue:
        aspects["When its deadline passes"] = "moves on to the next stage by itself"
    for step in stage.steps:
        aspects[f"Step '{step.key}'"] = (
            f"{step.title}: due {_deadline(step.due)}, by {parties(policy, step.who)}"
        )
    for note in stage.notify:
        aspects[f"Notice '{note.key}'"] = _notification(policy, note)
    if stage.documents:
        aspects["Documents"] = ", ".join(stage.documents)
    for number, item in enumerate(stage.record, 1):
        aspects[f"To record ({number})"] = item
    for rule in stage.skip:
        by = f" by {', '.join(policy.role_label(r) for r in rule.by)}" if rule.by else ""
        aspects[f"May be skipped on {rule.when}"] = f"{rule.when}{by}"
    if stage.meeting is not None:
        meeting = stage.meeting
        convene = f", convened within {meeting.convene_within}" if meeting.convene_within else ""
        aspects["Meeting"] = (
            f"{meeting.name} ({meeting.kind}), convened by "
            f"{parties(policy, meeting.convened_by)}{convene}"
        )
    if stage.decision is not None:
        decision = stage.decision
        kind = "binding" if decision.binding else "not binding"
        final = ", final" if decision.binding and decision.final else ""
        aspects["Decision"] = f"{kind}{final}, by {parties(policy, decision.by)}"
    return aspects


def _cap(cap: Cap) -> Aspects:
    aspects: Aspects = {
        "Limit": f"{cap.within} across {cap.first_stage} to {cap.last_stage} ({cap.timescale})",
        "Applies": _condition(cap.only_if),
    }
    if cap.final_stage is not None:
        aspects["Final stage's own allowance"] = (
            f"{cap.final_stage.within} for {cap.final_stage.stage}, from the start of that stage"
        )
    return aspects


def _route(policy: Policy, route: Route) -> Aspects:
    aspects: Aspects = {
        "When it is used": route.text,
        "Who may start it": ", ".join(policy.role_label(r) for r in route.started_by)
        or "anyone who may raise an escalation",
        "For which cases": _condition(route.only_if),
        "Stages, in order": "; ".join(f"{s.number}. {s.title}" for s in route.stages),
    }
    if route.target is not None:
        aspects["Target"] = f"{route.target.within} ({route.target.timescale})"
    for note in route.notify:
        aspects[f"Notice '{note.key}' at every stage"] = _notification(policy, note)
    return aspects


def parts(policy: Policy) -> list[Part]:
    """The policy as parts to compare: the whole procedure, each stage, each cap, then each
    route (another procedure in the same file) with its own stages and caps."""
    found = [Part("*", "The whole procedure", _whole(policy))]
    found += [
        Part(f"stage:{s.key}", f"Stage {s.number}: {s.title}", _stage(policy, s))
        for s in policy.stages
    ]
    found += [Part(f"cap:{c.key}", f"Time limit '{c.key}'", _cap(c)) for c in policy.caps]
    for route in policy.routes:
        here = f"route:{route.key}"
        found.append(Part(here, f"Procedure: {route.title}", _route(policy, route)))
        found += [
            Part(
                f"{here}:stage:{s.key}",
                f"{route.title}, stage {s.number}: {s.title}",
                _stage(policy, s),
            )
            for s in route.stages
        ]
        found += [
            Part(f"{here}:cap:{c.key}", f"{route.title}, time limit '{c.key}'", _cap(c))
            for c in route.caps
        ]
    return found


def _compare(old: Part, new: Part) -> list[Change]:
    changes = []
    for label, now in new.aspects.items():
        was = old.aspects.get(label)
        if was is None:
            changes.append(Change(new.name, f"{label}: {now} (new)"))
        elif was != now:
            changes.append(Change(new.name, f"{label}: was {was}; now {now}"))
    for label, was in old.aspects.items():
        if label not in new.aspects:
            changes.append(Change(new.name, f"{label}: removed (was {was})"))
    return changes


def differences(old: Policy, new: Policy) -> list[Change]:
    """Every difference from ``old`` to ``new``, part by part in the new version's order,
    then the parts the new version no longer has."""
    before = {part.key: part for part in parts(old)}
    after = parts(new)
    changes: list[Change] = []
    for part in after:
        if part.key not in before:
            described = "; ".join(f"{label}: {text}" for label, text in part.aspects.items())
            changes.append(Change(part.name, f"New. {described}"))
        else:
            changes.extend(_compare(before[part.key], part))
    kept = {part.key for part in after}
    for key, part in before.items():
        if key not in kept:
            changes.append(Change(part.name, "Removed: this version no longer has it"))
    return changes
