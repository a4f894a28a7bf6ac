"""Binding decisions (issue 15, item 2), through the web stack: where a stage has a meeting or
panel its decision is recorded through the meeting, with the binding warning; every binding
decision goes to every party, their managers and the front-line staff; the decided banner
shows the decision."""

from __future__ import annotations

import pytest
from cast import Cast, make_cast
from walk import (
    DECISION,
    LADDERS,
    hold_meeting,
    links,
    people,
    raise_through_wizard,
    signed_in,
    take,
    text_of,
)

from escalate.escalations.models import Escalation, Event
from escalate.escalations.services import ActionRefused, escalation_act
from escalate.notifications.models import Channel, Notification
from escalate.partnerships.models import Person
from escalate.reports.models import Meeting

pytestmark = pytest.mark.django_db


def climb(policy_id: str) -> tuple[Cast, dict[str, Person], Escalation]:
    cast = make_cast(policy_id)
    cast_people = people(cast, policy_id)
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    for who, action, step, _ in LADDERS[policy_id][:-1]:
        take(signed_in(cast_people[who]), escalation, action, step)
    return cast, cast_people, escalation


def told_of(escalation: Escalation, event: Event) -> set[int]:
    return set(
        Notification.objects.filter(
            escalation=escalation, key=f"event:{event.sequence}", channel=Channel.APP
        ).values_list("recipient_id", flat=True)
    )


def test_the_brent_panel_decides_through_the_meeting_and_everyone_is_told() -> None:
    cast, cast_people, escalation = climb("brent")
    assert escalation.current_stage == "resolution-panel"
    hold_meeting(escalation, cast.officer, cast.chair)
    url = f"/escalations/{escalation.reference}/record-decision/"
    for who in ("chair", "officer"):
        client = signed_in(cast_people[who])
        assert "record-decision" not in links(
            client.get(f"/escalations/{escalation.reference}/"), escalation
        )
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"version": escalation.version, "text": DECISION}).status_code == 404
        )
    with pytest.raises(ActionRefused, match="record it on the meeting's page"):
        escalation_act(
            escalation=escalation,
            actor=cast.chair,
            action="record-decision",
            expected_version=escalation.version,
            text=DECISION,
        )
    empty = signed_in(cast.chair).post(
        f"/escalations/{escalation.reference}/meeting/decision/",
        {"version": escalation.version, "decision": ""},
    )
    assert "Enter the decision" in text_of(empty)
    page = take(signed_in(cast.chair), escalation, "meeting-decision")
    escalation.refresh_from_db()
    assert escalation.status == "decided"
    meeting = Meeting.objects.get(escalation=escalation)
    assert meeting.decision == DECISION
    assert meeting.decision_binding
    shown = text_of(page)
    assert "Final binding decision made" in shown
    assert DECISION in shown.split("Final binding decision made", 1)[1].split("Summary", 1)[0]
    decision = Event.objects.get(escalation=escalation, kind="decision")
    party = set(escalation.participants.values_list("person_id", flat=True))
    told = told_of(escalation, decision)
    everyone = party - {cast.chair.pk}  # who recorded it
    assert everyone <= told
    assert {cast.raiser.pk, cast.other.pk, cast.manager.pk, cast.other_manager.pk} <= told
    assert len(told) >= 10


def test_the_directors_binding_decision_goes_to_every_party_and_their_managers() -> None:
    cast, _, escalation = climb("st-helens")
    assert escalation.current_stage == "director-of-childrens-services"
    page = take(signed_in(cast.chair), escalation, "record-decision")
    assert escalation.status == "decided"
    shown = text_of(page)
    assert DECISION in shown.split("Final binding decision made", 1)[1].split("Summary", 1)[0]
    decision = Event.objects.get(escalation=escalation, kind="decision")
    party = set(escalation.participants.values_list("person_id", flat=True))
    assert party - {cast.chair.pk} <= told_of(escalation, decision)
    head = cast.manager.line_manager
    assert head is not None
    assert {cast.raiser.pk, cast.manager.pk, head.pk, cast.other_manager.pk} <= told_of(
        escalation, decision
    )
