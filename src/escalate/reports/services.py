"""Meetings and panels: convening, representations, what happened and the decision.

Each change is one event on the escalation (through ``escalation_add_record``, or
``escalation_act`` for the decision, which ends the escalation when it is binding), written
with the meeting's rows in one transaction. Learning is in ``reports.learning``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.services import (
    ActionRefused,
    escalation_act,
    escalation_add_record,
    escalation_state,
)
from escalate.notifications.compose import when
from escalate.partnerships.models import Agency, Person
from escalate.reports import membership, notices, rules
from escalate.reports.facts import facts_refresh
from escalate.reports.models import Meeting, MeetingMember, MeetingStatus, Representation


class MembershipRefused(ActionRefused):
    """The proposed members break the policy's rules; ``problems`` says which and why."""

    def __init__(self, problems: Sequence[membership.Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = list(problems)


def _candidate(person: Person, roles: Sequence[str]) -> membership.Candidate | None:
    if person.agency is None:
        return None
    held = [role for role in roles if role in person.role_keys()]
    return membership.Candidate(person, person.agency, held[0] if held else "")


CLOSED = {
    "resolved": "This escalation has been resolved, so no meeting can be convened",
    "withdrawn": "This escalation has been withdrawn, so no meeting can be convened",
    "decided": "A final binding decision has ended this escalation, so no meeting can be convened",
}


def _convene_refusal(escalation: Escalation) -> str:
    spec = rules.meeting_spec(escalation)
    if escalation.status != "open":
        return CLOSED.get(escalation.status, "This escalation has ended")
    if spec is None:
        return "The policy names no meeting or panel at this escalation's current stage"
    existing = (
        Meeting.objects.filter(escalation=escalation, stage=escalation.current_stage)
        .exclude(status=MeetingStatus.CANCELLED)
        .first()
    )
    if existing is not None:
        return f"The {existing.name} has already been convened for {when(existing.starts_at)}"
    return (
        f"Only the partnership's officers, or whoever the policy says convenes the "
        f"{spec.name}, can convene it"
    )


def meeting_convene(
    *,
    escalation: Escalation,
    actor: Person,
    expected_version: int,
    members: Sequence[Person],
    chair: Person | None,
    starts_at: dt.datetime,
    place: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Meeting:
    """Convene the meeting or panel the policy names at the escalation's current stage."""
    now = now or timezone.now()
    if not rules.can_convene(actor, escalation):
        raise ActionRefused(_convene_refusal(escalation))
    policy = escalation.policy
    spec = rules.meeting_spec(escalation)
    assert spec is not None  # can_convene checked it
    if not place.strip():
        raise ActionRefused(f"Enter where the {spec.name} will be held")
    if starts_at < escalation.raised_at:
        raise ActionRefused("The date must be after the escalation was raised")
    roles = membership.member_roles(spec)
    proposed = [c for c in (_candidate(p, roles) for p in dict.fromkeys(members)) if c]
    chairing = _candidate(chair, [p.role for p in spec.chair] or roles) if chair else None
    eligible = {c.person.pk for c in membership.candidates(escalation, spec)}
    chairs = {c.person.pk for c in membership.chair_candidates(escalation, spec)}
    if chair is not None and not spec.chair:
        chairs |= {p.pk for p in members} | {actor.pk}
    problems = membership.check(
        policy,
        spec,
        escalation=escalation,
        members=proposed,
        chair=chairing,
        eligible=eligible,
        chairs=chairs,
        reason=reason,
    )
    errors = [p for p in problems if not p.warning]
    if errors:
        raise MembershipRefused(errors)
    warnings = [p.message for p in problems if p.warning]
    sitting = list(
        {c.person.pk: c for c in [*([chairing] if chairing else []), *proposed]}.values()
    )
    with transaction.atomic():
        event = escalation_add_record(
            escalation=escalation,
            actor=actor,
            kind=EventKind.MEETING_CONVENED,
            expected_version=expected_version,
            text=f"{spec.name}: {when(starts_at)}, at {place.strip()}",
            data={
                "meeting_kind": spec.kind,
                "starts_at": starts_at.isoformat(),
                "place": place.strip(),
                "members": [
                    {"person": c.person.pk, "name": c.person.display_name, "agency": c.agency.name}
                    for c in sitting
                ],
                "chair": chair.pk if chair else None,
                "warnings": warnings,
            },
            now=now,
        )
        meeting = Meeting.objects.create(
            escalation=escalation,
            partnership_id=escalation.partnership_id,
            stage=escalation.current_stage,
            kind=spec.kind,
            name=spec.name,
            convened_by=actor,
            convened_at=now,
            starts_at=starts_at,
            place=place.strip(),
            chair=chair,
            exception_reason=reason.strip() if warnings else "",
            warnings=warnings,
            convened_event=event,
        )
        MeetingMember.objects.bulk_create(
            MeetingMember(
                meeting=meeting,
                person=c.person,
                agency=c.agency,
                role=c.role,
                is_chair=chair is not None and c.person.pk == chair.pk,
            )
            for c in sitting
        )
        notices.meeting_convened(meeting, now=now, actor=actor)
        facts_refresh(escalation=escalation, now=now)
    return meeting


def meeting_add_representation(
    *,
    meeting: Meeting,
    actor: Person,
    agency: Agency,
    text: str,
    expected_version: int,
    now: dt.datetime | None = None,
) -> Representation:
    """One party's written representation to the meeting or panel, before it is held."""
    now = now or timezone.now()
    if meeting.status != MeetingStatus.CONVENED:
        raise ActionRefused(f"The {meeting.name} has been held: representations are closed")
    if agency.pk not in rules.representing(actor, meeting):
        raise ActionRefused(
            "You can give a written representation only for your own agency, and only if it "
            "is one of the agencies in the disagreement"
        )
    if not text.strip():
        raise ActionRefused("Enter the written representation")
    with transaction.atomic():
        event = escalation_add_record(
            escalation=meeting.escalation,
            actor=actor,
            kind=EventKind.REPRESENTATION,
            expected_version=expected_version,
            text=text,
            data={"meeting_stage": meeting.stage, "agency": agency.pk, "agency_name": agency.name},
            now=now,
        )
        representation = Representation.objects.create(
            meeting=meeting,
            agency=agency,
            submitted_by=actor,
            submitted_at=now,
            text=text.strip(),
            event=event,
        )
        facts_refresh(escalation=meeting.escalation, now=now)
    return representation


def meeting_record_held(
    *,
    meeting: Meeting,
    actor: Person,
    attended: Sequence[Person],
    discussion: str,
    expected_version: int,
    decision: str = "",
    now: dt.datetime | None = None,
) -> Meeting:
    """Who attended and what was discussed; with ``decision``, the decision too."""
    now = now or timezone.now()
    if not rules.can_record_held(actor, meeting):
        if meeting.status == MeetingStatus.HELD:
            raise ActionRefused(f"The {meeting.name} has already been recorded as held")
        raise ActionRefused(
            f"Only the partnership's officers, or whoever convened or chairs the "
            f"{meeting.name}, can record it"
        )
    if now < meeting.starts_at:
        raise ActionRefused(
            f"The {meeting.name} is arranged for {when(meeting.starts_at)}. Record it as held "
            "once it has taken place"
        )
    members = {m.person_id: m for m in meeting.members.all()}
    present = {p.pk for p in attended}
    if not present:
        raise ActionRefused(f"Select who attended the {meeting.name}")
    if present - set(members):
        raise ActionRefused("Select only people who were invited as members")
    if not discussion.strip():
        raise ActionRefused("Enter what was discussed")
    with transaction.atomic():
        escalation_add_record(
            escalation=meeting.escalation,
            actor=actor,
            kind=EventKind.MEETING_HELD,
            expected_version=expected_version,
            text=discussion,
            data={
                "meeting_stage": meeting.stage,
                "attended": sorted(present),
                "absent": sorted(set(members) - present),
                **_completes(meeting, now),
            },
            now=now,
        )
        for person_id, member in members.items():
            MeetingMember.objects.filter(pk=member.pk).update(attended=person_id in present)
        Meeting.objects.filter(pk=meeting.pk).update(
            status=MeetingStatus.HELD, held_at=meeting.starts_at, discussion=discussion.strip()
        )
        meeting.refresh_from_db()
        if decision.strip():
            meeting_record_decision(
                meeting=meeting,
                actor=actor,
                decision=decision,
                expected_version=expected_version + 1,
                now=now,
            )
        else:
            facts_refresh(escalation=meeting.escalation, now=now)
    return meeting


def _completes(meeting: Meeting, now: dt.datetime) -> dict[str, str]:
    """The step of the stage that this meeting is (the policy's ``meeting.step``), while it is
    still to do at the escalation's current stage: recording the meeting completes it."""
    escalation = meeting.escalation
    spec = escalation.policy.stage(meeting.stage).meeting
    if spec is None or spec.step is None or escalation.current_stage != meeting.stage:
        return {}
    steps = {s.key: s for s in escalation_state(escalation, now).current.steps}
    step = steps.get(spec.step)
    return {"step": spec.step} if step is not None and step.done_at is None else {}


def meeting_record_decision(
    *,
    meeting: Meeting,
    actor: Person,
    decision: str,
    expected_version: int,
    now: dt.datetime | None = None,
) -> Event:
    """The meeting's decision, through the engine: a binding, final decision ends the
    escalation, and every party and the front-line staff are told."""
    now = now or timezone.now()
    if not decision.strip():
        raise ActionRefused("Enter the decision")
    if not rules.can_record_decision(actor, meeting):
        raise ActionRefused(
            f"The decision of the {meeting.name} can be recorded once it has been held, while "
            "the escalation is open at its stage, by the officers, the convener or the chair"
        )
    escalation = meeting.escalation
    with transaction.atomic():
        event = escalation_act(
            escalation=escalation,
            actor=actor,
            action="record-decision",
            expected_version=expected_version,
            text=decision,
            stage=meeting.stage,
            data={"meeting_stage": meeting.stage},
            now=now,
        )
        binding = bool(event.data.get("binding"))
        Meeting.objects.filter(pk=meeting.pk).update(
            decision=decision.strip(), decided_at=now, decision_binding=binding
        )
        meeting.refresh_from_db()
        escalation.refresh_from_db()
        notices.decision_made(meeting, sequence=event.sequence, now=now, actor=actor)
        facts_refresh(escalation=escalation, now=now)
    return event
