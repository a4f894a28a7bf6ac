"""Reads: what a person may see, and the lists on their home page.

The home list is one indexed query a page at a time (``escalate.paging``): officers see their
partnership's escalations (index ``escalation_list``: partnership, next deadline, newest
first), everyone else their own participations (index ``participant_home``: person, next
deadline, newest first; the participation keeps copies of its escalation's status, deadline
and when it was raised), each with whether they must act now. Open escalations
come first, the next deadline first (so the overdue lead), then closed ones, newest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import BigIntegerField, F, FilteredRelation, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone

from escalate.audit import context as audit_context
from escalate.compiled import Compiled
from escalate.escalations import rules
from escalate.escalations.filters import ANY, CLOSED, OPEN, Wanted
from escalate.escalations.models import Escalation, Event, Status
from escalate.escalations.participants import party_now_as
from escalate.memo import once
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Agency, Person, PolicyVersion
from escalate.partnerships.versions import versions_for

_ROWS_NAMED = ("partnership", "raised_by", "raising_agency", "receiving_agency")
_BY_REFERENCE: Compiled[Escalation] = Compiled(
    Escalation,
    lambda reference: Escalation.objects.select_related(
        *_ROWS_NAMED, "receiving_professional"
    ).filter(reference=reference)[:1],
    prepared=True,
)
# With whether the person is party to it, in the same query.
_BY_REFERENCE_FOR_A_PARTY: Compiled[Escalation] = Compiled(
    Escalation,
    lambda reference, person, agency, roles: (
        Escalation.objects.select_related(*_ROWS_NAMED, "receiving_professional")
        .filter(reference=reference)
        .annotate(party_to=rules.party_to(person, agency, roles))[:1]
    ),
    prepared=True,
)


def escalation_for(person: Person, reference: str) -> Escalation:
    """The escalation, if ``person`` may see it; 404 otherwise (also for a wrong reference).
    Its query is compiled once (``escalate.compiled``): it took the ORM about 2 ms a page."""
    # Whether the person is party to it is asked in the same query (an officer sees every
    # one of their partnership's: for them it is asked only of another partnership's).
    asks_party = person.agency_id is not None and not sees_whole_partnership(person)
    if asks_party:
        assert person.agency_id is not None
        roles = tuple(sorted(person.role_keys()))
        escalation = _BY_REFERENCE_FOR_A_PARTY.first(
            reference=reference, person=person.pk, agency=person.agency_id, roles=roles
        )
    else:
        escalation = _BY_REFERENCE.first(reference=reference)
    if escalation is not None:
        if asks_party:
            rules.remember_party(person, escalation, escalation.party_to)  # type: ignore[attr-defined]
        _share_rows_read(person, escalation)
        audit_context.about(escalation)  # logged as shown or refused (escalate.audit)
    if escalation is None or not rules.can_view(person, escalation):
        raise Http404("No escalation found")
    return escalation


def _share_rows_read(person: Person, escalation: Escalation) -> None:
    """Give the escalation the rows its page needs without joining them to its query: its
    policy version from those the process keeps for the person's partnership (read afresh
    if it is another's), with its partnership the escalation's own; the raiser's and the
    professional's agencies (the page gives their contact details, agency and all) from
    the two agencies read with it, where they are still there (a person who has moved has
    theirs read when it is asked for). PostgreSQL plans every join of that query on every
    request: ten tables took it about 1.4 ms longer than the six it reads now."""
    kept = (v for v in versions_for(person) if v.pk == escalation.policy_version_id)
    version = next(kept, None)
    if version is None:  # not one the process keeps: read it (not shared with others)
        version = PolicyVersion.objects.get(pk=escalation.policy_version_id)
        if version.partnership_id == escalation.partnership_id:
            version.partnership = escalation.partnership
    escalation.policy_version = version
    people = (
        (escalation.raised_by, escalation.raising_agency),
        (escalation.receiving_professional, escalation.receiving_agency),
    )
    for someone, agency in people:
        if someone is not None and someone.agency_id == agency.pk:
            someone.agency = agency


_EVENTS: Compiled[Event] = Compiled(
    Event,
    lambda escalation: (
        Event.objects.filter(escalation_id=escalation)
        .select_related("actor__agency")
        .order_by("sequence")
    ),
    prepared=True,
)


def history(escalation: Escalation) -> list[Event]:
    """The escalation's events in order, with who did each: once per request and version
    (its query compiled once, ``escalate.compiled``)."""

    def read() -> tuple[Event, ...]:
        events = _EVENTS.instances(escalation=escalation.pk)
        for event in events:
            event.escalation = escalation  # as escalation.events would give them
        return tuple(events)

    return list(once(("history", escalation.pk, escalation.version), read))


def sees_whole_partnership(person: Person) -> bool:
    partnership_id = person.partnership_id
    return partnership_id is not None and is_officer(person, partnership_id)


def _bigint(value: int) -> Cast:
    """``value`` written as a bigint, not an integer, in SQL. The name search's index holds
    the partnership and the name's trigrams (GIN, escalations 0026), and on PostgreSQL before
    18 a GIN index of a bigint column matches only a bigint: given ``= 5`` the search read
    every partnership's matches."""
    return Cast(Value(value), BigIntegerField())


def visible_to(person: Person) -> QuerySet[Escalation]:
    """Every escalation on ``person``'s home list, with ``must_act``: officers see their
    partnership's (an officer party to another partnership's escalation finds it by its
    address, not on this list), everyone else those they are party to. (Lists of someone
    who is not an officer read their participations instead: ``home_list`` and the API's
    ``escalate.api.listing``.)"""
    if person.agency_id is None:
        return Escalation.objects.none().annotate(must_act=Value(False))
    roles = tuple(sorted(person.role_keys()))
    partnership = person.partnership_id if sees_whole_partnership(person) else None
    return visible_as(partnership, person.pk, person.agency_id, roles)


def visible_as(
    partnership: int | None, person: int, agency: int, roles: tuple[str, ...]
) -> QuerySet[Escalation]:
    """``visible_to`` for the person ``person`` (in ``agency``, holding ``roles``): with a
    ``partnership``, that partnership's escalations, as its officers see them."""
    mine = FilteredRelation(
        "participants", condition=party_now_as(person, agency, roles, "participants__")
    )
    found = Escalation.objects.annotate(mine=mine)
    if partnership is not None:
        found = found.filter(partnership_id=_bigint(partnership))
    else:
        found = found.filter(mine__isnull=False)
    return found.annotate(must_act=Coalesce(F("mine__acts"), False))


def narrowed(found: QuerySet[Any], wanted: Wanted, now: dt.datetime, on: str = "") -> QuerySet[Any]:
    """``found`` narrowed to what ``wanted`` asks: escalations, or (``on`` 'escalation__')
    participations, whose own copies of the status, next deadline and stage are filtered."""
    if wanted.status == OPEN or wanted.overdue:
        found = found.filter(status=Status.OPEN)
    elif wanted.status == CLOSED:
        found = found.exclude(status=Status.OPEN)  # CLOSED_STATUSES: the closed index's condition
    elif wanted.status != ANY:
        found = found.filter(status=wanted.status)
    if wanted.overdue:
        found = found.filter(next_deadline__lt=now)
    if wanted.stage:
        found = found.filter(current_stage=wanted.stage)
    if wanted.agency_id is not None:
        found = found.filter(
            Q(**{f"{on}raising_agency_id": wanted.agency_id})
            | Q(**{f"{on}receiving_agency_id": wanted.agency_id})
        )
    search = wanted.search
    if search.reference:
        found = found.filter(**{f"{on}reference": search.reference})
    if search.born is not None:
        found = found.filter(**{f"{on}child_date_of_birth": search.born})
    if search.name:
        for word in search.name.split():
            found = found.filter(**{f"{on}child_name__icontains": word})
    return found


def partnership_policies(person: Person) -> list[PolicyVersion]:
    """The person's partnership's policy versions, the one in force today first, then the
    newest (kept by the process while the stamp read with the person is unchanged)."""
    versions = versions_for(person)
    if not versions:
        return []
    today = timezone.localdate()
    in_force = next((v for v in versions if v.effective_date <= today), None)
    if in_force is None:
        return versions[-1:] + versions[:-1]
    return [in_force, *(v for v in versions if v.pk != in_force.pk)]


def stage_choices(versions: Iterable[PolicyVersion]) -> list[tuple[str, str]]:
    """Each stage key once, in the ladder's order, titled as the newest version has it."""
    found: dict[str, str] = {}
    for version in versions:
        for stage in version.policy.stages:
            found.setdefault(stage.key, stage.title)
    return list(found.items())


def agency_choices(partnership_id: int | None) -> list[tuple[int, str]]:
    if partnership_id is None:
        return []
    return list(
        Agency.objects.filter(partnership_id=partnership_id)
        .order_by("name")
        .values_list("pk", "name")
    )
