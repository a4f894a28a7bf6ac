"""How documents write dates, times and people: the same way on every document and page."""

from __future__ import annotations

import datetime as dt

from escalate.partnerships.models import Person
from escalate.policy.clock import LONDON
from escalate.policy.schema import Party, Policy


def long_date(value: dt.date | dt.datetime | None) -> str:
    """``4 May 2016``; a moment is given as its London date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def long_datetime(value: dt.datetime | None) -> str:
    """``Monday 2 March 2026, 10:00`` in London time."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def short_datetime(value: dt.datetime | None) -> str:
    """``2 March 2026, 10:00`` in London time (for tables)."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


def person_line(person: Person | None) -> str:
    """``Ann Smith, Teacher, Oakfield Primary School``: what a document says about someone."""
    if person is None:
        return "Escalate"
    parts = [person.display_name]
    if person.job_title:
        parts.append(person.job_title)
    if person.agency is not None:
        parts.append(person.agency.name)
    return ", ".join(parts)


def party_label(
    policy: Policy, party: Party, *, raising: str, receiving: str, partnership: str
) -> str:
    """``Service manager, Children's Social Care``: a role on one side, named for the case."""
    place = {
        "raising": raising,
        "receiving": receiving,
        "both": f"{raising} and {receiving}",
        "partnership": partnership,
    }[party.side]
    return f"{policy.role_label(party.role)}, {place}"
