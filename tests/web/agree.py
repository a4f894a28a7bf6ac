"""Both sides agreeing an outcome, for tests whose subject is what follows a resolution."""

from __future__ import annotations

import datetime as dt

from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Person


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
