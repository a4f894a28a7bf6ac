"""What each message says. Every message names the escalation by its reference only: no
child's name or details, because email may be read on a shared device."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from escalate.escalations.models import Escalation, Event
from escalate.escalations.participants import parties_now, people_for
from escalate.notifications import wording
from escalate.notifications.wording import when
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState, NotificationDue
from escalate.policy.clock import LONDON
from escalate.policy.schema import Party, Policy

__all__ = ["FOOTER", "Message", "for_event", "for_policy", "link", "subject", "when"]

FOOTER = (
    "This message does not contain the child's details. Sign in to Escalate to see them.\n"
    "You are told because you are party to this escalation under the partnership's policy."
)


@dataclass(frozen=True)
class Message:
    key: str
    recipient: Person
    subject: str
    body: str
    due: dt.datetime | None


def link(escalation: Escalation) -> str:
    return f"{settings.BASE_URL}{reverse('escalation', args=[escalation.reference])}"


def _needed(escalation: Escalation, policy: Policy, state: CaseState) -> str:
    if not state.is_open:
        closed = {
            "resolved": "it has been resolved",
            "withdrawn": "it has been withdrawn",
            "decided": "a final binding decision has been made",
        }.get(state.status, "it has ended")
        return f"Nothing more is needed on the escalation itself: {closed}."
    stage = policy.stage(state.current.key)
    who = wording.party_names(policy, escalation, state.who_must_act) or "the people at this stage"
    return (
        f"Now at: {stage.title}.\n"
        f"Needed: {stage.guidance}\n"
        f"From: {who}.\n"
        f"By: {when(state.next_deadline)}."
    )


def _body(escalation: Escalation, happened: str, needed: str) -> str:
    return (
        f"Escalation {escalation.reference} ({escalation.partnership.short_name})\n\n"
        f"What happened: {_sentence(happened)}\n\n{needed}\n\n"
        f"Open the escalation: {link(escalation)}\n\n{FOOTER}\n"
    )


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def subject(escalation: Escalation, words: str) -> str:
    """``BRE-2026-0001: escalated to Stage Three ...``: the reference, then the event."""
    return f"{escalation.reference}: {words}"[:200]


def for_event(
    escalation: Escalation,
    policy: Policy,
    state: CaseState,
    event: Event,
    *,
    everyone: bool = False,
) -> list[Message]:
    """On every event: the raiser, the other party, and whoever must act next; with
    ``everyone``, every person party to the escalation (their managers among them). (The
    record for the child's file is made on request and tells nobody.)"""
    if event.data.get("kind") == "case-record":
        return []
    people: dict[Person, str] = {escalation.raised_by: "raiser"}
    if escalation.receiving_professional is not None:
        people.setdefault(escalation.receiving_professional, "other party")
    for party in state.who_must_act:
        for person in people_for(escalation, party):
            people.setdefault(person, "must act")
    if everyone:
        today = parties_now(escalation).values("person_id")
        for person in Person.objects.filter(pk__in=today).order_by("username"):
            people.setdefault(person, "party")
    words, happened = wording.event_words(policy, event)
    body = _body(escalation, f"{happened}, {when(event.at)}", _needed(escalation, policy, state))
    title = subject(escalation, words)
    return [
        Message(f"event:{event.sequence}", person, title, body, state.next_deadline)
        for person in people
        if person != event.actor
    ]


def for_policy(
    escalation: Escalation, policy: Policy, state: CaseState, due: NotificationDue
) -> list[Message]:
    """A notification the policy asks for: the people filling the parties it names."""
    words, happened = wording.due_words(policy, state, due)
    if due.copy:
        words += " (copy for information)"
    if due.id.startswith("immediate:"):
        raiser = escalation.raised_by
        happened += f" ({raiser.display_name}, {escalation.raising_agency.name})"
    document = wording.DOCUMENTS.get(due.document or "")
    needed = (
        f"The policy says: {due.text}\n"
        + (f"This concerns {document}.\n" if document else "")
        + ("You are sent this as a copy for information.\n" if due.copy else "")
        + f"To be done by: {when(due.due)}.\n\n"
        + _needed(escalation, policy, state)
    )
    body = _body(escalation, happened, needed)
    title = subject(escalation, words)
    return [
        Message(f"policy:{due.id}", person, title, body, due.due)
        for party in due.to
        for person in people_for(escalation, party)
    ]


def reminders(
    escalation: Escalation, policy: Policy, state: CaseState, today: dt.date
) -> list[Message]:
    """On the morning of the day a deadline falls (and each day it stays overdue)."""
    deadline = state.next_deadline
    overdue = deadline is not None and deadline.astimezone(LONDON).date() < today
    at = policy.stage(state.current.key).title
    if overdue:
        words = f"reminder: overdue at {at} since {when(deadline)}"
        happened = f"the deadline at {at}, {when(deadline)}, has passed"
    else:
        words = f"reminder: deadline today at {at}, {when(deadline)}"
        happened = f"the deadline at {at} falls today, {when(deadline)}"
    body = _body(escalation, happened, _needed(escalation, policy, state))
    title = subject(escalation, words)
    people = {p for party in state.who_must_act for p in people_for(escalation, party)}
    return [
        Message(f"reminder:{today.isoformat()}", person, title, body, state.next_deadline)
        for person in people
    ]


def overdue_alerts(escalation: Escalation, policy: Policy, state: CaseState) -> list[Message]:
    """When a deadline passes unresolved: whoever must act, their managers and the raiser,
    with escalation to the next stage offered; at a mandatory stage, the business manager.
    None where the policy calls the stage's timescale indicative in so many words: the
    morning reminders to whoever must act are all that goes out (``reminders``)."""
    if state.current.reminders_only:
        return []
    deadline = state.next_deadline
    acting = {p for party in state.who_must_act for p in people_for(escalation, party)}
    people = set(acting) | {escalation.raised_by}
    for person in acting:
        people.update(person.managers(depth=1))
    if state.current.timescale == "mandatory":
        people.update(people_for(escalation, Party(role="business-manager", side="partnership")))
    offer = (
        "\n\nThe deadline passed without resolution: you can escalate to the next stage with "
        f"one click from the escalation's page: {link(escalation)}"
        if state.escalation_offered
        else ""
    )
    at = policy.stage(state.current.key).title
    body = _body(
        escalation,
        f"the deadline at {at}, {when(deadline)}, passed without resolution",
        _needed(escalation, policy, state) + offer,
    )
    title = subject(escalation, f"overdue at {at} since {when(deadline)}")
    return [
        Message(f"overdue:{deadline.isoformat() if deadline else ''}", p, title, body, deadline)
        for p in people
    ]
