"""What the partnership's pages share: who is signed in, 404 for anyone who is not an
officer, and submitting a form that acts on an escalation (escalations.views.submitting)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from escalate.escalations.views.submitting import submit as submit
from escalate.partnerships.models import Partnership, Person
from escalate.reports import rules


def signed_in(request: HttpRequest) -> Person:
    person: Person = request.user  # type: ignore[assignment]
    return person


def officers_partnership(request: HttpRequest) -> Partnership:
    """The signed-in officer's partnership; 404 for anyone who is not one of its officers."""
    person = signed_in(request)
    partnership = person.agency.partnership if person.agency is not None else None
    if partnership is None or not rules.can_see_reports(person, partnership):
        raise Http404("Not found")
    return partnership
