"""One escalation: its summary, ladder, what must happen now, timeline and actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.escalations import rules
from escalate.escalations.models import Escalation
from escalate.escalations.participants import people_for
from escalate.escalations.selectors import escalation_for, record_view
from escalate.escalations.services import escalation_state
from escalate.partnerships.models import Person
from escalate.policy.case import StageVisit
from escalate.policy.render import parties
from escalate.policy.schema import Party, Stage


@dataclass(frozen=True)
class Rung:
    stage: Stage
    visit: StageVisit | None
    current: bool


def _names(escalation: Escalation, party: Party) -> str:
    names = [person.display_name for person in people_for(escalation, party)]
    not_in_directory = escalation.receiving_professional is None
    if party.role == "practitioner" and party.side != "raising" and not_in_directory:
        names.append(escalation.receiving_professional_display)
    return ", ".join(names) or "nobody in the directory yet"


@login_required
def escalation_detail(request: HttpRequest, reference: str) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    escalation = escalation_for(person, reference)
    record_view(person, escalation, request.path)
    policy = escalation.policy_version.policy
    state = escalation_state(escalation)
    visits = {visit.key: visit for visit in state.history}
    ladder = [
        Rung(stage, visits.get(stage.key), stage.key == state.current.key)
        for stage in policy.stages
    ]
    who = [
        {"label": parties(policy, [party]), "names": _names(escalation, party)}
        for party in state.who_must_act
    ]
    labels = {category.key: category.label for category in policy.categories}
    return render(
        request,
        "escalations/detail.html",
        {
            "escalation": escalation,
            "policy": policy,
            "state": state,
            "stage": policy.stage(state.current.key),
            "ladder": ladder,
            "who": who,
            "categories": [labels.get(c, c) for c in escalation.categories],
            "events": escalation.events.select_related("actor").order_by("-sequence"),
            "actions": rules.actions_for(person, escalation, state.allowed_actions),
            "may_record_mash_referral": rules.can_record_mash_referral(
                person, escalation, state.allowed_actions
            ),
            "stage_titles": {stage.key: stage.title for stage in policy.stages},
            "may_see_views": rules.can_see_view_log(person, escalation),
        },
    )


@login_required
def escalation_views(request: HttpRequest, reference: str) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    escalation = escalation_for(person, reference)
    if not rules.can_see_view_log(person, escalation):
        raise Http404("No escalation found")
    return render(
        request,
        "escalations/views.html",
        {"escalation": escalation, "views": escalation.views.select_related("person")[:500]},
    )
