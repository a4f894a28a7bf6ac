"""Item 10 of issue 15: the rest of a meeting's life. The business manager rearranges the
Brent panel and then cancels it, through the web, and everyone invited is told each time;
the panel can then be convened again. Recording St Helens' mediation meeting completes the
step of the ladder that is that meeting."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from cast import Cast, make_cast, person
from django.utils import timezone
from ladder import at, escalate_to, raise_one, signed_in

from escalate.escalations.models import Escalation
from escalate.escalations.services import escalation_state
from escalate.notifications.models import Channel, Notification
from escalate.partnerships.models import Person
from escalate.reports import services
from escalate.reports.models import Meeting, MeetingStatus
from escalate.reports.rescheduling import meeting_cancel

pytestmark = pytest.mark.django_db

LADDER = [at(2026, 6, 1, 11), at(2026, 6, 1, 12), at(2026, 6, 1, 13), at(2026, 6, 1, 14)]


def text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def convened_brent_panel() -> tuple[Cast, Escalation, Meeting, list[Person]]:
    cast = make_cast("brent")
    members = [
        person("bm.school", cast.school, "board-member"),
        person("bm.social", cast.social_care, "board-member"),
        person("bm.health", cast.health, "board-member"),
    ]
    escalation = raise_one(cast, now=at(2026, 6, 1, 10))
    escalate_to(escalation, cast.raiser, "resolution-panel", LADDER)
    meeting = services.meeting_convene(
        escalation=escalation,
        actor=cast.officer,
        expected_version=escalation.version,
        members=members,
        chair=cast.chair,
        starts_at=at(2026, 6, 8, 14),
        place="Civic Centre, room 3",
        now=at(2026, 6, 2, 9),
    )
    escalation.refresh_from_db()
    return cast, escalation, meeting, members


def told(key: str) -> set[Person]:
    return {n.recipient for n in Notification.objects.filter(key=key, channel=Channel.APP)}


def test_the_business_manager_rearranges_then_cancels_the_panel_and_everyone_is_told() -> None:
    cast, escalation, meeting, members = convened_brent_panel()
    invited = {*members, cast.chair, cast.raiser, cast.other}
    client = signed_in(cast.officer)
    base = f"/escalations/{escalation.reference}/meeting/"
    page = text(client.get(base))
    assert "Rearrange the LSCB Resolution Panel" in page
    assert "Cancel the LSCB Resolution Panel" in page
    form = client.get(base + "rearrange/")
    assert form.status_code == 200
    assert 'value="Civic Centre, room 3"' in form.content.decode()

    day = timezone.localdate() + dt.timedelta(days=14)
    moved = {
        "version": escalation.version,
        "day": str(day.day),
        "month": str(day.month),
        "year": str(day.year),
        "time": "10:30",
        "place": "Brent Civic Centre, committee room 5",
    }
    response = client.post(base + "rearrange/", moved)
    assert response.status_code == 302, text(response)[:2000]
    page = text(client.get(response["Location"]))
    assert "LSCB Resolution Panel rearranged" in page
    assert "Brent Civic Centre, committee room 5" in page
    assert f"{day:%A} {day.day} {day:%B %Y}, 10:30" in page
    escalation.refresh_from_db()
    event = escalation.events.get(kind="meeting-rearranged")
    assert told(f"event:{event.sequence}") == invited - {cast.officer}
    email = Notification.objects.filter(
        key=f"event:{event.sequence}", channel=Channel.EMAIL
    ).first()
    assert email is not None
    assert email.subject.startswith(f"{escalation.reference}: LSCB Resolution Panel rearranged to")
    assert f"it now takes place on {day:%A} {day.day} {day:%B %Y} at 10:30" in email.body
    assert "committee room 5" not in email.subject + email.body  # the place stays in the app

    # The same again changes nothing and says what to do.
    moved["version"] = escalation.version
    again = client.post(base + "rearrange/", moved)
    assert again.status_code == 200
    assert "Change the date, the time or the place" in text(again)

    assert escalation_state(escalation).current.convened_at is not None
    assert client.get(base + "cancel/").status_code == 200
    empty = client.post(base + "cancel/", {"version": escalation.version, "reason": " "})
    assert "Say why it is cancelled" in text(empty)
    response = client.post(
        base + "cancel/",
        {"version": escalation.version, "reason": "The chair is unwell; a new date follows."},
    )
    assert response.status_code == 302, text(response)[:2000]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    escalation.refresh_from_db()
    # To the engine the stage's meeting is still to convene.
    assert escalation_state(escalation).current.convened_at is None
    event = escalation.events.get(kind="meeting-cancelled")
    assert told(f"event:{event.sequence}") == invited - {cast.officer}
    page = text(client.get(base))
    assert "The LSCB Resolution Panel has not been convened yet" in page
    assert "cancelled: The chair is unwell; a new date follows." in page
    detail = text(client.get(f"/escalations/{escalation.reference}/"))
    assert "Convene the LSCB Resolution Panel" in detail
    assert "Meeting or panel cancelled" in detail  # the history says so, and why
    assert "cancelled: The chair is unwell" in detail

    again = services.meeting_convene(
        escalation=escalation,
        actor=cast.officer,
        expected_version=escalation.version,
        members=members,
        chair=cast.chair,
        starts_at=at(2026, 6, 22, 14),
        place="Civic Centre, room 3",
    )
    assert Meeting.objects.filter(escalation=escalation).count() == 2
    assert again.status == MeetingStatus.CONVENED
    escalation.refresh_from_db()
    assert escalation_state(escalation).current.convened_at is not None


def test_only_those_who_run_it_rearrange_or_cancel_and_not_once_held() -> None:
    cast, escalation, meeting, members = convened_brent_panel()
    base = f"/escalations/{escalation.reference}/meeting/"
    for someone in (cast.raiser, cast.other, members[0], cast.outsider, cast.stranger):
        client = signed_in(someone)
        for page in ("rearrange/", "cancel/"):
            assert client.get(base + page).status_code == 404, (someone, page)
            assert client.post(base + page, {}).status_code == 404, (someone, page)
        assert "Cancel the" not in text(client.get(base))
    services.meeting_record_held(
        meeting=meeting,
        actor=cast.officer,
        attended=members,
        discussion="Both agencies were heard.",
        expected_version=escalation.version,
        now=at(2026, 6, 8, 16),
    )
    client = signed_in(cast.officer)
    assert client.get(base + "cancel/").status_code == 404
    assert client.get(base + "rearrange/").status_code == 404
    with pytest.raises(services.ActionRefused, match="has been held"):
        meeting_cancel(meeting=meeting, actor=cast.officer, reason="Too late", expected_version=99)


def test_recording_the_st_helens_mediation_meeting_completes_its_step() -> None:
    cast = make_cast("st-helens")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10), categories=["level-of-need"])
    escalate_to(escalation, cast.raiser, "mediation", LADDER)
    managers = [
        person("sm.school", cast.school, "senior-manager"),
        person("sm.social", cast.social_care, "senior-manager"),
    ]
    chair = person("bm.health", cast.health, "board-member")
    services.meeting_convene(
        escalation=escalation,
        actor=cast.officer,
        expected_version=escalation.version,
        members=managers,
        chair=chair,
        starts_at=at(2026, 6, 8, 14),
        place="Town Hall",
        now=at(2026, 6, 2, 9),
    )
    escalation.refresh_from_db()
    step = next(s for s in escalation_state(escalation).current.steps if s.key == "hold-meeting")
    assert step.done_at is None
    client = signed_in(chair)
    response = client.post(
        f"/escalations/{escalation.reference}/meeting/held/",
        {
            "version": escalation.version,
            "attended": [p.pk for p in (*managers, chair)],
            "discussion": "Both senior managers agreed a joint visit.",
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    escalation.refresh_from_db()
    step = next(s for s in escalation_state(escalation).current.steps if s.key == "hold-meeting")
    assert step.done_at is not None
    detail = client.get(f"/escalations/{escalation.reference}/")
    assert "step=hold-meeting" not in detail.content.decode()
    # The policy's step-done notice: the meeting's chair reports back to the Board's chair.
    assert Notification.objects.filter(recipient=cast.chair, key__contains="report-to-chair")
