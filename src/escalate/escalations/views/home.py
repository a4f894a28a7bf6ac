from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.escalations.selectors import home_rows
from escalate.partnerships.directory import is_officer
from escalate.partnerships.models import Person


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    rows = home_rows(person)
    officer = person.partnership_id is not None and is_officer(person, person.partnership_id)
    return render(
        request,
        "escalations/home.html",
        {
            "open_rows": [r for r in rows if r.escalation.status == "open"],
            "closed_rows": [r for r in rows if r.escalation.status != "open"],
            "officer": officer,
        },
    )
