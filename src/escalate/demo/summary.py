"""What the demo holds once loaded, and who to sign in as."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from escalate.demo.names import DEMO_PASSWORD, first_agency, username
from escalate.demo.people import Counts, Directory
from escalate.escalations.models import Escalation, Event, Status
from escalate.partnerships.models import Agency, AgencyKind, Person


@dataclass(frozen=True)
class SignIn:
    partnership: str
    who: str
    username: str


@dataclass(frozen=True)
class DemoSummary:
    partnerships: int
    agencies: int
    people: int
    escalations: int
    events: int
    by_status: dict[str, int]
    overdue: int
    immediate_risk: int
    created_partnerships: int
    created_people: int
    created_escalations: int
    officer_fallbacks: int
    sign_ins: tuple[SignIn, ...]
    password: str = DEMO_PASSWORD


def _sign_ins(directory: Directory) -> list[SignIn]:
    """A practitioner in the school, their manager, someone in social care and the officers."""
    slug = directory.partnership.slug
    school = first_agency(slug, kind=AgencyKind.SCHOOL)
    other = first_agency(slug, kind=AgencyKind.SOCIAL_CARE)
    if school is None or other is None:
        raise ValueError(f"Demo data: {slug} needs a school and a social care agency")
    wanted = (
        ("Practitioner", username(slug, "practitioner", agency=school.tag)),
        ("Their line manager", username(slug, "line-manager", agency=school.tag)),
        ("Practitioner in the other agency", username(slug, "practitioner", agency=other.tag)),
        ("Business manager", username(slug, "business-manager")),
        ("Administrator", username(slug, "partnership-administrator")),
    )
    found: list[SignIn] = []
    for label, name in wanted:
        person = Person.objects.select_related("agency").get(username=name)
        who = f"{label}: {person.display_name}, {person.job_title}, {person.agency}"
        found.append(SignIn(directory.partnership.short_name, who, name))
    return found


def summarise(directories: Sequence[Directory], *, counts: Counts, now: dt.datetime) -> DemoSummary:
    """The demo's partnerships as they now stand, and what this run created."""
    partnerships = [d.partnership for d in directories]
    escalations = Escalation.objects.filter(partnership__in=partnerships)
    by_status = {status: escalations.filter(status=status).count() for status in Status.values}
    return DemoSummary(
        partnerships=len(partnerships),
        agencies=Agency.objects.filter(partnership__in=partnerships).count(),
        people=Person.objects.filter(agency__partnership__in=partnerships).count(),
        escalations=escalations.count(),
        events=Event.objects.filter(escalation__in=escalations).count(),
        by_status=by_status,
        overdue=escalations.filter(status=Status.OPEN, next_deadline__lt=now).count(),
        immediate_risk=escalations.filter(immediate_risk=True).count(),
        created_partnerships=counts.partnerships,
        created_people=counts.people,
        created_escalations=counts.escalations,
        officer_fallbacks=counts.fallbacks,
        sign_ins=tuple(s for d in directories for s in _sign_ins(d)),
    )
