"""Escalating by itself: a stage whose policy says ``escalate_when_overdue`` moves on to
the next stage when its deadline passes with the stage still under way.

The engine says when it is due (``CaseState.escalate_automatically``); the worker's job
here records the escalation as an event by Escalate itself (no actor), through the same
door as every change, so the history, the participants and the messages follow as when a
person escalates. Someone acting at the same moment wins: the job tries again next pass.
"""

from __future__ import annotations

import datetime as dt
import logging

from escalate.escalations.models import Escalation, Event, EventKind, Status
from escalate.escalations.services import ConcurrentChange, append_event, escalation_state
from escalate.notifications.wording import when
from escalate.partnerships.models import PolicyVersion
from escalate.policy.loader import PolicyError

log = logging.getLogger(__name__)
BATCH = 200


def escalation_escalate_automatically(*, escalation: Escalation, now: dt.datetime) -> Event | None:
    """Record the automatic escalation if it is due now; None if it is not."""
    state = escalation_state(escalation, now)
    deadline = state.escalate_automatically
    target = next((a for a in state.allowed_actions if a.kind == "escalate"), None)
    if deadline is None or target is None:
        return None
    policy = escalation.policy
    title = policy.stage(state.current.key).title
    return append_event(
        escalation,
        actor=None,
        kind=EventKind.ESCALATED,
        expected_version=escalation.version,
        now=now,
        text=(
            f"Escalated automatically: the deadline at {title}, {when(deadline)}, passed "
            "without an answer, and the policy says the escalation then moves on by itself."
        ),
        data={
            "from_stage": state.current.key,
            "to_stage": target.stage,
            "automatic": True,
            "deadline": deadline.isoformat(),
        },
    )


def automatic_escalations_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The worker's job: every open escalation past its next deadline under a policy
    version with a stage that moves on by itself; the engine decides for each. An
    escalation past a step's deadline but not its stage's is looked at and left alone."""
    counts = {"escalated": 0, "errors": 0}
    versions = []
    for version in PolicyVersion.objects.select_related("partnership"):
        try:
            stages = version.policy.stages
        except PolicyError:  # its escalations are reported by the jobs that read them
            log.warning("Policy version %s cannot be read; skipped", version.pk)
            continue
        if any(stage.escalate_when_overdue for stage in stages):
            versions.append(version.pk)
    if not versions:
        return counts
    due = (
        Escalation.objects.filter(
            status=Status.OPEN, next_deadline__lt=now, policy_version__in=versions
        )
        .select_related("policy_version", "partnership", "raising_agency", "receiving_agency")
        .order_by("next_deadline")
    )
    for escalation in due.iterator(chunk_size=BATCH):
        try:
            if escalation_escalate_automatically(escalation=escalation, now=now) is not None:
                counts["escalated"] += 1
        except ConcurrentChange:
            continue  # someone acted first; the next pass looks again
        except Exception:  # One bad escalation must not stop the others.
            log.exception("Could not escalate %s automatically", escalation.reference)
            counts["errors"] += 1
    return counts
