"""Messages carry the escalation's reference, what kind of thing happened and a link: never
the child's details, nor anything anyone typed, nor where a meeting or debrief is held and
who is asked to come (a place or a guest list can name a family)."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import make_cast
from dataset import build
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from ladder import at

from escalate.escalations.drafts import draft_save
from escalate.escalations.models import Event, RaiseDraft
from escalate.notifications.models import Notification
from escalate.reports.learning import debrief_schedule
from escalate.reports.models import Meeting
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db


def test_no_message_copies_typed_text_a_place_or_a_guest_list() -> None:
    data = build()
    e4 = data.escalations["E4"]
    debrief = debrief_schedule(
        escalation=e4,
        actor=data.cast.raiser,
        starts_at=at(2025, 10, 20, 10),
        place="12 Acacia Avenue",
        attendees="Jane Testington and the class teacher",
        expected_version=e4.version,
        now=at(2025, 10, 16, 12),
    )
    typed = {
        text
        for text in Event.objects.values_list("text", flat=True)
        if len(text) > 12 and not text.endswith(" issued")
    }
    typed |= {"12 Acacia Avenue", "Jane Testington", "Civic Centre", "Ava"}
    assert Meeting.objects.filter(place="Civic Centre").exists()
    messages = list(Notification.objects.all())
    assert any(m.key == f"debrief:{debrief.pk}" for m in messages)
    assert any(m.key.startswith("meeting-convened:") for m in messages)
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        assert message.escalation.reference in text
        assert f"/escalations/{message.escalation.reference}/" in message.body
        copied = [t for t in typed if t in text]
        assert not copied, f"{message.key} to {message.recipient} copies {copied}"


def test_a_worker_pass_purges_expired_sessions_and_raise_drafts() -> None:
    cast = make_cast("brent")
    now = at(2026, 3, 2, 10)
    for person, when in ((cast.raiser, now - dt.timedelta(days=30)), (cast.manager, now)):
        draft_save(person=person, answers={"child_name": "Ava Testington"}, now=when)
    old, current = SessionStore(), SessionStore()
    for store in (old, current):
        store["note"] = "signed in"
        store.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=now - dt.timedelta(minutes=1)
    )
    Session.objects.filter(session_key=current.session_key).update(
        expire_date=now + dt.timedelta(hours=1)
    )
    report = run_pass(now=now, me="test")
    assert report.errors == []
    assert list(RaiseDraft.objects.values_list("person", flat=True)) == [cast.manager.pk]
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]
