"""Learning: lessons, training needs and gaps go to the queues the policy names, and each is
tracked until an officer answers it; debriefs; anyone party may record, at any time."""

from __future__ import annotations

import pytest
from cast import make_cast
from ladder import act, at, raise_one, signed_in

from escalate.escalations.models import Event
from escalate.escalations.services import ActionRefused
from escalate.notifications.models import Channel, Notification
from escalate.reports import learning
from escalate.reports.models import Debrief, LearningItem, LearningStatus
from escalate.reports.queues import queues_for

pytestmark = pytest.mark.django_db


def test_queues_are_named_from_each_policy() -> None:
    cast = make_cast("haringey")
    policy = cast.partnership.policy_in_force(at(2026, 1, 1).date()).policy
    queues = queues_for(policy)
    assert queues["training"].label == "The Training, Learning and Development Sub-Group"
    assert (
        queues["learning"].label
        == "The Joint Operational Group and the Quality Assurance and Practice Review sub-group"
    )
    assert queues["chair"].label == "The Independent Chair of the LSCB"
    brent = make_cast("brent").partnership.policy_in_force(at(2026, 1, 1).date()).policy
    assert queues_for(brent)["chair"].label == "The Chair of the LSCB"
    assert queues_for(brent)["training"].source == ""  # Escalate's default


def test_learning_goes_to_its_queue_and_is_answered_by_an_officer() -> None:
    cast = make_cast("haringey")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10), categories=["threshold"])
    act(escalation, cast.raiser, "resolve", at(2026, 6, 2, 10))
    kinds = {
        "lesson": "Ring before closing a referral.",
        "training-need": "Thresholds training for school staff.",
        "policy-gap": "The protocol says nothing about schools in the holidays.",
    }
    for offset, (kind, text) in enumerate(kinds.items()):
        escalation.refresh_from_db()
        learning.learning_record(
            escalation=escalation,
            actor=cast.raiser,
            kind=kind,
            text=text,
            expected_version=escalation.version,
            now=at(2026, 6, 3, 10 + offset),
        )
    items = {item.kind: item for item in LearningItem.objects.all()}
    assert (
        items["lesson"].queue
        == "The Joint Operational Group and the Quality Assurance and Practice Review sub-group"
    )
    assert items["training-need"].queue == "The Training, Learning and Development Sub-Group"
    assert items["policy-gap"].queue == "The Independent Chair of the LSCB"
    assert all(item.status == LearningStatus.OPEN for item in items.values())
    gap_event = Event.objects.get(kind="policy-gap")
    assert items["policy-gap"].event == gap_event
    chair_told = Notification.objects.filter(
        recipient=cast.chair, key__startswith="policy:gap-to-chair", channel=Channel.APP
    )
    assert chair_told.exists()

    officer = signed_in(cast.officer)
    page = officer.get("/partnership/learning/")
    assert page.status_code == 200
    for text in kinds.values():
        assert text.encode() in page.content
    lesson = items["lesson"]
    page = officer.post(f"/partnership/learning/{lesson.pk}/answer/", {"answer": ""})
    assert b"Enter the answer" in page.content
    page = officer.post(
        f"/partnership/learning/{lesson.pk}/answer/",
        {"answer": "Added to the QA sub-group's agenda for July."},
    )
    assert page.status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == LearningStatus.ANSWERED
    assert lesson.answered_by == cast.officer
    assert Notification.objects.filter(
        recipient=cast.raiser, key=f"learning-answer:{lesson.pk}"
    ).exists()
    with pytest.raises(ActionRefused, match="This was answered by"):
        learning.learning_answer(item=lesson, actor=cast.chair, answer="Again")
    answered = officer.get("/partnership/learning/?status=answered")
    assert b"Added to the QA sub-group" in answered.content


def test_a_gap_reported_from_the_escalation_page_joins_the_chairs_queue() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10))
    act(escalation, cast.raiser, "report-policy-gap", at(2026, 6, 1, 11), "No rule for GPs.")
    page = signed_in(cast.chair).get("/partnership/learning/")
    assert b"No rule for GPs." in page.content
    item = LearningItem.objects.get()
    assert item.queue == "The Chair of the LSCB"
    assert item.raised_by == cast.raiser


def test_a_gap_reported_with_report_a_gap_is_on_the_escalations_learning_page() -> None:
    """Reported from the escalation page's "Report a gap", through the web: it is on the
    escalation's learning page at once, before any officer has opened the queues."""
    cast = make_cast("brent")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10))
    client = signed_in(cast.raiser)
    reported = client.post(
        f"/escalations/{escalation.reference}/report-policy-gap/",
        {"version": escalation.version, "text": "Nothing says who tells the GP."},
    )
    assert reported.status_code == 302
    page = client.get(f"/escalations/{escalation.reference}/learning/").content.decode()
    assert "Nothing says who tells the GP." in page
    assert "The Chair of the LSCB" in page
    [item] = LearningItem.objects.all()
    assert (item.kind, item.raised_by, item.event.kind) == ("policy-gap", cast.raiser, "policy-gap")
    assert learning.learning_collect_gaps(partnership=cast.partnership) == 0  # nothing left


def test_only_parties_record_learning_and_only_officers_answer() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10))
    url = f"/escalations/{escalation.reference}/learning/"
    assert signed_in(cast.outsider).get(url).status_code == 404
    assert signed_in(cast.stranger).get(url).status_code == 404
    client = signed_in(cast.other)
    page = client.post(url, {"version": escalation.version, "kind": "", "text": ""})
    assert b"Select a lesson learnt, a training need or a gap" in page.content
    assert b"Describe the lesson, training need or gap" in page.content
    page = client.post(
        url, {"version": escalation.version, "kind": "lesson", "text": "Share plans sooner."}
    )
    assert page.status_code == 302
    item = LearningItem.objects.get()
    answer = f"/partnership/learning/{item.pk}/answer/"
    for someone in (cast.raiser, cast.outsider):
        assert signed_in(someone).get("/partnership/learning/").status_code == 404
        assert signed_in(someone).get(answer).status_code == 404
    # Another partnership's officer sees their own (empty) queues, never this one's.
    elsewhere = signed_in(cast.stranger)
    assert b"Share plans sooner." not in elsewhere.get("/partnership/learning/").content
    assert elsewhere.get(answer).status_code == 404
    with pytest.raises(ActionRefused, match="Only the partnership's officers"):
        learning.learning_answer(item=item, actor=cast.raiser, answer="Me")


def test_a_debrief_is_arranged_after_a_difficult_dispute() -> None:
    cast = make_cast("haringey")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10), categories=["threshold"])
    act(escalation, cast.raiser, "resolve", at(2026, 6, 2, 10))
    client = signed_in(cast.manager)
    url = f"/escalations/{escalation.reference}/learning/debrief/"
    page = client.post(url, {"version": escalation.version, "day": "31", "month": "2"})
    text = page.content.decode()
    assert "The date of the debrief must include a year" in text
    assert "Enter the time, for example 14:30" in text
    assert "Enter where the debrief will be held" in text
    page = client.post(
        url,
        {
            "version": escalation.version,
            "day": "10",
            "month": "6",
            "year": "2026",
            "time": "15:30",
            "place": "Children's Centre",
            "attendees": "Both practitioners and their managers",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    debrief = Debrief.objects.get()
    assert debrief.starts_at == at(2026, 6, 10, 15, 30)
    assert Notification.objects.filter(recipient=cast.other, key=f"debrief:{debrief.pk}").exists()
    learning_page = client.get(f"/escalations/{escalation.reference}/learning/")
    assert b"Children&#39;s Centre" in learning_page.content
