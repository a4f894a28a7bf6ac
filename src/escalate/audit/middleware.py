"""Logs every request to an audited page (``registry.AUDITED``) by a signed-in person: the
page shown (2xx) or refused (404, 403). A redirect (an action done, then shown its page) is
not a read; the action itself is an event. One INSERT a request, nothing read first.

It runs inside the request memo and after sign-in (see MIDDLEWARE in settings.py). If the
entry cannot be written the request fails: nothing is shown that is not logged.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from escalate.audit import context
from escalate.audit.models import Outcome
from escalate.audit.registry import describe
from escalate.audit.services import audit_record
from escalate.partnerships.models import Person

# Searches may hold a child's name: the log keeps that a search was made, not its words.
REDACTED = frozenset({"q"})


def _address(request: HttpRequest) -> str:
    """The path with its query (a report's period, the log's filters), searches redacted."""
    if not request.GET:
        return request.path
    query = request.GET.copy()
    for key in REDACTED & set(query):
        query.setlist(key, ["[search]"])
    return f"{request.path}?{query.urlencode(safe='[]')}"


def _outcome(status: int) -> Outcome | None:
    if 200 <= status < 300:
        return Outcome.SHOWN
    if status in (403, 404):
        return Outcome.REFUSED
    return None


def _person(request: HttpRequest) -> Person | None:
    """Who is signed in, or whose API token was used."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user  # type: ignore[no-any-return]
    token = getattr(request, "api_token", None)
    person: Person | None = getattr(token, "person", None)
    return person


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with context.watching() as seen:
            response = self.get_response(request)
        match = request.resolver_match
        outcome = _outcome(response.status_code)
        if match is None or outcome is None or not match.url_name:
            return response
        what = describe(match.view_name, match.kwargs)
        person = _person(request)
        if what is None or person is None:
            return response
        reference = str(match.kwargs.get("reference", ""))
        found = next((s for s in seen if s.reference == reference), None)
        audit_record(
            person=person,
            what=what,
            outcome=outcome,
            partnership_id=found.partnership_id if found else None,
            escalation_id=found.escalation_id if found else None,
            reference=reference,
            method=request.method or "",
            path=_address(request),
        )
        return response
