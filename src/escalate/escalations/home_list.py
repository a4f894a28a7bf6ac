"""The home list: the signed-in person's escalations a page at a time, in the order that
matters (the next deadline first, so the overdue lead; then the newest).

For an officer, their partnership's escalations (index ``escalation_list``); for anyone else
their own participations, each with its escalation (index ``participant_home``: a page is
the first rows of that index, however many escalations they have been party to). Each row
is read as plain values (``home_row_values``, ``home_rows``), not model instances.

The lists most asked for (by status and stage, with no search, agency or "only overdue")
are compiled once per shape (``home_listing``, ``escalate.compiled``): building and
compiling them took the ORM about 1.7 ms a page, longer than PostgreSQL took to read them.
The others are built by the ORM each time (``home_list``); the two give the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from escalate.compiled import Compiled, Listing
from escalate.escalations.filters import Search, Wanted
from escalate.escalations.models import Escalation, Participant, Status
from escalate.escalations.participants import party_now_as
from escalate.escalations.selectors import narrowed, sees_whole_partnership, visible_as
from escalate.partnerships.models import Person, PolicyVersion


@dataclass(frozen=True)
class HomeRow:
    """A row of the home list: what its table shows, read as plain values (no model
    instances: building 75 of them took about a fifth of the page's time)."""

    reference: str
    raising_agency: str
    receiving_agency: str
    stage_title: str
    must_act: bool
    overdue: bool
    status: str
    status_label: str
    next_deadline: dt.datetime | None

    @property
    def open(self) -> bool:
        return self.status == Status.OPEN


LEFT_OUT = ("disagreement", "outcome_wanted", "immediate_action", "parents_carers")
IN_ORDER = (F("next_deadline").asc(nulls_last=True), F("raised_at").desc())
# What a row of the home list shows, read from the escalation (``home_row_values``).
_ROW = (
    "reference",
    "raising_agency__name",
    "receiving_agency__name",
    "current_stage",
    "status",
    "next_deadline",
    "policy_version_id",
)


def home_list(
    person: Person, wanted: Wanted, now: dt.datetime | None = None
) -> QuerySet[Escalation] | QuerySet[Participant]:
    """What ``person`` asked to see, in the order that matters."""
    if person.agency_id is None:
        return Participant.objects.none()
    officer = sees_whole_partnership(person)
    roles = tuple(sorted(person.role_keys()))
    return _home_query(
        person.partnership_id if officer else None,
        person.pk,
        person.agency_id,
        roles,
        wanted,
        now or timezone.now(),
    )


def _home_query(
    partnership: int | None,
    person: int,
    agency: int,
    roles: tuple[str, ...],
    wanted: Wanted,
    now: dt.datetime,
) -> QuerySet[Escalation] | QuerySet[Participant]:
    """``home_list`` for the person ``person`` (in ``agency``, holding ``roles``): with a
    ``partnership``, that partnership's escalations, as its officers see them."""
    if partnership is not None:
        return (
            narrowed(visible_as(partnership, person, agency, roles), wanted, now)
            .select_related("raising_agency", "receiving_agency")
            .defer(*LEFT_OUT)
            .order_by(*IN_ORDER, "-pk")
        )
    mine = Participant.objects.filter(party_now_as(person, agency, roles))
    return (
        narrowed(mine, wanted, now, on="escalation__")
        .select_related("escalation__raising_agency", "escalation__receiving_agency")
        .defer(*(f"escalation__{name}" for name in LEFT_OUT))
        .order_by(*IN_ORDER, "-escalation_id")
    )


def home_row_values(found: QuerySet[Any]) -> QuerySet[Any, tuple[Any, ...]]:
    """``home_list`` with only what its rows show, each row a tuple of ``_ROW`` and whether
    the person must act: ``paginate(..., shown=home_row_values)``, then ``home_rows``."""
    if found.model is Participant:
        return found.values_list(*(f"escalation__{name}" for name in _ROW), "acts")
    return found.values_list(*_ROW, "must_act")


# The compiled lists, by whether they are an officer's, the status asked for and whether a
# stage is: at most 2 x 6 x 2 of them.
_COMPILED: dict[tuple[bool, str, bool], Compiled[Any]] = {}


def _compiled(officer: bool, status: str, staged: bool) -> Compiled[Any]:
    key = (officer, status, staged)
    found = _COMPILED.get(key)
    if found is None:

        def build(**values: Any) -> QuerySet[Any]:
            wanted = Wanted(status=status, stage=values.pop("stage", ""))
            partnership = values.pop("partnership", None)
            return _home_query(partnership, wanted=wanted, now=timezone.now(), **values)

        model = Escalation if officer else Participant
        found = Compiled(model, build, shown=home_row_values)
        _COMPILED[key] = found
    return found


def home_listing(person: Person, wanted: Wanted) -> Listing | None:
    """``home_list`` compiled once, for ``paginate``; None for a list it does not compile
    (a search, an agency or "only overdue"; or a person in no agency), which ``home_list``
    gives instead."""
    plain = wanted.agency_id is None and not wanted.overdue and wanted.search == Search()
    if not plain or person.agency_id is None:
        return None
    officer = sees_whole_partnership(person)
    values: dict[str, Any] = {
        "person": person.pk,
        "agency": person.agency_id,
        "roles": tuple(sorted(person.role_keys())),
    }
    if officer:
        values["partnership"] = person.partnership_id
    if wanted.stage:
        values["stage"] = wanted.stage
    return _compiled(officer, wanted.status, bool(wanted.stage)).listing(**values)


def home_rows(
    page: Sequence[tuple[Any, ...]], known: Iterable[PolicyVersion] = ()
) -> list[HomeRow]:
    """The rows of a page of ``home_row_values``, each stage titled from the escalation's
    own policy version."""
    titles: dict[int, dict[str, str]] = {
        v.pk: {stage.key: stage.title for stage in v.policy.stages} for v in known
    }
    missing = {row[6] for row in page} - set(titles)
    for version in PolicyVersion.objects.filter(pk__in=missing) if missing else ():
        titles[version.pk] = {stage.key: stage.title for stage in version.policy.stages}
    now = timezone.now()
    labels = dict(Status.choices)
    rows = []
    for reference, raising, receiving, stage, status, deadline, version_id, acts in page:
        rows.append(
            HomeRow(
                reference=reference,
                raising_agency=raising,
                receiving_agency=receiving,
                stage_title=titles[version_id].get(stage, stage),
                must_act=bool(acts),
                overdue=status == Status.OPEN and deadline is not None and deadline < now,
                status=status,
                status_label=str(labels.get(status, status)),
                next_deadline=deadline,
            )
        )
    return rows
