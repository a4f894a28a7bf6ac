"""Only people party to an escalation today are told of it: someone who has left the role
they were party by (or the agency they were party in) is no longer emailed its reference,
by an event that tells everyone or by the reminders to confirm the agreed outcome. The
same rule as who may open it (``participants.party_now``)."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import Cast, make_cast, raised_by_raiser
from walk import signed_in, text_of

from escalate.documents.reminders import outcome_send_reminders, reminder_at
from escalate.escalations.models import Escalation
from escalate.escalations.services import escalation_act
from escalate.notifications.models import Notification
from escalate.partnerships.models import Person, RoleHolder
from escalate.policy.engine import calendar_for

pytestmark = pytest.mark.django_db


def at_the_line_managers(cast: Cast) -> Escalation:
    """Raised with nobody named in children's social care, then escalated to Brent's third
    stage, where each side's line manager acts: the social care line manager (who manages
    nobody party to it) is party by their role alone."""
    escalation = raised_by_raiser(
        cast, receiving_professional=None, receiving_professional_name="Not known"
    )
    for _ in range(2):
        escalation_act(
            escalation=escalation,
            actor=cast.raiser,
            action="escalate",
            expected_version=escalation.version,
            text="Not resolved.",
        )
        escalation.refresh_from_db()
    assert escalation.current_stage == "line-managers"
    return escalation


def told(person: Person, escalation: Escalation) -> list[str]:
    return list(
        Notification.objects.filter(recipient=person, escalation=escalation)
        .order_by("pk")
        .values_list("subject", flat=True)
    )


def leaves_the_role(person: Person) -> None:
    RoleHolder.objects.filter(person=person, role="line-manager").delete()


def agreed_by_the_raising_side(cast: Cast, escalation: Escalation) -> None:
    escalation_act(
        escalation=escalation,
        actor=cast.manager,
        action="resolve",
        expected_version=escalation.version,
        text="Children's social care will visit this week.",
        data={"outstanding": "None"},
    )
    escalation.refresh_from_db()


def test_an_event_for_everyone_is_not_sent_to_someone_no_longer_in_the_role() -> None:
    cast = make_cast("brent")
    escalation = at_the_line_managers(cast)
    page = f"/escalations/{escalation.reference}/"
    assert signed_in(cast.other_manager).get(page).status_code == 200
    leaves_the_role(cast.other_manager)
    assert signed_in(cast.other_manager).get(page).status_code == 404
    agreed_by_the_raising_side(cast, escalation)
    before = told(cast.other_manager, escalation)
    head = Person.objects.get(username="otherhead.brent")  # party as their line manager
    client = signed_in(head)
    form = {"version": escalation.version, "text": "Nobody has visited yet."}
    answer = client.post(f"{page}dispute/", form)
    assert answer.status_code == 302, text_of(answer)
    assert any("disputed" in s for s in told(cast.raiser, escalation))
    assert told(cast.other_manager, escalation) == before


def test_reminders_to_confirm_the_outcome_skip_someone_no_longer_in_the_role() -> None:
    cast = make_cast("brent")
    escalation = at_the_line_managers(cast)
    agreed_by_the_raising_side(cast, escalation)
    head = Person.objects.get(username="otherhead.brent")
    escalation_act(
        escalation=escalation,
        actor=head,
        action="resolve",
        expected_version=escalation.version,
        text="Children's social care will visit this week.",
        data={"outstanding": "None"},
    )
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    leaves_the_role(cast.other_manager)
    before = told(cast.other_manager, escalation), told(head, escalation)
    resolved_at = escalation.events.order_by("-sequence").first().at  # type: ignore[union-attr]
    calendar = calendar_for(escalation.policy_version.policy)
    first = reminder_at(calendar, resolved_at, 1) + dt.timedelta(minutes=1)
    assert outcome_send_reminders(now=first) > 0
    assert len(told(head, escalation)) > len(before[1])  # still party: reminded
    assert told(cast.other_manager, escalation) == before[0]
