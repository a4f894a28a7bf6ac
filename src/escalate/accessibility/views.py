"""The accessibility statement: open to everyone, signed in or not, and linked from every
page's footer. Someone signed in is told who in their own partnership to report a problem to."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.partnerships.directory import officers
from escalate.partnerships.models import Person

# When the statement was written and last reviewed against the service and its tests.
PREPARED = dt.date(2026, 12, 1)
REVIEWED = dt.date(2026, 12, 1)
AXE_VERSION = "4.14"


def statement(request: HttpRequest) -> HttpResponse:
    contacts: list[Person] = []
    user = request.user
    agency = getattr(user, "agency", None) if user.is_authenticated else None
    if agency is not None:
        contacts = list(officers(agency.partnership).order_by("last_name", "first_name")[:5])
    return render(
        request,
        "accessibility/statement.html",
        {
            "contacts": contacts,
            "prepared": PREPARED,
            "reviewed": REVIEWED,
            "axe_version": AXE_VERSION,
        },
    )
