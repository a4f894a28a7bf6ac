"""Policies and timelines as plain text a person can read in a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from escalate.policy.clock import LONDON
from escalate.policy.permits import VERBS
from escalate.policy.roles import SIDES
from escalate.policy.routing import on_route
from escalate.policy.schema import Condition, Deadline, Notification, Party, Policy, Route, Stage
from escalate.policy.timeline import Timeline

NATION_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}


def when(moment: datetime | None) -> str:
    if moment is None:
        return "no deadline set by the policy"
    return moment.astimezone(LONDON).strftime("%a %d %b %Y %H:%M")


def parties(policy: Policy, items: Iterable[Party]) -> str:
    return "; ".join(f"{policy.role_label(p.role)} ({SIDES[p.side]})" for p in items)


def _deadline(deadline: Deadline | None) -> str:
    if deadline is None:
        return "none stated"
    anchor = f" after '{deadline.after}'" if deadline.after else " from the start of the stage"
    return f"{deadline.within}{anchor}"


def _notification(policy: Policy, note: Notification) -> str:
    condition = ""
    if note.only_if is not None and note.only_if.child_status:
        condition = f" if the child's status is {' or '.join(note.only_if.child_status)}"
    if note.only_if is not None and note.only_if.immediate_risk is not None:
        condition += " if the child is at immediate risk" if note.only_if.immediate_risk else ""
    if note.only_if is not None and note.only_if.raising_agency:
        condition += f" if raised by {' or '.join(note.only_if.raising_agency)}"
    if note.only_if is not None and note.only_if.receiving_agency:
        condition += f" if it is with {' or '.join(note.only_if.receiving_agency)}"
    timing = f"{note.before} before the deadline" if note.before else f"within {note.within}"
    copy = " (a copy)" if note.copy_only else ""
    return f"tell {parties(policy, note.to)}{copy} on {note.when}{condition}, {timing}"


def _at_risk_only(condition: Condition | None) -> bool:
    return condition is not None and condition.immediate_risk is True


def _target_from(policy: Policy) -> str:
    if policy.target.counted_from == "raised":
        return " from raising"
    if policy.target.counted_from == "arose":
        return " from when the disagreement arose"
    return f" from the start of {policy.stage(policy.target.counted_from).title}"


def _stage_deadline(policy: Policy, stage: Stage) -> str:
    """The stage's own deadline, or a cap's final-stage allowance for it, and the caps over it."""
    own = None if stage.deadline is None else f"{_deadline(stage.deadline)} ({stage.timescale})"
    keys = [s.key for s in policy.stages]
    here = keys.index(stage.key)
    parts: list[str] = []
    for cap in policy.caps:
        allowance = cap.final_stage
        if allowance is not None and allowance.stage == stage.key:
            parts.append(
                f"{allowance.within} from the start of the stage (its own allowance under "
                f"the cap '{cap.key}', {cap.timescale})"
            )
        elif keys.index(cap.first_stage) <= here <= keys.index(cap.last_stage):
            parts.append(
                f"within the cap '{cap.key}': {cap.within} across {cap.first_stage} to "
                f"{cap.last_stage} ({cap.timescale})"
            )
    if own is None and not parts:
        return "none stated"
    return "; and ".join([own, *parts] if own else parts)


def _stage(policy: Policy, stage: Stage) -> Iterator[str]:
    yield f"  {stage.number}. {stage.title}   [{stage.key}]"
    yield f"     {stage.guidance}"
    yield f"     Who acts: {parties(policy, stage.actors)}"
    for kind, listed in stage.may.listed().items():
        yield f"     Who may {VERBS[kind]}: {parties(policy, listed)}"
    yield f"     Deadline: {_stage_deadline(policy, stage)}"
    if stage.warn_before or policy.warn_before:
        yield f"     Warning: {stage.warn_before or policy.warn_before} before the deadline"
    for step in stage.steps:
        warn = step.warn_before or policy.warn_before
        warning = f"; warning {warn} before" if warn and step.due else ""
        yield (
            f"     Step: {step.title}; due {_deadline(step.due)}{warning}; "
            f"by {parties(policy, step.who)}"
        )
    for item in stage.record:
        yield f"     Record: {item}"
    for note in stage.notify:
        yield f"     Notify: {_notification(policy, note)}"
    if stage.documents:
        yield f"     Documents: {', '.join(stage.documents)}"
    for rule in stage.skip:
        by = f" by {', '.join(policy.role_label(r) for r in rule.by)}" if rule.by else ""
        yield f"     May be skipped: on {rule.when}{by}. {rule.text}".rstrip()
    if stage.meeting is not None:
        meeting = stage.meeting
        rules = meeting.membership
        convener = parties(policy, meeting.convened_by)
        yield f"     {meeting.name} ({meeting.kind}), convened by {convener}"
        if rules.min_agencies:
            yield (
                f"       at least {rules.min_agencies} agencies; "
                f"agencies in dispute: {rules.disputing_agencies}"
            )
        if meeting.convene_within is not None:
            yield f"       to be convened within {meeting.convene_within} of the stage's start"
        if rules.chair_from_uninvolved_agency:
            yield "       chaired by someone from an agency not involved"
    if stage.decision is not None:
        kind = {
            (True, True): "final and binding",
            (True, False): "binding, not final",
            (False, True): "not binding",
            (False, False): "not binding",
        }[(stage.decision.binding, stage.decision.final)]
        yield f"     Decision ({kind}) by {parties(policy, stage.decision.by)}"


def policy_text(policy: Policy) -> str:
    lines = [
        f"{policy.partnership}: {policy.title}",
        f"Version {policy.version}, effective {policy.effective_date:%d %B %Y}. "
        f"Source: {policy.source.document}",
        f"Working days: Monday to Friday less {NATION_NAMES[policy.nation]}'s bank holidays, "
        f"{policy.working_day.start:%H:%M} to {policy.working_day.end:%H:%M}",
        f"Target: {policy.target.within}{_target_from(policy)} ({policy.target.timescale}). "
        f"{policy.target.text}",
        *(
            [f"Raise within: {policy.raise_within} of the disagreement arising"]
            if policy.raise_within
            else []
        ),
        "",
        f"If a child is at immediate risk: {policy.immediate_risk.guidance}",
    ]
    for action in policy.immediate_risk.actions:
        lines.append(f"  - {action.text} ({action.within})")
    if policy.immediate_risk.stage_deadline is not None:
        lines.append(f"  Every stage then has: {policy.immediate_risk.stage_deadline}")
    lines += ["", "Categories: " + "; ".join(c.label for c in policy.categories)]
    for matter in policy.not_escalations:
        lines.append(f"Not an escalation: {matter.label}. Go to {matter.go_to}.")
    lines += ["", f"Stages ({policy.route_title}):" if policy.routes else "Stages:"]
    lines.extend(_ladder(policy))
    for route in policy.routes:
        lines += ["", *_route(policy, route)]
    for note in policy.notify:
        lines.append(f"At every stage: {_notification(policy, note)}")
    for reason in policy.pause_reasons:
        lines.append(f"The clock may wait for: {reason.label}")
    for table in policy.counterparts:
        lines.append(f"{policy.role_label(table.role)} in each agency:")
        lines.extend(f"  {entry.agency}: {entry.title}" for entry in table.entries)
        lines.append(f"  Any other agency: {table.fallback}")
    return "\n".join(lines)


def _condition(condition: Condition | None) -> str:
    if condition is None:
        return "any case"
    parts = []
    if condition.child_status is not None:
        parts.append("child's status " + " or ".join(condition.child_status))
    if condition.immediate_risk is not None:
        parts.append("immediate risk" if condition.immediate_risk else "no immediate risk")
    if condition.raising_agency is not None:
        parts.append("raised by " + " or ".join(condition.raising_agency))
    if condition.receiving_agency is not None:
        parts.append("with " + " or ".join(condition.receiving_agency))
    return "; ".join(parts)


def _route(policy: Policy, route: Route) -> Iterator[str]:
    """A route: who may start it, for which cases, then its own ladder."""
    starters = ", ".join(policy.role_label(role) for role in route.started_by) or "anyone"
    yield f"Route {route.key}: {route.title}"
    yield f"  {route.text}"
    yield f"  Started by: {starters}. For: {_condition(route.only_if)}"
    if route.target is not None:
        yield f"  Target: {route.target.within} ({route.target.timescale}). {route.target.text}"
    on = on_route(policy, route.key)
    yield "  Stages:"
    yield from _ladder(on)
    for note in route.notify:
        yield f"  At every stage of this route: {_notification(on, note)}"


def _ladder(policy: Policy) -> Iterator[str]:
    """The stages and caps of the policy (on one route)."""
    for stage in policy.stages:
        yield from _stage(policy, stage)
    for cap in policy.caps:
        only = " when the child is at immediate risk" if _at_risk_only(cap.only_if) else ""
        yield f"Cap: {cap.within} across {cap.first_stage} to {cap.last_stage}{only}. {cap.text}"
        if cap.final_stage is not None:
            yield (
                f"  then {cap.final_stage.within} for {cap.final_stage.stage}, "
                "from the start of that stage"
            )


def timeline_text(timeline: Timeline) -> str:
    policy, state = timeline.policy, timeline.state
    lines = [
        f"{policy.partnership}: worst case from {when(timeline.start)} (Europe/London)",
        f"Child's status: {timeline.facts.child_status}; immediate risk: "
        f"{'yes' if timeline.facts.immediate_risk else 'no'}",
        "Target: "
        + (
            f"resolved by {when(state.target_due)}"
            if state.target_due is not None
            else f"counted once the case reaches {policy.stage(policy.target.counted_from).title}"
        ),
        "",
    ]
    for visit in state.history:
        lines.append(f"{when(visit.started_at)}  starts  {visit.title}")
        for step in visit.steps:
            lines.append(f"{when(step.due)}  due     {step.title}")
        lines.append(f"{when(visit.deadline)}  ends    {visit.title}")
    if not timeline.complete:
        lines.append("(a stage has no deadline in the policy, so the rest cannot be dated)")
    if state.final_decision is not None:
        lines.append(f"{when(state.final_decision.at)}  final binding decision")
    lines += ["", "Notifications:"]
    for note in state.notifications_due:
        lines.append(f"{when(note.due)}  {parties(policy, note.to)}: {note.text}")
    return "\n".join(lines)
