"""What the partnership's part tells people, through the outbox. Like every message, these
name the escalation by its reference only: never the child's details, nor anything typed
(the place of a meeting or debrief, who is asked to come)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from escalate.escalations.models import Escalation, Event, Participant
from escalate.notifications import compose, outbox, wording
from escalate.partnerships.models import Person
from escalate.reports.models import Debrief, LearningItem, Meeting

# Where it is held and who is asked to come stay in the app: a place or a guest list can
# name a family, and email is read on shared devices.
WHERE = "Sign in to see where it will be held and who is asked to come."


def _body(escalation: Escalation, happened: str, needed: str) -> str:
    return (
        f"Escalation {escalation.reference} ({escalation.partnership.short_name})\n\n"
        f"What happened: {happened}\n\n{needed}\n\n"
        f"Open the escalation: {compose.link(escalation)}\n\n{compose.FOOTER}\n"
    )


def _front_line(escalation: Escalation) -> list[Person]:
    people = [escalation.raised_by]
    if escalation.receiving_professional is not None:
        people.append(escalation.receiving_professional)
    return people


def _send(
    escalation: Escalation,
    people: Iterable[Person],
    *,
    key: str,
    subject: str,
    body: str,
    due: dt.datetime | None,
    now: dt.datetime,
    actor: Person | None,
) -> int:
    unique = {p.pk: p for p in people if p.is_active and p != actor}
    messages = [compose.Message(key, p, subject, body, due) for p in unique.values()]
    return outbox.enqueue(escalation, messages, now=now)


def meeting_convened(meeting: Meeting, *, now: dt.datetime, actor: Person) -> int:
    """Members, the chair, the front-line staff and whoever acts now: the date and place, and
    (for a panel that hears them) a request for each party's written representation."""
    escalation = meeting.escalation
    people = _invited(meeting)
    policy = escalation.policy
    spec = policy.stage(meeting.stage).meeting
    ask = (
        "\nEach agency in the disagreement is asked for a written representation before then: "
        "sign in and open the escalation's meeting page to give yours."
        if spec is not None and spec.representations
        else ""
    )
    needed = f"When: {compose.when(meeting.starts_at)}.\n{WHERE}{ask}"
    return _send(
        escalation,
        people,
        key=f"meeting-convened:{meeting.pk}",
        subject=f"{escalation.reference}: {meeting.name} on {compose.when(meeting.starts_at)}",
        body=_body(escalation, f"the {meeting.name} has been convened.", needed),
        due=meeting.starts_at,
        now=now,
        actor=actor,
    )


def decision_made(meeting: Meeting, *, sequence: int, now: dt.datetime, actor: Person) -> int:
    """Every party to the escalation, the members and the front-line staff."""
    escalation = meeting.escalation
    parties = Person.objects.filter(
        pk__in=Participant.objects.filter(escalation=escalation).values("person")
    )
    people = [
        *_front_line(escalation),
        *parties,
        *(m.person for m in meeting.members.select_related("person")),
    ]
    if meeting.decision_binding:
        what = f"the {meeting.name} made its final binding decision."
        needed = (
            "The decision is binding on every agency concerned. The escalation is closed: it "
            "cannot be escalated further. Sign in to read the decision and act on it."
        )
        subject = f"{escalation.reference}: final binding decision"
    else:
        what = f"the {meeting.name} made its decision."
        needed = "Sign in to read the decision and what it asks of your agency."
        subject = f"{escalation.reference}: decision of the {meeting.name}"
    return _send(
        escalation,
        people,
        key=f"decision:{sequence}",
        subject=subject[:200],
        body=_body(escalation, what, needed),
        due=None,
        now=now,
        actor=actor,
    )


def debrief_scheduled(debrief: Debrief, *, now: dt.datetime, actor: Person) -> int:
    escalation = debrief.escalation
    people = _front_line(escalation)
    for person in list(people):
        people += person.managers(depth=1)
    return _send(
        escalation,
        people,
        key=f"debrief:{debrief.pk}",
        subject=f"{escalation.reference}: debrief on {compose.when(debrief.starts_at)}",
        body=_body(
            escalation,
            "a debrief has been arranged after this disagreement.",
            f"When: {compose.when(debrief.starts_at)}.\n{WHERE}",
        ),
        due=debrief.starts_at,
        now=now,
        actor=actor,
    )


def learning_answered(item: LearningItem, *, now: dt.datetime, actor: Person) -> int:
    if item.raised_by is None:
        return 0
    return _send(
        item.escalation,
        [item.raised_by],
        key=f"learning-answer:{item.pk}",
        subject=f"{item.escalation.reference}: your {item.get_kind_display().lower()} answered",
        body=_body(
            item.escalation,
            f"{item.queue} answered the {item.get_kind_display().lower()} you recorded.",
            "Sign in to read the answer.",
        ),
        due=None,
        now=now,
        actor=actor,
    )


def _invited(meeting: Meeting) -> list[Person]:
    """Everyone told of the meeting: its members and chair, the front-line staff and
    whoever acts on the escalation now."""
    escalation = meeting.escalation
    acting = Person.objects.filter(participations__escalation=escalation, participations__acts=True)
    return [
        *(m.person for m in meeting.members.select_related("person")),
        *([meeting.chair] if meeting.chair is not None else []),
        *_front_line(escalation),
        *acting,
    ]


def meeting_moved(meeting: Meeting, event: Event, *, now: dt.datetime, actor: Person) -> int:
    """A meeting rearranged or cancelled: everyone invited is told, once, with the same
    message (and key) the event gives its parties; the place and the reason stay in the app."""
    escalation = meeting.escalation
    policy = escalation.policy
    words, happened = wording.event_words(policy, event)
    return _send(
        escalation,
        _invited(meeting),
        key=f"event:{event.sequence}",
        subject=compose.subject(escalation, words),
        body=_body(escalation, f"{happened}.", "Sign in to open the meeting's page."),
        due=meeting.starts_at if meeting.status == "convened" else None,
        now=now,
        actor=actor,
    )
