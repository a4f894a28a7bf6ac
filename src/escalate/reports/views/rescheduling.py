"""Rearrange or cancel a meeting or panel not yet held. Only those who run it (the
partnership's officers, the convener, the chair) reach these pages; for anyone else, or a
meeting already held or cancelled, they are 404 (``reports.rules.can_rearrange``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from escalate.escalations.models import Event
from escalate.escalations.selectors import escalation_for
from escalate.reports import rules
from escalate.reports.forms import CancelForm, RearrangeForm
from escalate.reports.models import Meeting
from escalate.reports.rescheduling import meeting_cancel, meeting_rearrange
from escalate.reports.selectors import current_meeting
from escalate.reports.views.common import signed_in, submit


def _meeting(request: HttpRequest, reference: str) -> Meeting:
    person = signed_in(request)
    escalation = escalation_for(person, reference)
    meeting = current_meeting(escalation)
    if meeting is None or not rules.can_rearrange(person, meeting):
        raise Http404("This meeting cannot be rearranged or cancelled now")
    return meeting


@login_required
def meeting_rearrange_page(request: HttpRequest, reference: str) -> HttpResponse:
    meeting = _meeting(request, reference)
    escalation = meeting.escalation
    changes: list[Event] = []
    if request.method == "POST":

        def act(data: dict[str, Any]) -> object:
            return meeting_rearrange(
                meeting=meeting,
                actor=signed_in(request),
                starts_at=data["starts_at"],
                place=data["place"],
                reason=data.get("reason", ""),
                expected_version=data["version"],
            )

        response, form, changes = submit(
            request,
            escalation,
            RearrangeForm,
            act,
            done=f"{meeting.name} rearranged",
            then="reports-meeting",
        )
        if response is not None:
            return response
    else:
        starts = timezone.localtime(meeting.starts_at)
        form = RearrangeForm(
            initial={
                "version": escalation.version,
                "day": starts.day,
                "month": starts.month,
                "year": starts.year,
                "time": f"{starts:%H:%M}",
                "place": meeting.place,
            }
        )
    return render(
        request,
        "reports/meeting_rearrange.html",
        {"escalation": escalation, "meeting": meeting, "form": form, "changes": changes},
    )


@login_required
def meeting_cancel_page(request: HttpRequest, reference: str) -> HttpResponse:
    meeting = _meeting(request, reference)
    escalation = meeting.escalation
    changes: list[Event] = []
    if request.method == "POST":

        def act(data: dict[str, Any]) -> object:
            return meeting_cancel(
                meeting=meeting,
                actor=signed_in(request),
                reason=data["reason"],
                expected_version=data["version"],
            )

        response, form, changes = submit(
            request,
            escalation,
            CancelForm,
            act,
            done=f"{meeting.name} cancelled",
            then="reports-meeting",
        )
        if response is not None:
            return response
    else:
        form = CancelForm(initial={"version": escalation.version})
    return render(
        request,
        "reports/meeting_form.html",
        {
            "escalation": escalation,
            "meeting": meeting,
            "form": form,
            "changes": changes,
            "heading": f"Cancel the {meeting.name}",
            "warning": (
                f"Everyone invited is told that the {meeting.name} will not take place. It "
                "can be convened again afterwards."
            ),
            "button": f"Cancel the {meeting.name}",
            "button_class": "govuk-button--warning",
        },
    )
