"""Who in the receiving agency the practitioner disagrees with: a short list, or a search.

An agency of a national directory can have thousands of people (a police force, a hospital
trust). The raise form lists them all only while there are at most ``SHOWN``; beyond that
it lists the first ``SHOWN`` that match what was searched for (part of a name or job title,
each word), in name order, and says there are more. The person already chosen, or just
posted, is always a choice, so a choice made from one search is kept on the next page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from escalate.partnerships.models import Person

SHOWN = 25
LONGEST_SEARCH = 100


@dataclass(frozen=True)
class Professionals:
    choices: list[tuple[int, str]]  # (person id, "name, job title")
    more: bool  # more match than are listed: search to narrow them
    searched: str  # what was searched for ('' for none)


def _label(person: Person) -> str:
    return f"{person.display_name}, {person.job_title}".rstrip(", ")


def _matching(people: QuerySet[Person], searched: str) -> QuerySet[Person]:
    for word in searched.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(username__iexact=word)
        )
    return people


def _id(chosen: object) -> int | None:
    """``chosen`` as a person's id, or None for anything no id can be ('not-listed', '²',
    digits by the thousand: ``int`` refuses the last two)."""
    text = str(chosen) if isinstance(chosen, int | str) else ""
    return int(text) if text.isdecimal() and len(text) <= 18 else None


def professionals(agency_id: int, searched: str = "", chosen: object = None) -> Professionals:
    """The choices for the agency's professional, for ``searched`` (one query, two if the
    person ``chosen`` is not among them)."""
    searched = " ".join(searched.split())[:LONGEST_SEARCH]
    people = Person.objects.filter(agency_id=agency_id, is_active=True).only(
        "first_name", "last_name", "username", "job_title"
    )
    found = list(_matching(people, searched).order_by("last_name", "first_name", "pk")[: SHOWN + 1])
    listed = found[:SHOWN]
    chosen_id = _id(chosen)
    if chosen_id is not None and all(p.pk != chosen_id for p in listed):
        listed = [*people.filter(pk=chosen_id), *listed]
    return Professionals([(p.pk, _label(p)) for p in listed], len(found) > SHOWN, searched)
