"""A partnership's policy versions for every page that lists them, without a query a page.

A version is never changed once published (new versions come through the checked upload;
the admin shows a version read-only) and only a superuser may delete one that no escalation
points at. So each process keeps the versions it has read, for each partnership, with the
stamp they were read under: how many versions the partnership has, the newest id and
upload, read in the signed-in person's one query (``backends``). Any version published or
deleted, by any process, changes the stamp, and the next page reads the versions again.
Which version is in force is worked out from them on each call, for today's date."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Count, Max, OuterRef, Subquery, Value
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Cast, Concat

from escalate.partnerships.models import Person, PolicyVersion

STAMP = "signed_in_policy_stamp"  # the annotation on the signed-in person

_read: dict[int, tuple[str, tuple[PolicyVersion, ...]]] = {}


def stamp_expression() -> BaseExpression:
    """The stamp of the person's partnership's versions, as a subquery of the person's query:
    how many, the newest id and the newest upload (ids are never given twice)."""
    stamp = (
        PolicyVersion.objects.filter(partnership_id=OuterRef("agency__partnership_id"))
        .order_by()
        .values("partnership_id")
        .annotate(
            stamp=Concat(
                Cast(Count("pk"), CharField()),
                Value(":"),
                Cast(Max("pk"), CharField()),
                Value(":"),
                Cast(Max("uploaded_at"), CharField()),
                output_field=CharField(),
            )
        )
        .values("stamp")
    )
    return Subquery(stamp, output_field=CharField())


def versions_of(partnership_id: int, stamp: str | None) -> list[PolicyVersion]:
    """Every version of the partnership's policy, the latest effective date first (then the
    latest upload). ``stamp`` as the signed-in person was read with; None reads afresh."""
    if stamp is not None:
        known = _read.get(partnership_id)
        if known is not None and known[0] == stamp:
            return list(known[1])
    versions = tuple(
        PolicyVersion.objects.filter(partnership_id=partnership_id)
        .select_related("partnership")
        .order_by("-effective_date", "-uploaded_at")
    )
    if stamp is not None:
        _read[partnership_id] = (stamp, versions)
    return list(versions)


def versions_for(person: Person) -> list[PolicyVersion]:
    """``versions_of`` the person's partnership, under the stamp they were read with (a
    person loaded otherwise has none: their partnership's versions are read afresh)."""
    partnership_id = person.partnership_id
    if partnership_id is None:
        return []
    stamp: Any = getattr(person, STAMP, None)
    return versions_of(partnership_id, stamp if isinstance(stamp, str) else None)


def forget() -> None:
    """Read every partnership's versions afresh (the test suite's database rolls back)."""
    _read.clear()
