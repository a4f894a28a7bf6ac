"""Plain words for what happened on an escalation, for the subjects and bodies of messages.

Everything here names stages by their titles, roles by their labels and agencies by their
names: never a policy's internal keys. Nothing here uses the text people typed (a note or an
agreed outcome may name the child), only what kind of thing happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from escalate.escalations.models import Escalation, Event, EventKind
from escalate.policy.case import CaseState, NotificationDue, StageVisit
from escalate.policy.clock import LONDON
from escalate.policy.schema import Party, Policy

DOCUMENTS = {
    "escalation-notice": "the Escalation Notice",
    "resolution-form": "the Escalation Resolution form",
    "outcome-letter": "the letter confirming the agreed outcome",
    "written-representation": "a written representation",
    "panel-decision": "the panel's decision",
    "case-record": "the record for the child's file",
}
LEARNING = {
    "lesson": ("lesson learnt recorded", "a lesson learnt was recorded"),
    "training-need": ("training need recorded", "a training need was recorded"),
    "policy-gap": (
        "gap in policy or procedure reported",
        "a gap in policy or procedure was reported",
    ),
    "answer": ("learning answered", "the partnership answered a lesson, training need or gap"),
    "debrief": ("debrief arranged", "a debrief was arranged"),
}


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "no deadline set by the policy"
    return moment.astimezone(LONDON).strftime("%A %-d %B %Y at %H:%M")


def stage_title(policy: Policy, key: str | None) -> str:
    if not key:
        return "the current stage"
    try:
        return policy.stage(key).title
    except KeyError:
        return "a stage of an earlier version of the policy"


def step_title(policy: Policy, stage: str | None, step: str | None) -> str:
    try:
        found = next(s for s in policy.stage(stage or "").steps if s.key == step)
    except (KeyError, StopIteration):
        return "a step of the stage"
    return found.title


def party_names(policy: Policy, escalation: Escalation, items: Iterable[Party]) -> str:
    """``Line manager or supervisor, Oakfield Primary School``: roles named for this case."""
    raising, receiving = escalation.raising_agency.name, escalation.receiving_agency.name
    place = {
        "raising": raising,
        "receiving": receiving,
        "both": f"{raising} and {receiving}",
        "partnership": escalation.partnership.name,
    }
    return "; ".join(f"{policy.role_label(p.role)}, {place[p.side]}" for p in items)


def _by(event: Event) -> str:
    if event.actor is None:
        return "by Escalate"
    agency = f" ({event.actor.agency})" if event.actor.agency else ""
    return f"by {event.actor.display_name}{agency}"


def _decision(policy: Policy, event: Event) -> tuple[str, str]:
    stage = policy.stage(event.stage) if event.stage in {s.key for s in policy.stages} else None
    decision = stage.decision if stage is not None else None
    if event.data.get("binding"):
        makers = policy_parties(policy, decision.by) if decision else "the decision maker"
        return (
            "final binding decision made",
            f"the final binding decision was made at {stage_title(policy, event.stage)} "
            f"(decided by: {makers}) and recorded {_by(event)}. It binds every agency "
            "concerned, and the escalation is closed",
        )
    return (
        f"decision recorded at {stage_title(policy, event.stage)}",
        f"the decision at {stage_title(policy, event.stage)} was recorded {_by(event)}. It "
        "does not bind the agencies: the escalation stays open until it is resolved",
    )


def policy_parties(policy: Policy, items: Iterable[Party]) -> str:
    return ", ".join(dict.fromkeys(policy.role_label(p.role) for p in items))


def event_words(policy: Policy, event: Event) -> tuple[str, str]:
    """(subject, sentence): what the event was, for the subject line and the body."""
    kind, data, by = event.kind, event.data, _by(event)
    at = stage_title(policy, data.get("from_stage") or event.stage)
    to = stage_title(policy, data.get("to_stage"))
    if kind == EventKind.RAISED:
        return "new escalation raised", f"the escalation was raised {by}; it starts at {at}"
    if kind == EventKind.ESCALATED:
        return f"escalated to {to}", f"it was escalated {by} from {at} to {to}"
    if kind == EventKind.SKIPPED:
        return f"moved on to {to}", f"it was moved {by} from {at} straight to {to}"
    if kind == EventKind.RESOLVED:
        outstanding = (
            " They also recorded how the issues still outstanding will be pursued."
            if data.get("outstanding")
            else ""
        )
        return "resolved", (
            f"it was recorded as resolved at {at} {by}: the parties agreed an outcome, which "
            f"each side is asked to confirm.{outstanding}"
        )
    if kind == EventKind.WITHDRAWN:
        return "withdrawn", f"the escalation was withdrawn at {at} {by}"
    if kind == EventKind.DECISION:
        return _decision(policy, event)
    if kind == EventKind.STEP_DONE:
        step = step_title(policy, event.stage, data.get("step"))
        return f"step done at {at}", f"'{step}' was recorded as done {by}"
    if kind == EventKind.CONFERENCE_REQUESTED:
        step = step_title(policy, event.stage, data.get("step"))
        return "child protection conference requested", (
            f"a child protection conference was formally requested {by} ('{step}')"
        )
    if kind == EventKind.DOCUMENT_ISSUED:
        label = DOCUMENTS.get(str(data.get("kind")), "a document")
        return f"{label.removeprefix('the ')} issued", f"{label} was issued {by}"
    return _record_words(policy, event, at, by)


def _record_words(policy: Policy, event: Event, at: str, by: str) -> tuple[str, str]:
    kind, data = event.kind, event.data
    simple: dict[str, tuple[str, str]] = {
        EventKind.DISCUSSION: ("discussion recorded", f"a discussion at {at} was recorded {by}"),
        EventKind.NOTE: ("note added", f"a note was added {by}"),
        EventKind.POLICY_GAP: (
            "gap in policy or procedure reported",
            f"a gap in policy or procedure was reported {by}",
        ),
        EventKind.MASH_REFERRAL: ("MASH referral recorded", f"a MASH referral was recorded {by}"),
        EventKind.OUTCOME_CONFIRMED: (
            "agreed outcome confirmed",
            f"the agreed outcome was confirmed {by}",
        ),
        EventKind.RESOLUTION_PROPOSED: (
            "outcome agreed by one side",
            f"an outcome was agreed at {at} {by}; it is resolved when the other side agrees",
        ),
        EventKind.DISPUTED: (
            "outcome disputed",
            f"{by.removeprefix('by ')} does not agree with the outcome recorded: the "
            f"escalation is open at {at}",
        ),
        # What changed is about the child: it stays in the app.
        EventKind.CIRCUMSTANCES: (
            "child's circumstances changed",
            f"a change in the child's circumstances was recorded {by}",
        ),
        EventKind.REPRESENTATION: (
            "written representation received",
            f"a written representation from {data.get('agency_name', 'an agency')} was given {by}",
        ),
    }
    if kind == EventKind.PAUSED:
        labels = {reason.key: reason.label for reason in policy.pause_reasons}
        waits = labels.get(str(data.get("reason")), "something the policy allows waiting for")
        return f"clock paused, waiting for {waits}", (
            f"the clock was paused {by} while the escalation waits for {waits}: its deadlines "
            "stand still until it is resumed"
        )
    if kind == EventKind.RESUMED:
        return "clock restarted", (
            f"the clock was restarted {by}: its deadlines count again, each later by the "
            "time it was paused"
        )
    if kind == EventKind.LEARNING:
        subject, sentence = LEARNING.get(
            str(data.get("learning")), ("learning recorded", "learning was recorded")
        )
        return subject, f"{sentence} {by}"
    if kind in simple:
        return simple[kind]
    if kind in (EventKind.MEETING_CONVENED, EventKind.MEETING_HELD):
        name = _meeting_name(policy, event)
        if kind == EventKind.MEETING_CONVENED:
            return f"{name} convened", f"the {name} was convened {by}"
        return f"{name} held", f"the {name} was recorded as held {by}"
    if kind in (EventKind.MEETING_REARRANGED, EventKind.MEETING_CANCELLED):
        return _meeting_moved(policy, event, by)
    label = event.get_kind_display().lower()
    return label, f"{label} {by}"


def _meeting_moved(policy: Policy, event: Event, by: str) -> tuple[str, str]:
    """A meeting rearranged (its new date) or cancelled (the date it had); the place and the
    reason stay in the app."""
    name = _meeting_name(policy, event)
    moment = when(dt.datetime.fromisoformat(str(event.data.get("starts_at"))))
    if event.kind == EventKind.MEETING_REARRANGED:
        return (
            f"{name} rearranged to {moment}",
            f"the {name} was rearranged {by}: it now takes place on {moment}. Sign in to see where",
        )
    return (
        f"{name} on {moment} cancelled",
        f"the {name} arranged for {moment} was cancelled {by}: it will not take place. Sign "
        "in to see why",
    )


def _meeting_name(policy: Policy, event: Event) -> str:
    key = event.data.get("meeting_stage") or event.data.get("from_stage") or event.stage
    try:
        meeting = policy.stage(key).meeting
    except KeyError:
        meeting = None
    return meeting.name if meeting is not None else "meeting"


def visit_ending(state: CaseState, due: NotificationDue) -> tuple[StageVisit, str] | None:
    """The visit a stage-end notification is about, and how it ended, in words."""
    for index, visit in enumerate(state.history):
        if visit.key == due.stage and visit.ended_at == due.triggered_at:
            following = state.history[index + 1] if index + 1 < len(state.history) else None
            how = {
                "escalated": f"it was escalated to {following.title}" if following else "",
                "skipped": f"it moved straight on to {following.title}" if following else "",
                "resolved": "it was resolved: the parties agreed an outcome",
                "withdrawn": "the escalation was withdrawn",
                "decided": "a final binding decision was made",
            }.get(visit.ended_by or "", "")
            return visit, how or "it ended"
    return None


def due_words(policy: Policy, state: CaseState, due: NotificationDue) -> tuple[str, str]:
    """(subject, sentence) for a notification the policy asks for, by what caused it."""
    at = stage_title(policy, due.stage)
    trigger = due.trigger
    if due.id.startswith("immediate:"):
        return (
            "child at immediate risk of harm: act now",
            "the escalation was raised saying the child is at immediate risk of harm",
        )
    if trigger == "stage-end":
        ending = visit_ending(state, due)
        how = ending[1] if ending else "it ended"
        return f"{at} ended: {_short(how)}", f"{at} ended on {when(due.triggered_at)}: {how}"
    if trigger == "step-done":
        step = step_title(policy, due.stage, _step_of(policy, due))
        return f"'{step}' done", f"at {at}, '{step}' was recorded as done"
    words = {
        "raised": ("new escalation raised", "a new escalation was raised"),
        "stage-start": (f"now at {at}", f"the escalation reached {at}"),
        "before-deadline": (
            f"deadline approaching at {at}",
            f"the deadline at {at} is approaching",
        ),
        "deadline-passed": (
            f"deadline passed at {at}",
            f"the deadline at {at} passed without resolution",
        ),
        "escalated": (f"escalated from {at}", f"it was escalated from {at}"),
        "resolved": ("resolved", f"it was resolved at {at}: the parties agreed an outcome"),
        "withdrawn": ("withdrawn", f"the escalation was withdrawn at {at}"),
        "final-decision": (
            "final binding decision made",
            f"the final binding decision was made at {at}",
        ),
        "policy-gap": (
            "gap in policy or procedure reported",
            "a gap in policy or procedure was reported on this escalation",
        ),
    }
    return words.get(trigger, ("for your information", "the policy asks that you are told"))


def _short(how: str) -> str:
    return how.split(":")[0]


def _step_of(policy: Policy, due: NotificationDue) -> str | None:
    """The step whose completion a step-done notification is about."""
    try:
        notes = policy.stage(due.stage or "").notify
    except KeyError:
        return None
    return next((n.step for n in notes if n.key == due.key), None)
