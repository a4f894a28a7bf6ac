"""An escalation's meeting or panel: convene it, take representations, record what happened
and the decision. Anyone who may not see the escalation gets 404; a page for something the
person may not do now is 404 too (the rules in ``reports.rules`` decide both)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.escalations.models import Escalation, Event
from escalate.escalations.selectors import escalation_for
from escalate.escalations.services import ActionRefused
from escalate.partnerships.directory import administrators
from escalate.partnerships.models import Agency, Person
from escalate.reports import membership, rules, services
from escalate.reports.forms import ConveneForm, DecisionForm, HeldForm, RepresentationForm
from escalate.reports.models import Meeting
from escalate.reports.selectors import current_meeting, meeting_page
from escalate.reports.views.common import signed_in, submit

# Which field each membership rule's message belongs to.
RULE_FIELDS = {
    "members": "members",
    "eligible": "members",
    "min-agencies": "members",
    "disputing-agencies": "members",
    "disputing-agencies-reason": "reason",
    "chair": "chair",
    "chair-eligible": "chair",
    "chair-uninvolved": "chair",
}


@login_required
def meeting_detail(request: HttpRequest, reference: str) -> HttpResponse:
    person = signed_in(request)
    escalation = escalation_for(person, reference)
    page = meeting_page(person, escalation)
    if page.meeting is None and page.spec is None and not page.earlier:
        raise Http404("There is no meeting or panel on this escalation")
    meeting = page.meeting
    return render(
        request,
        "reports/meeting.html",
        {
            "escalation": escalation,
            "page": page,
            "meeting": meeting,
            "members": meeting.members.select_related("person", "agency") if meeting else [],
            "representations": (
                meeting.representations.select_related("agency", "submitted_by") if meeting else []
            ),
        },
    )


def _membership_errors(form: forms.Form, refusal: ActionRefused) -> None:
    """Each broken membership rule's message, on the field it is about."""
    problems = getattr(refusal, "problems", None)
    if not problems:
        form.add_error(None, str(refusal))
        return
    for problem in problems:
        form.add_error(RULE_FIELDS.get(problem.rule), problem.message)


def _people(ids: list[str]) -> list[Person]:
    wanted = [int(i) for i in ids if str(i).isdigit()]
    return list(Person.objects.filter(pk__in=wanted).select_related("agency"))


@login_required
def meeting_convene(request: HttpRequest, reference: str) -> HttpResponse:
    person = signed_in(request)
    escalation = escalation_for(person, reference)
    if not rules.can_convene(person, escalation):
        raise Http404("This meeting cannot be convened now")
    spec = rules.meeting_spec(escalation)
    assert spec is not None
    policy = escalation.policy
    found = membership.candidates(escalation, spec)
    members = [(c.person.pk, c.label) for c in found]
    chairs = [(c.person.pk, c.label) for c in membership.chair_candidates(escalation, spec)]
    if not spec.chair:
        chairs = [(person.pk, f"{person.display_name} (you)"), *chairs]
    changes: list[Event] = []
    if request.method == "POST":

        def act(data: dict[str, Any]) -> object:
            chair = _people([data["chair"]]) if data.get("chair") else []
            return services.meeting_convene(
                escalation=escalation,
                actor=person,
                expected_version=data["version"],
                members=_people(data["members"]),
                chair=chair[0] if chair else None,
                starts_at=data["starts_at"],
                place=data["place"],
                reason=data.get("reason", ""),
            )

        response, form, changes = submit(
            request,
            escalation,
            lambda data: ConveneForm(data, members=members, chairs=chairs),
            act,
            done=f"{spec.name} convened",
            then="reports-meeting",
            refused=_membership_errors,
        )
        if response is not None:
            return response
    else:
        form = ConveneForm(initial={"version": escalation.version}, members=members, chairs=chairs)
    roles = [policy.role_label(r) for r in spec.membership.members]
    return render(
        request,
        "reports/convene.html",
        {
            "escalation": escalation,
            "spec": spec,
            "form": form,
            "changes": changes,
            "roles": ", ".join(roles),
            "member_roles": " or ".join(roles),
            "agencies": membership.by_agency(escalation, found),
            "chosen": {str(v) for v in form["members"].value() or []},
            "administrators": administrators(escalation.partnership),
            "where_possible": spec.membership.disputing_agencies == "where-possible",
        },
    )


def _meeting_or_404(escalation: Escalation) -> Meeting:
    meeting = current_meeting(escalation)
    if meeting is None:
        raise Http404("No meeting has been convened at this stage")
    return meeting


@login_required
def meeting_representation(request: HttpRequest, reference: str) -> HttpResponse:
    person = signed_in(request)
    escalation = escalation_for(person, reference)
    meeting = _meeting_or_404(escalation)
    allowed = rules.representing(person, meeting)
    if not allowed:
        raise Http404("You cannot give a representation to this meeting")
    agencies = [(a.pk, a.name) for a in Agency.objects.filter(pk__in=allowed).order_by("name")]
    changes: list[Event] = []
    if request.method == "POST":

        def act(data: dict[str, Any]) -> object:
            return services.meeting_add_representation(
                meeting=meeting,
                actor=person,
                agency=Agency.objects.get(pk=int(data["agency"])),
                text=data["text"],
                expected_version=data["version"],
            )

        response, form, changes = submit(
            request,
            escalation,
            lambda data: RepresentationForm(data, agencies=agencies),
            act,
            done="Representation received",
            then="reports-meeting",
        )
        if response is not None:
            return response
    else:
        initial: dict[str, Any] = {"version": escalation.version}
        if len(agencies) == 1 or person.agency_id in allowed:
            initial["agency"] = person.agency_id if person.agency_id in allowed else allowed[0]
        form = RepresentationForm(initial=initial, agencies=agencies)
    return render(
        request,
        "reports/meeting_form.html",
        {
            "escalation": escalation,
            "meeting": meeting,
            "form": form,
            "changes": changes,
            "heading": f"Written representation to the {meeting.name}",
            "button": "Send the representation",
        },
    )


@login_required
def meeting_held(request: HttpRequest, reference: str) -> HttpResponse:
    person = signed_in(request)
    escalation = escalation_for(person, reference)
    meeting = _meeting_or_404(escalation)
    if not rules.can_record_held(person, meeting):
        raise Http404("This meeting cannot be recorded now")
    stage = escalation.policy.stage(meeting.stage)
    members = [
        (m.person_id, f"{m.person.display_name} – {m.agency.name}")
        for m in meeting.members.select_related("person", "agency")
    ]
    decides = stage.decision is not None
    changes: list[Event] = []
    if request.method == "POST":

        def act(data: dict[str, Any]) -> object:
            return services.meeting_record_held(
                meeting=meeting,
                actor=person,
                attended=_people(data["attended"]),
                discussion=data["discussion"],
                decision=data.get("decision", ""),
                expected_version=data["version"],
            )

        response, form, changes = submit(
            request,
            escalation,
            lambda data: HeldForm(data, members=members, decides=decides),
            act,
            done=f"{meeting.name} recorded",
            then="reports-meeting",
        )
        if response is not None:
            return response
    else:
        form = HeldForm(initial={"version": escalation.version}, members=members, decides=decides)
    return render(
        request,
        "reports/meeting_form.html",
        {
            "escalation": escalation,
            "meeting": meeting,
            "form": form,
            "changes": changes,
            "heading": f"Record the {meeting.name}",
            "button": "Save",
            "decision": stage.decision,
        },
    )


@login_required
def meeting_decision(request: HttpRequest, reference: str) -> HttpResponse:
    person = signed_in(request)
    escalation = escalation_for(person, reference)
    meeting = _meeting_or_404(escalation)
    if not rules.can_record_decision(person, meeting):
        raise Http404("The decision cannot be recorded now")
    stage = escalation.policy.stage(meeting.stage)
    changes: list[Event] = []
    if request.method == "POST":

        def act(data: dict[str, Any]) -> object:
            return services.meeting_record_decision(
                meeting=meeting,
                actor=person,
                decision=data["decision"],
                expected_version=data["version"],
            )

        response, form, changes = submit(
            request,
            escalation,
            DecisionForm,
            act,
            done="Decision recorded",
            then="reports-meeting",
        )
        if response is not None:
            return response
    else:
        form = DecisionForm(initial={"version": escalation.version})
    return render(
        request,
        "reports/meeting_form.html",
        {
            "escalation": escalation,
            "meeting": meeting,
            "form": form,
            "changes": changes,
            "heading": f"Record the decision of the {meeting.name}",
            "button": "Record the decision",
            "decision": stage.decision,
        },
    )
