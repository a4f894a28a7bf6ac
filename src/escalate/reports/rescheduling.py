"""The rest of a meeting's life before it is held: rearranged to another date, time or
place, or cancelled with a reason. Each is one event on the escalation, written with the
meeting's row in one transaction, and everyone invited is told (members, the chair, the
front-line staff and whoever acts at the stage). A cancelled meeting stays on the record;
the stage's meeting or panel can then be convened again."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from escalate.escalations.models import EventKind
from escalate.escalations.services import ActionRefused, escalation_add_record
from escalate.notifications.compose import when
from escalate.partnerships.models import Person
from escalate.reports import notices, rules
from escalate.reports.facts import facts_refresh
from escalate.reports.models import Meeting, MeetingStatus


def _refusal(meeting: Meeting, doing: str) -> str:
    if meeting.status == MeetingStatus.HELD:
        return f"The {meeting.name} has been held, so it cannot be {doing}"
    if meeting.status == MeetingStatus.CANCELLED:
        return f"The {meeting.name} has been cancelled, so it cannot be {doing}"
    if meeting.escalation.status != "open":
        return f"This escalation has ended, so the {meeting.name} cannot be {doing}"
    return (
        f"Only the partnership's officers, or whoever convened or chairs the {meeting.name}, "
        f"can say it is {doing}"
    )


def meeting_rearrange(
    *,
    meeting: Meeting,
    actor: Person,
    starts_at: dt.datetime,
    place: str,
    expected_version: int,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Meeting:
    """Move the meeting to another date, time or place; everyone invited is told."""
    now = now or timezone.now()
    if not rules.can_rearrange(actor, meeting):
        raise ActionRefused(_refusal(meeting, "rearranged"))
    place = place.strip()
    if not place:
        raise ActionRefused(f"Enter where the {meeting.name} will be held")
    if starts_at < now:
        raise ActionRefused(f"The new date and time of the {meeting.name} must be in the future")
    if starts_at == meeting.starts_at and place == meeting.place:
        raise ActionRefused(
            f"The {meeting.name} is already arranged for {when(meeting.starts_at)} at that "
            "place. Change the date, the time or the place"
        )
    with transaction.atomic():
        event = escalation_add_record(
            escalation=meeting.escalation,
            actor=actor,
            kind=EventKind.MEETING_REARRANGED,
            expected_version=expected_version,
            text=(
                f"{meeting.name}: moved from {when(meeting.starts_at)} to {when(starts_at)}, "
                f"at {place}" + (f". {reason.strip()}" if reason.strip() else "")
            ),
            data={
                "meeting_stage": meeting.stage,
                "was_starts_at": meeting.starts_at.isoformat(),
                "was_place": meeting.place,
                "starts_at": starts_at.isoformat(),
                "place": place,
            },
            now=now,
        )
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts_at, place=place)
        meeting.refresh_from_db()
        notices.meeting_moved(meeting, event, now=now, actor=actor)
        facts_refresh(escalation=meeting.escalation, now=now)
    return meeting


def meeting_cancel(
    *,
    meeting: Meeting,
    actor: Person,
    reason: str,
    expected_version: int,
    now: dt.datetime | None = None,
) -> Meeting:
    """Cancel the meeting, saying why; everyone invited is told. It can be convened again."""
    now = now or timezone.now()
    if not rules.can_rearrange(actor, meeting):
        raise ActionRefused(_refusal(meeting, "cancelled"))
    if not reason.strip():
        raise ActionRefused(f"Say why the {meeting.name} is cancelled")
    with transaction.atomic():
        event = escalation_add_record(
            escalation=meeting.escalation,
            actor=actor,
            kind=EventKind.MEETING_CANCELLED,
            expected_version=expected_version,
            text=f"{meeting.name} on {when(meeting.starts_at)} cancelled: {reason.strip()}",
            data={"meeting_stage": meeting.stage, "starts_at": meeting.starts_at.isoformat()},
            now=now,
        )
        Meeting.objects.filter(pk=meeting.pk).update(
            status=MeetingStatus.CANCELLED, cancelled_at=now, cancel_reason=reason.strip()
        )
        meeting.refresh_from_db()
        notices.meeting_moved(meeting, event, now=now, actor=actor)
        facts_refresh(escalation=meeting.escalation, now=now)
    return meeting
