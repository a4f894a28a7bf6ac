"""Reads for meetings and learning: what a person may see and do on an escalation's pages.
The report to the Board is in ``reports.board`` and the officers' dashboard in
``reports.dashboard``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import QuerySet
from django.http import Http404

from escalate.compiled import Compiled, Listing
from escalate.escalations.models import Escalation
from escalate.ops.prepared import cursor_for
from escalate.partnerships.models import Agency, Partnership, Person
from escalate.policy.schema import Meeting as MeetingSpec
from escalate.reports import rules
from escalate.reports.models import (
    Debrief,
    LearningItem,
    LearningStatus,
    Meeting,
    MeetingStatus,
)


@dataclass(frozen=True)
class PartyRepresentation:
    agency: Agency
    given: bool
    may_give: bool


@dataclass
class MeetingPage:
    meeting: Meeting | None
    spec: MeetingSpec | None
    may_convene: bool
    may_record_held: bool
    may_record_decision: bool
    may_rearrange: bool = False
    parties: list[PartyRepresentation] = field(default_factory=list)
    earlier: list[Meeting] = field(default_factory=list)


def current_meeting(escalation: Escalation) -> Meeting | None:
    """The meeting at the escalation's current stage, unless it was cancelled."""
    return (
        Meeting.objects.filter(escalation=escalation, stage=escalation.current_stage)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("chair", "convened_by", "escalation")
        .first()
    )


def meeting_page(person: Person, escalation: Escalation) -> MeetingPage:
    """The meeting at the current stage (or the last one held), and what ``person`` may do."""
    meeting = current_meeting(escalation)
    earlier = [
        m
        for m in Meeting.objects.filter(escalation=escalation)
        .select_related("chair", "convened_by")
        .order_by("-starts_at")
        if meeting is None or m.pk != meeting.pk
    ]
    # A closed escalation shows the last meeting that was not cancelled.
    held = [m for m in earlier if m.status != MeetingStatus.CANCELLED]
    if meeting is None and held and escalation.status != "open":
        meeting = held[0]
        earlier = [m for m in earlier if m.pk != meeting.pk]
    page = MeetingPage(
        meeting=meeting,
        spec=rules.meeting_spec(escalation),
        may_convene=rules.can_convene(person, escalation),
        may_record_held=meeting is not None and rules.can_record_held(person, meeting),
        may_record_decision=meeting is not None and rules.can_record_decision(person, meeting),
        may_rearrange=meeting is not None and rules.can_rearrange(person, meeting),
        earlier=earlier,
    )
    if meeting is not None:
        given = set(meeting.representations.values_list("agency_id", flat=True))
        allowed = set(rules.representing(person, meeting))
        page.parties = [
            PartyRepresentation(agency, agency.pk in given, agency.pk in allowed)
            for agency in (escalation.raising_agency, escalation.receiving_agency)
        ]
    return page


@dataclass(frozen=True)
class EscalationLinks:
    """What the escalation page's right-hand column offers from the partnership's part."""

    meeting_name: str
    meeting_convened: bool
    may_convene: bool
    may_record_learning: bool
    learning_count: int
    officer: bool


def _links_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    meeting, learning = quote(Meeting._meta.db_table), quote(LearningItem._meta.db_table)
    return (
        f"SELECT (SELECT name FROM {meeting} WHERE escalation_id = %s"
        f" ORDER BY starts_at DESC LIMIT 1),"
        # 'cancelled' written in the SQL, not passed: the statement is prepared, and a plan
        # made without the values could not read the index of meetings not cancelled.
        f" EXISTS (SELECT 1 FROM {meeting} WHERE escalation_id = %s AND stage = %s"
        f" AND status <> '{MeetingStatus.CANCELLED.value}'),"
        f" (SELECT COUNT(*) FROM {learning} WHERE escalation_id = %s)"
    )


def escalation_links(person: Person, escalation: Escalation) -> EscalationLinks:
    """In one query: the latest meeting's name, whether one is convened at the current
    stage, and how much learning is recorded. Written in SQL: its three subqueries took the
    ORM about 3 ms to build on every escalation page, and the database 0.3 ms to run; on
    PostgreSQL it is prepared (``escalate.ops.prepared``: planning it took 0.09 ms)."""
    spec = rules.meeting_spec(escalation)
    pk, alias = escalation.pk, router.db_for_read(Meeting)
    with cursor_for(alias, prepared=True) as cursor:
        cursor.execute(_links_sql(alias), [pk, pk, escalation.current_stage, pk])
        latest, here, learning = cursor.fetchone()
    name = latest or (spec.name if spec else "")
    return EscalationLinks(
        meeting_name=name,
        meeting_convened=latest is not None,
        may_convene=rules.can_convene(person, escalation, convened_here=bool(here)),
        may_record_learning=rules.can_record_learning(person, escalation),
        learning_count=learning or 0,
        officer=rules.can_see_reports(person, escalation.partnership),
    )


def learning_of(escalation: Escalation) -> tuple[list[LearningItem], list[Debrief]]:
    items = list(
        LearningItem.objects.filter(escalation=escalation).select_related(
            "raised_by", "answered_by"
        )
    )
    debriefs = list(Debrief.objects.filter(escalation=escalation).select_related("scheduled_by"))
    return items, debriefs


def queue_items(partnership: Partnership, *, status: str = "") -> QuerySet[LearningItem]:
    """The partnership's learning items, open first, then by queue and oldest first (the
    ``learning_queue`` index, in this order); ``queue_listing`` is the same, compiled."""
    return (
        _queue(partnership.pk, status)
        if status in LearningStatus.values
        else _queue(partnership.pk)
    )


def _queue(partnership: int, status: str | None = None) -> QuerySet[LearningItem]:
    items = LearningItem.objects.filter(partnership_id=partnership).select_related(
        "escalation", "raised_by", "answered_by"
    )
    if status is not None:
        items = items.filter(status=status)
    return items.order_by("-status", "queue_key", "raised_at", "pk")


# Compiled once (``escalate.compiled``; with a status and without, each its own shape): the
# ORM took longer to build and compile the queue (about 1.4 ms a page) than the database to
# read it.
_QUEUE: Compiled[LearningItem] = Compiled(LearningItem, _queue)


def queue_listing(partnership: Partnership, *, status: str = "") -> Listing:
    """``queue_items`` for ``paginate``, compiled once."""
    if status in LearningStatus.values:
        return _QUEUE.listing(partnership=partnership.pk, status=status)
    return _QUEUE.listing(partnership=partnership.pk)


def learning_item_for(person: Person, pk: int) -> LearningItem:
    """An item in the person's partnership's queues, for an officer; 404 otherwise."""
    item = LearningItem.objects.select_related("escalation", "raised_by").filter(pk=pk).first()
    if item is None or not rules.can_answer_learning(person, item.partnership_id):
        raise Http404("Not found")
    return item
