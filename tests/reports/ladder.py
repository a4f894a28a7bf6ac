"""Helpers for the reports tests: raise escalations at chosen moments and move them on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from agree import other_side_agrees
from cast import PASSWORD, Cast
from django.test import Client
from waits import clear_the_way

from escalate.escalations import services
from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.partnerships.models import Agency, Person
from escalate.policy.clock import LONDON


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def signed_in(person: Person) -> Client:
    client = Client()
    assert client.login(username=person.username, password=PASSWORD)
    return client


def raise_one(
    cast: Cast,
    *,
    now: dt.datetime,
    raiser: Person | None = None,
    receiving: Agency | None = None,
    receiving_professional: Person | None = None,
    categories: Sequence[str] = ("thresholds",),
    immediate_risk: bool = False,
    child_name: str = "Ava Testington",
) -> Escalation:
    receiving = receiving or cast.social_care
    professional = receiving_professional
    if professional is None and receiving == cast.social_care:
        professional = cast.other
    return escalation_raise(
        raiser=raiser or cast.raiser,
        receiving_agency=receiving,
        receiving_professional=professional,
        child_name=child_name,
        child_date_of_birth=dt.date(2016, 5, 4),
        child_status="child-in-need",
        categories=list(categories),
        disagreement="The referral was closed without a visit.",
        outcome_wanted="An assessment is started.",
        immediate_risk=immediate_risk,
        immediate_action="Told the DSL." if immediate_risk else "",
        now=now,
    )


def act(
    escalation: Escalation, actor: Person, action: str, now: dt.datetime, text: str = "Done."
) -> Escalation:
    escalation.refresh_from_db()
    data = {"outstanding": "None"} if action == "resolve" else None
    event = services.escalation_act(
        escalation=escalation,
        actor=actor,
        action=action,
        expected_version=escalation.version,
        text=text,
        data=data,
        now=now,
    )
    escalation.refresh_from_db()
    other_side_agrees(escalation, event)  # a resolution: both sides agree
    return escalation


def escalate_to(
    escalation: Escalation, actor: Person, stage: str, times: Sequence[dt.datetime]
) -> Escalation:
    """Escalate once at each of ``times`` and check it arrived at ``stage``."""
    for moment in times:
        clear_the_way(escalation, moment)
        act(escalation, actor, "escalate", moment)
    assert escalation.current_stage == stage, escalation.current_stage
    return escalation
