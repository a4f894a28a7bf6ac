"""Named permission rules for meetings, learning and reports, used by views and templates.

Anyone who may not see an escalation gets 404 (``escalation_for``); these rules decide what
someone who may see it can do. Reports and dashboards are for the partnership's officers.
"""

from __future__ import annotations

from escalate.escalations import rules as escalation_rules
from escalate.escalations.models import Escalation, Status
from escalate.escalations.participants import people_for
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Partnership, Person
from escalate.policy.schema import Meeting as MeetingSpec
from escalate.policy.schema import Stage
from escalate.reports.models import Meeting, MeetingStatus


def meeting_spec(escalation: Escalation) -> MeetingSpec | None:
    """The meeting or panel the policy names at the escalation's current stage, if any."""
    return escalation.policy.stage(escalation.current_stage).meeting


def _is_convener(person: Person, escalation: Escalation, spec: MeetingSpec) -> bool:
    return any(person in people_for(escalation, party) for party in spec.convened_by)


def can_convene(
    person: Person, escalation: Escalation, *, convened_here: bool | None = None
) -> bool:
    """The partnership's officers, or whoever the policy says convenes, on an open escalation
    whose current stage names a meeting not yet convened (``convened_here``, if the caller
    knows)."""
    spec = meeting_spec(escalation)
    if spec is None or escalation.status != Status.OPEN:
        return False
    if not escalation_rules.can_view(person, escalation):
        return False
    if convened_here is None:
        convened_here = (
            Meeting.objects.filter(escalation=escalation, stage=escalation.current_stage)
            .exclude(status=MeetingStatus.CANCELLED)
            .exists()
        )
    if convened_here:
        return False
    return is_officer(person, escalation.partnership_id) or _is_convener(person, escalation, spec)


def can_run(person: Person, meeting: Meeting) -> bool:
    """Record attendance, the discussion and the decision: officers, the convener, the chair."""
    escalation = meeting.escalation
    if not escalation_rules.can_view(person, escalation):
        return False
    return is_officer(person, escalation.partnership_id) or person.pk in (
        meeting.convened_by_id,
        meeting.chair_id,
    )


def can_record_held(person: Person, meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.CONVENED and can_run(person, meeting)


def can_rearrange(person: Person, meeting: Meeting) -> bool:
    """Move or cancel a meeting not yet held, on an open escalation: those who run it."""
    return (
        meeting.status == MeetingStatus.CONVENED
        and meeting.escalation.status == Status.OPEN
        and can_run(person, meeting)
    )


def can_record_decision(person: Person, meeting: Meeting) -> bool:
    """Once held, while the escalation is open at the meeting's stage and it has a decision."""
    escalation = meeting.escalation
    stage = escalation.policy.stage(meeting.stage)
    return (
        meeting.status == MeetingStatus.HELD
        and not meeting.decision
        and stage.decision is not None
        and escalation.status == Status.OPEN
        and escalation.current_stage == meeting.stage
        and (can_run(person, meeting) or _decides(person, stage))
    )


def _decides(person: Person, stage: Stage) -> bool:
    """One of the people the policy says make the stage's decision (a group's members)."""
    assert stage.decision is not None
    return bool(person.role_keys() & {party.role for party in stage.decision.by})


def representing(person: Person, meeting: Meeting) -> list[int]:
    """The agencies in dispute ``person`` may give a written representation for: their own;
    the officers may record one for either."""
    escalation = meeting.escalation
    if meeting.status != MeetingStatus.CONVENED:
        return []
    if not escalation_rules.can_view(person, escalation):
        return []
    parties = [escalation.raising_agency_id, escalation.receiving_agency_id]
    if is_officer(person, escalation.partnership_id):
        return parties
    return [pk for pk in parties if pk == (person.agency_id or 0)]


def can_record_learning(person: Person, escalation: Escalation) -> bool:
    """Anyone party to the escalation, at any time, open or closed."""
    return escalation_rules.can_view(person, escalation)


def can_answer_learning(person: Person, partnership_id: int) -> bool:
    return is_officer(person, partnership_id)


def can_see_reports(person: Person, partnership: Partnership | None) -> bool:
    """The report to the Board and the dashboard: the partnership's officers only."""
    return (
        partnership is not None
        and person.is_authenticated
        and person.is_active
        and is_officer(person, partnership.pk)
    )
