"""For tests that climb a ladder quickly: do what the next stage waits for (St Helens'
Escalation Notice, signed by the raising side; Bromley's Board members engaged, recorded
by the business manager), the way the people concerned would."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from escalate.documents import rules as document_rules
from escalate.documents.services import document_issue_notice
from escalate.escalations.models import Escalation
from escalate.escalations.services import escalation_act, escalation_state
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person


def _signer(escalation: Escalation, now: dt.datetime) -> Person:
    state = escalation_state(escalation, now)
    people = [escalation.raised_by, *escalation.raised_by.managers()]
    return next(p for p in people if document_rules.can_issue_notice(p, escalation, state))


def _officer(escalation: Escalation) -> Person:
    people = Person.objects.filter(is_active=True)
    return next(p for p in people.order_by("username") if is_officer(p, escalation.partnership_id))


def clear_the_way(escalation: Escalation, now: dt.datetime | None = None) -> None:
    """Do the current stage's steps that a later stage waits for, if escalating waits."""
    now = now or timezone.now()
    escalation.refresh_from_db()
    state = escalation_state(escalation, now)
    if not state.held:
        return
    stage = escalation.policy_version.policy.stage(escalation.current_stage)
    for step in stage.steps:
        escalation.refresh_from_db()
        current = escalation_state(escalation, now)
        done = next(s for s in current.current.steps if s.key == step.key)
        if done.done_at is not None or not done.needed:
            continue
        if step.document == "escalation-notice":
            document_issue_notice(
                escalation=escalation,
                signer=_signer(escalation, now),
                stage=stage.key,
                information="The managers could not agree.",
                signer_role="Manager",
                expected_version=escalation.version,
                now=now,
            )
        elif step.document is None:
            escalation_act(
                escalation=escalation,
                actor=_officer(escalation),
                action="complete-step",
                expected_version=escalation.version,
                text="Done as the policy asks.",
                step=step.key,
                now=now,
            )
    escalation.refresh_from_db()
