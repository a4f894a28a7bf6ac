"""Learning: record it on an escalation, arrange a debrief, and the officers' queues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.escalations.models import Event
from escalate.escalations.selectors import escalation_for
from escalate.escalations.services import ActionRefused
from escalate.paging import paginate
from escalate.reports import learning, rules
from escalate.reports.forms import AnswerForm, DebriefForm, LearningForm
from escalate.reports.models import LearningStatus
from escalate.reports.queues import queues_for
from escalate.reports.selectors import learning_item_for, learning_of, queue_listing
from escalate.reports.views.common import officers_partnership, signed_in, submit


@login_required
def escalation_learning(request: HttpRequest, reference: str) -> HttpResponse:
    person = signed_in(request)
    escalation = escalation_for(person, reference)
    if not rules.can_record_learning(person, escalation):
        raise Http404("No escalation found")
    changes: list[Event] = []
    if request.method == "POST":

        def act(data: dict[str, Any]) -> object:
            return learning.learning_record(
                escalation=escalation,
                actor=person,
                kind=data["kind"],
                text=data["text"],
                expected_version=data["version"],
            )

        response, form, changes = submit(
            request,
            escalation,
            LearningForm,
            act,
            done="Recorded and sent to the partnership",
            then="reports-learning",
        )
        if response is not None:
            return response
    else:
        form = LearningForm(initial={"version": escalation.version})
    items, debriefs = learning_of(escalation)
    return render(
        request,
        "reports/learning.html",
        {
            "escalation": escalation,
            "form": form,
            "changes": changes,
            "items": items,
            "debriefs": debriefs,
            "queues": queues_for(escalation.policy),
        },
    )


@login_required
def debrief_schedule(request: HttpRequest, reference: str) -> HttpResponse:
    person = signed_in(request)
    escalation = escalation_for(person, reference)
    if not rules.can_record_learning(person, escalation):
        raise Http404("No escalation found")
    changes: list[Event] = []
    if request.method == "POST":

        def act(data: dict[str, Any]) -> object:
            return learning.debrief_schedule(
                escalation=escalation,
                actor=person,
                starts_at=data["starts_at"],
                place=data["place"],
                attendees=data["attendees"],
                expected_version=data["version"],
            )

        response, form, changes = submit(
            request,
            escalation,
            DebriefForm,
            act,
            done="Debrief arranged",
            then="reports-learning",
        )
        if response is not None:
            return response
    else:
        form = DebriefForm(initial={"version": escalation.version})
    return render(
        request,
        "reports/debrief.html",
        {"escalation": escalation, "form": form, "changes": changes},
    )


@login_required
def learning_queues(request: HttpRequest) -> HttpResponse:
    partnership = officers_partnership(request)
    status = request.GET.get("status", LearningStatus.OPEN)
    page = paginate(request, queue_listing(partnership, status=status))
    queues: dict[str, list[Any]] = {}
    for item in page.rows:
        queues.setdefault(item.queue, []).append(item)
    return render(
        request,
        "reports/queues.html",
        {
            "page": page,
            "queues": queues,
            "status": status,
            "statuses": [("open", "Open"), ("answered", "Answered"), ("all", "All")],
        },
    )


@login_required
def learning_answer(request: HttpRequest, pk: int) -> HttpResponse:
    person = signed_in(request)
    item = learning_item_for(person, pk)
    if request.method == "POST" and item.status == LearningStatus.OPEN:
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                learning.learning_answer(
                    item=item, actor=person, answer=form.cleaned_data["answer"]
                )
            except ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Answer saved and sent to whoever recorded it")
                return redirect("reports-learning-queues")
    else:
        form = AnswerForm()
    return render(request, "reports/answer.html", {"item": item, "form": form})
