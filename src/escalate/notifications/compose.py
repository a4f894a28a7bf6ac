"""What each message says. Every message names the escalation by its reference only: no
child's name or details, because email may be read on a shared device."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from escalate.escalations.models import Escalation, Event
from escalate.escalations.participants import people_for
from escalate.partnerships.models import Person
from escalate.policy.case import CaseState, NotificationDue
from escalate.policy.clock import LONDON
from escalate.policy.render import parties
from escalate.policy.schema import Policy

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


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "no deadline set by the policy"
    return moment.astimezone(LONDON).strftime("%A %-d %B %Y at %H:%M")


def link(escalation: Escalation) -> str:
    return f"{settings.BASE_URL}{reverse('escalation', args=[escalation.reference])}"


def _needed(escalation: Escalation, policy: Policy, state: CaseState) -> str:
    if not state.is_open:
        return f"Nothing more is needed: the escalation is {state.status}."
    stage = policy.stage(state.current.key)
    who = parties(policy, state.who_must_act) or "the people at this stage"
    return (
        f"Now at: {stage.title}.\n"
        f"Needed: {stage.guidance}\n"
        f"From: {who}.\n"
        f"By: {when(state.next_deadline)}."
    )


def _body(escalation: Escalation, happened: str, needed: str) -> str:
    return (
        f"Escalation {escalation.reference} ({escalation.partnership.short_name})\n\n"
        f"What happened: {happened}\n\n{needed}\n\n"
        f"Open the escalation: {link(escalation)}\n\n{FOOTER}\n"
    )


def _happened(event: Event) -> str:
    who = event.actor.display_name if event.actor else "Escalate"
    agency = f" ({event.actor.agency})" if event.actor and event.actor.agency else ""
    moved = f" to {event.data['to_stage']}" if event.data.get("to_stage") else ""
    return f"{event.get_kind_display()}{moved} by {who}{agency}, {when(event.at)}."


def for_event(
    escalation: Escalation, policy: Policy, state: CaseState, event: Event
) -> list[Message]:
    """On every event: the raiser, the other party, and whoever must act next. (The record
    for the child's file is made on request and tells nobody.)"""
    if event.data.get("kind") == "case-record":
        return []
    people: dict[Person, str] = {escalation.raised_by: "raiser"}
    if escalation.receiving_professional is not None:
        people.setdefault(escalation.receiving_professional, "other party")
    for party in state.who_must_act:
        for person in people_for(escalation, party):
            people.setdefault(person, "must act")
    subject = f"{escalation.reference}: {event.get_kind_display().lower()}"
    if state.is_open and state.next_deadline is not None:
        subject += f"; next deadline {when(state.next_deadline)}"
    body = _body(escalation, _happened(event), _needed(escalation, policy, state))
    return [
        Message(f"event:{event.sequence}", person, subject, body, state.next_deadline)
        for person in people
        if person != event.actor
    ]


def for_policy(
    escalation: Escalation, policy: Policy, state: CaseState, due: NotificationDue
) -> list[Message]:
    """A notification the policy asks for: the people filling the parties it names."""
    subject = f"{escalation.reference}: {'copy for information' if due.copy else 'for you'}"
    what = f"the policy asks that you are told ({due.trigger.replace('-', ' ')})."
    needed = (
        f"The policy says: {due.text}\n"
        + (f"Document: {due.document.replace('-', ' ')}.\n" if due.document else "")
        + _needed(escalation, policy, state)
    )
    body = _body(escalation, what, needed)
    return [
        Message(f"policy:{due.id}", person, subject, body, due.due)
        for party in due.to
        for person in people_for(escalation, party)
    ]


def reminders(
    escalation: Escalation, policy: Policy, state: CaseState, today: dt.date
) -> list[Message]:
    """On the morning of the day a deadline falls (and each day it stays overdue)."""
    deadline = state.next_deadline
    overdue = deadline is not None and deadline.astimezone(LONDON).date() < today
    subject = f"{escalation.reference}: {'overdue' if overdue else 'due today'}, {when(deadline)}"
    happened = "a deadline falls today." if not overdue else "a deadline has passed."
    body = _body(escalation, happened, _needed(escalation, policy, state))
    people = {p for party in state.who_must_act for p in people_for(escalation, party)}
    return [
        Message(f"reminder:{today.isoformat()}", person, subject, body, state.next_deadline)
        for person in people
    ]


def overdue_alerts(escalation: Escalation, policy: Policy, state: CaseState) -> list[Message]:
    """When a deadline passes unresolved: whoever must act, their managers and the raiser,
    with escalation to the next stage offered."""
    deadline = state.next_deadline
    acting = {p for party in state.who_must_act for p in people_for(escalation, party)}
    people = set(acting) | {escalation.raised_by}
    for person in acting:
        people.update(person.managers(depth=1))
    offer = (
        "\n\nThe deadline passed without resolution: you can escalate to the next stage with "
        f"one click from the escalation's page: {link(escalation)}"
        if state.escalation_offered
        else ""
    )
    body = _body(
        escalation,
        f"the deadline of {when(deadline)} passed without resolution.",
        _needed(escalation, policy, state) + offer,
    )
    subject = f"{escalation.reference}: overdue since {when(deadline)}"
    return [
        Message(f"overdue:{deadline.isoformat() if deadline else ''}", p, subject, body, deadline)
        for p in people
    ]
