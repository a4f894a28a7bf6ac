"""The API's list of escalations: newest first, a page at a time, in two queries.

Officers page over their partnership's escalations (index ``escalation_newest``:
partnership, newest first; ``escalation_newest_open`` for the open ones, which would
otherwise be found after every newer closed one; ``escalation_newest_stage`` for a stage).
Anyone else pages over their own participations (index ``participant_newest``: person,
agency, newest escalation first; ``participant_newest_open`` and ``_stage`` the same for the
open ones and for a stage): a page is the first rows of that index after the cursor, however
many escalations they have been party to; the page's escalations are then read by id. A
person has one participation in an escalation (``participant_once_per_escalation``: a second
role only changes why), so no escalation is listed twice. The status, the next deadline and
the stage are filtered on the participation's own copies (kept by
``services.append_event``), the agencies on its escalation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Schema

from escalate.escalations.filters import Wanted
from escalate.escalations.models import Escalation, Participant
from escalate.escalations.participants import party_now
from escalate.escalations.selectors import narrowed
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person


class ListQuery(Schema):
    status: Literal["open", "closed", "resolved", "withdrawn", "decided", "any"] = "any"
    stage: str = ""
    agency: int | None = None
    overdue: bool = False
    cursor: int | None = Field(None, ge=1, description="the next_cursor of the page before")
    limit: int = Field(25, ge=1, le=100, description="how many to a page")


def _narrowed(
    found: QuerySet[Any], query: ListQuery, now: dt.datetime, on: str = ""
) -> QuerySet[Any]:
    """``found`` narrowed to what ``query`` asks, by the home list's filters
    (``selectors.narrowed``). Only open escalations are overdue: the API answers nothing to
    ``overdue`` with a closed status, where the home list shows the overdue ones."""
    if query.overdue and query.status not in ("open", "any"):
        return found.none()
    wanted = Wanted(
        status=query.status, stage=query.stage, agency_id=query.agency, overdue=query.overdue
    )
    return narrowed(found, wanted, now, on=on)


AGENCIES = ("raising_agency", "receiving_agency")


def _officer_of(person: Person) -> int | None:
    """The partnership ``person`` is an officer of, if they are one."""
    partnership_id = person.partnership_id
    if partnership_id is not None and is_officer(person, partnership_id):
        return partnership_id
    return None


def _escalations(partnership_id: int, query: ListQuery, now: dt.datetime) -> QuerySet[Escalation]:
    escalations = Escalation.objects.filter(partnership_id=partnership_id)
    if query.cursor is not None:
        escalations = escalations.filter(pk__lt=query.cursor)
    return _narrowed(escalations, query, now).order_by("-pk")


def _participations(person: Person, query: ListQuery, now: dt.datetime) -> QuerySet[Participant]:
    mine = Participant.objects.filter(party_now(person))
    if query.cursor is not None:
        mine = mine.filter(escalation_id__lt=query.cursor)
    return _narrowed(mine, query, now, on="escalation__").order_by("-escalation_id")


def newest_first(
    person: Person, query: ListQuery, now: dt.datetime
) -> QuerySet[Escalation] | QuerySet[Participant]:
    """What ``person`` may see that ``query`` asks for after its cursor, newest first: for
    an officer their partnership's escalations, for anyone else their participations."""
    partnership_id = _officer_of(person)
    if partnership_id is not None:
        return _escalations(partnership_id, query, now)
    return _participations(person, query, now)


def escalation_page(person: Person, query: ListQuery) -> tuple[list[Escalation], int | None]:
    """The page of escalations ``person`` may see that ``query`` asks for, and the cursor
    of the next page (None on the last): the page's ids from the index alone, then those
    escalations by id. Read in one query, PostgreSQL would fetch each escalation to check
    the filter, and chose to walk all of them newest first (or, for someone not an officer,
    to merge their participations with that walk): past every newer one the filter leaves
    out, 80,000 closed ones before the first open one on the 100k bench."""
    now, limit = timezone.now(), query.limit
    partnership_id = _officer_of(person)
    ids: list[int]
    if partnership_id is not None:
        ids = list(
            _escalations(partnership_id, query, now).values_list("pk", flat=True)[: limit + 1]
        )
    else:
        mine = _participations(person, query, now)
        ids = list(mine.values_list("escalation_id", flat=True)[: limit + 1])
    wanted = ids[:limit]
    read = Escalation.objects.filter(pk__in=wanted).select_related(*AGENCIES).order_by()
    by_id = {e.pk: e for e in read} if wanted else {}
    return [by_id[pk] for pk in wanted], wanted[-1] if len(ids) > limit else None
