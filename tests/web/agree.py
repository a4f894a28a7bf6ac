"""Both sides agreeing an outcome, for tests whose subject is what follows a resolution."""

from __future__ import annotations

import datetime as dt

from cast import person
from django.utils import timezone

from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Agency, Person
from escalate.reports import services as meeting_services
from escalate.reports.models import Meeting


def other_side_agrees(escalation: Escalation, event: Event, *, gap_minutes: int = 1) -> Event:
    """Where ``event`` is one side's agreement to an outcome, the other side's professional
    (the raiser, or the professional it is with) agrees the same outcome ``gap_minutes``
    later, which resolves it; otherwise ``event`` itself."""
    if event.kind != EventKind.RESOLUTION_PROPOSED:
        return event
    other = (
        escalation.receiving_professional
        if event.data["side"] == "raising"
        else escalation.raised_by
    )
    if other is None:  # not in the directory: someone from that agency who is party to it
        other = (
            Person.objects.filter(
                participations__escalation=escalation, agency=escalation.receiving_agency
            )
            .order_by("username")
            .first()
        )
    assert other is not None, "nobody on the other side is party to it"
    escalation.refresh_from_db()
    agreed = escalation_act(
        escalation=escalation,
        actor=other,
        action="resolve",
        expected_version=escalation.version,
        text=event.text,
        data={"outstanding": event.data.get("outstanding", "None")},
        now=event.at + dt.timedelta(minutes=gap_minutes),
    )
    escalation.refresh_from_db()
    return agreed


TICK = dt.timedelta(milliseconds=1)


def decide(
    escalation: Escalation, actor: Person, text: str, *, now: dt.datetime | None = None
) -> Event:
    """``actor`` records the stage's decision; where the stage has a meeting or panel, the
    business manager first convenes it (a member from each agency, made where missing) and
    records it as held, and the decision is the meeting's."""
    escalation.refresh_from_db()
    now = now or _after_the_last(escalation)
    stage = escalation.policy_version.policy.stage(escalation.current_stage)
    if stage.meeting is None:
        event = escalation_act(
            escalation=escalation,
            actor=actor,
            action="record-decision",
            expected_version=escalation.version,
            text=text,
            now=now,
        )
        escalation.refresh_from_db()
        return event
    meeting = hold_panel(escalation, now=now - 2 * TICK)
    event = meeting_services.meeting_record_decision(
        meeting=meeting, actor=actor, decision=text, expected_version=escalation.version, now=now
    )
    escalation.refresh_from_db()
    return event


def hold_panel(escalation: Escalation, *, now: dt.datetime | None = None) -> Meeting:
    """The business manager convenes the stage's meeting or panel (a member from each agency,
    made where missing) at ``now`` and records it as held a moment later, without its
    decision."""
    escalation.refresh_from_db()
    now = now or _after_the_last(escalation)
    stage = escalation.policy_version.policy.stage(escalation.current_stage)
    assert stage.meeting is not None
    officer = Person.objects.filter(
        role_holdings__role="business-manager", agency__partnership=escalation.partnership
    ).first()
    assert officer is not None
    members = [
        Person.objects.filter(
            agency=agency, role_holdings__role__in=stage.meeting.membership.members
        ).first()
        or _panellist(agency, stage.meeting.membership.members[0])
        for agency in escalation.partnership.agencies.exclude(kind="partnership").order_by("pk")
    ]
    meeting = meeting_services.meeting_convene(
        escalation=escalation,
        actor=officer,
        expected_version=escalation.version,
        members=members,
        chair=None,
        starts_at=now,
        place="Civic Centre",
        now=now,
    )
    escalation.refresh_from_db()
    meeting_services.meeting_record_held(
        meeting=meeting,
        actor=officer,
        attended=members,
        discussion="Every agency was heard.",
        expected_version=escalation.version,
        now=now + TICK,
    )
    escalation.refresh_from_db()
    meeting.refresh_from_db()
    return meeting


def _after_the_last(escalation: Escalation) -> dt.datetime:
    """Now, or a moment after the escalation's last event where that is later."""
    last = escalation.events.order_by("-sequence").values_list("at", flat=True).first()
    return max(timezone.now(), (last or timezone.now()) + 3 * TICK)


def _panellist(agency: Agency, role: str) -> Person:
    return person(f"panel.{agency.pk}.{role}", agency, role)
