"""The API's list of escalations: newest first, a page at a time, one query a page.

Officers page over their partnership's escalations (index ``escalation_newest``:
partnership, newest first). Anyone else pages over their own participations (index
``participant_newest``: person, agency, newest escalation first), each with its
escalation: a page is the first rows of that index after the cursor, however many
escalations they have been party to. A person has one participation in an escalation
(``participant_once_per_escalation``: a second role only changes why), so no escalation is
listed twice. The status and the next deadline are filtered on the participation's own
copies (kept by ``services.append_event``), the stage and the agencies on its escalation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.utils import timezone
from ninja import Field, Schema

from escalate.escalations.models import Escalation, Participant, Status
from escalate.escalations.participants import party_now
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person

CLOSED = (Status.RESOLVED, Status.WITHDRAWN, Status.DECIDED)


class ListQuery(Schema):
    status: Literal["open", "closed", "resolved", "withdrawn", "decided", "any"] = "any"
    stage: str = ""
    agency: int | None = None
    overdue: bool = False
    cursor: int | None = Field(None, ge=1, description="the next_cursor of the page before")
    limit: int = Field(25, ge=1, le=100, description="how many to a page")


def _narrowed(found: QuerySet[Any], query: ListQuery, now: dt.datetime, on: str) -> QuerySet[Any]:
    """``found`` (escalations, or with ``on`` 'escalation__' participations, whose status
    and next deadline are their own copies) narrowed to what ``query`` asks."""
    if query.status == "closed":
        found = found.filter(status__in=CLOSED)  # an index condition, where <> 'open' is not
    elif query.status != "any":
        found = found.filter(status=query.status)
    if query.overdue:
        found = found.filter(status=Status.OPEN, next_deadline__lt=now)
    if query.stage:
        found = found.filter(**{f"{on}current_stage": query.stage})
    if query.agency is not None:
        found = found.filter(
            Q(**{f"{on}raising_agency_id": query.agency})
            | Q(**{f"{on}receiving_agency_id": query.agency})
        )
    return found


def newest_first(
    person: Person, query: ListQuery, now: dt.datetime
) -> QuerySet[Escalation] | QuerySet[Participant]:
    """What ``person`` may see that ``query`` asks for after its cursor, newest first: for
    an officer their partnership's escalations, for anyone else their participations."""
    partnership_id = person.partnership_id
    if partnership_id is not None and is_officer(person, partnership_id):
        escalations = Escalation.objects.filter(partnership_id=partnership_id)
        if query.cursor is not None:
            escalations = escalations.filter(pk__lt=query.cursor)
        return (
            _narrowed(escalations, query, now, on="")
            .select_related("raising_agency", "receiving_agency")
            .order_by("-pk")
        )
    mine = Participant.objects.filter(party_now(person))
    if query.cursor is not None:
        mine = mine.filter(escalation_id__lt=query.cursor)
    return (
        _narrowed(mine, query, now, on="escalation__")
        .select_related("escalation__raising_agency", "escalation__receiving_agency")
        .order_by("-escalation_id")
    )


def escalation_page(person: Person, query: ListQuery) -> tuple[list[Escalation], int | None]:
    """The page of escalations ``person`` may see that ``query`` asks for (one query), and
    the cursor of the next page (None on the last)."""
    found = newest_first(person, query, timezone.now())[: query.limit + 1]
    rows = [row.escalation if isinstance(row, Participant) else row for row in found]
    page = rows[: query.limit]
    return page, page[-1].pk if len(rows) > query.limit else None
