"""The partnership's procedure, rendered from its policy, for any signed-in user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from escalate.partnerships.models import Person


@login_required
def procedure(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    if person.agency is None:
        raise Http404("Your account is not in a partnership")
    version = person.agency.partnership.procedure_in_force(timezone.localdate())
    return render(
        request, "escalations/procedure.html", {"policy": version.policy, "version": version}
    )
