"""Helpers for the documents tests: raise an escalation, move it along at given times, sign
in, and read a PDF's text."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from agree import other_side_agrees
from cast import PASSWORD, Cast
from django.test import Client
from pypdf import PdfReader
from waits import clear_the_way

from escalate.documents.rules import Side
from escalate.documents.services import outcome_confirm
from escalate.escalations.models import Escalation, Event
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Person

# Monday 2 March 2026, 10:00 in London (GMT): no bank holidays in the following fortnight.
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def raise_one(cast: Cast, *, now: dt.datetime = MONDAY, **changes: Any) -> Escalation:
    policy = cast.partnership.policy_in_force(now.date()).policy
    answers: dict[str, Any] = {
        "raiser": cast.raiser,
        "receiving_agency": cast.social_care,
        "receiving_professional": cast.other,
        "child_name": "Ava Testington",
        "child_date_of_birth": dt.date(2016, 5, 4),
        "child_status": "child-in-need",
        "need_level": "specialist",
        "parents_carers": "Jo Testington (mother)",
        "child_reference": "CSC-4471",
        "categories": [policy.categories[0].key],
        "disagreement": "The referral was closed without a home visit.",
        "outcome_wanted": "A social work assessment is started.",
        "immediate_risk": False,
        "now": now,
    }
    answers.update(changes)
    return escalation_raise(**answers)


def act(
    escalation: Escalation,
    actor: Person,
    action: str,
    *,
    at: dt.datetime,
    both: bool = True,
    **more: Any,
) -> Event:
    """``actor`` takes ``action``; a resolution is agreed by the other side too unless not
    ``both``."""
    escalation.refresh_from_db()
    event = escalation_act(
        escalation=escalation,
        actor=actor,
        action=action,
        expected_version=escalation.version,
        text=more.pop("text", f"{action} by {actor.username}"),
        now=at,
        **more,
    )
    escalation.refresh_from_db()
    if action == "resolve" and both:
        return other_side_agrees(escalation, event)
    return event


def escalate_to(escalation: Escalation, actor: Person, stage: str, *, at: dt.datetime) -> None:
    """Escalate one stage at a time, a minute apart, until the case is at ``stage``."""
    moment = at
    while escalation.current_stage != stage:
        clear_the_way(escalation, moment)
        act(escalation, actor, "escalate", at=moment, text="Still not resolved.")
        moment += dt.timedelta(minutes=1)


def resolve(
    escalation: Escalation,
    *,
    at: dt.datetime,
    text: str = "Agreed: social care will visit this week.",
    outstanding: str = "None",
) -> Escalation:
    """The raiser records the escalation resolved, agreed by the other side where needed."""
    act(
        escalation,
        escalation.raised_by,
        "resolve",
        at=at,
        text=text,
        data={"outstanding": outstanding},
    )
    return escalation


def confirm(
    escalation: Escalation, person: Person, side: Side, now: dt.datetime | None = None
) -> Escalation:
    """``person`` confirms the agreed outcome for ``side``; the escalation as it is after."""
    escalation.refresh_from_db()
    outcome_confirm(
        escalation=escalation,
        person=person,
        side=side,
        expected_version=escalation.version,
        now=now,
    )
    escalation.refresh_from_db()
    return escalation


def listed_for(person: Person) -> str:
    """The person's page of agreed outcomes to confirm."""
    return signed_in(person).get("/outcomes/to-confirm/").content.decode()


def signed_in(person: Person) -> Client:
    client = Client()
    assert client.login(username=person.username, password=PASSWORD)
    return client


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_title(content: bytes) -> str:
    metadata = PdfReader(io.BytesIO(content)).metadata
    assert metadata is not None
    return str(metadata.title)


def flat(text: str) -> str:
    """Text with every run of white space as one space (PDF lines wrap anywhere)."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """Text without any white space, for titles a PDF may wrap after a slash or a dash."""
    return "".join(text.split())
