"""Raising and acting through the API, checked by the same forms as the pages, so a caller
gets the same plain messages a person would."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from escalate.api.problems import ApiProblem
from escalate.api.schemas import ActionIn, RaiseIn
from escalate.escalations import forms as raise_forms
from escalate.escalations.acting import allowed_action, refusal_for
from escalate.escalations.action_forms import ACTIONS, action_form, take_action
from escalate.escalations.models import Escalation, Event
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import ActionRefused, ConcurrentChange
from escalate.partnerships.models import Agency, AgencyKind, Person

# The API's name for each form field that is named differently in the forms.
FIELD_NAMES = {
    "name": "child_name",
    "day": "child_date_of_birth",
    "reference": "child_reference",
    "status": "child_status",
    "agency": "receiving_agency",
    "version": "expected_version",
}


# What to send instead of a value that is not one of a list's choices.
CHOICES = {
    "receiving_agency": "Give the id of an agency in your partnership other than your own "
    "(GET /api/v1/agencies lists them)",
    "categories": "Give keys of the policy's categories (GET /api/v1/policy lists them)",
    "child_status": "Give one of: cp-plan, looked-after, child-in-need, early-help, none",
    "need_level": "Give one of: universal, early-help, targeted, specialist, "
    "child-protection, not-known",
    "method": "Give one of: phone, meeting, video, email",
}


def _errors(*checked: forms.Form) -> list[dict[str, str]]:
    """Each form's messages, by the API's field names."""
    found = []
    for form in checked:
        if form.is_valid():
            continue
        for field, errors in form.errors.as_data().items():
            name = "" if field == "__all__" else FIELD_NAMES.get(field, field)
            for error in errors:
                message = " ".join(error.messages)
                if error.code == "invalid_choice":
                    message = CHOICES.get(name, "Give one of the values the schema lists")
                found.append({"field": name, "message": message})
    return found


def invalid(errors: list[dict[str, str]]) -> ApiProblem:
    return ApiProblem(
        422,
        "The request has mistakes",
        "; ".join(f"{e['field']}: {e['message']}" for e in errors),
        errors=errors,
    )


def raise_escalation(person: Person, body: RaiseIn) -> Escalation:
    if person.agency is None:
        raise ApiProblem(422, "Not in an agency", "The token's person is not in an agency")
    policy = person.agency.partnership.policy_in_force(timezone.localdate()).policy
    agencies = (
        Agency.objects.filter(partnership_id=person.agency.partnership_id)
        .exclude(kind=AgencyKind.PARTNERSHIP)
        .exclude(pk=person.agency.pk)
    )
    born = body.child_date_of_birth
    child = raise_forms.ChildForm(
        {
            "name": body.child_name,
            "day": str(born.day),
            "month": str(born.month),
            "year": str(born.year),
            "reference": body.child_reference,
            "status": body.child_status,
            "need_level": body.need_level,
            "parents_carers": body.parents_carers,
        }
    )
    errors = _errors(
        child,
        raise_forms.AgencyForm(
            {"agency": body.receiving_agency}, agencies=[(a.pk, a.name) for a in agencies]
        ),
        raise_forms.CategoryForm(
            {"categories": body.categories},
            categories=[(c.key, c.label) for c in policy.categories],
        ),
        raise_forms.DisagreementForm({"disagreement": body.disagreement}),
        raise_forms.OutcomeForm({"outcome_wanted": body.outcome_wanted}),
    )
    if body.immediate_risk:
        errors += _errors(
            raise_forms.ImmediateActionForm({"immediate_action": body.immediate_action})
        )
    if errors:
        raise invalid(errors)
    professional = None
    if body.receiving_professional is not None:
        professional = Person.objects.filter(
            pk=body.receiving_professional, agency_id=body.receiving_agency, is_active=True
        ).first()
        if professional is None:
            raise invalid(
                [
                    {
                        "field": "receiving_professional",
                        "message": "Choose a professional who works in the agency you "
                        "disagree with, or give their name instead",
                    }
                ]
            )
    elif not body.receiving_professional_name.strip():
        raise invalid(
            [
                {
                    "field": "receiving_professional_name",
                    "message": "Enter the professional's name and role",
                }
            ]
        )
    try:
        return escalation_raise(
            raiser=person,
            receiving_agency=agencies.get(pk=body.receiving_agency),
            receiving_professional=professional,
            receiving_professional_name=body.receiving_professional_name.strip()[:200],
            child_name=body.child_name,
            child_date_of_birth=born,
            child_reference=body.child_reference,
            child_status=body.child_status,
            need_level=body.need_level,
            parents_carers=body.parents_carers,
            categories=body.categories,
            disagreement=body.disagreement,
            outcome_wanted=body.outcome_wanted,
            immediate_risk=body.immediate_risk,
            immediate_action=body.immediate_action if body.immediate_risk else "",
        )
    except ActionRefused as refusal:
        raise ApiProblem(422, "The escalation cannot be raised", str(refusal)) from None


def act(person: Person, escalation: Escalation, body: ActionIn) -> Event:
    """Take an action the engine allows this person now: 404 for an action that is not
    open to them, 422 for a wrong form, 409 if the escalation changed since
    ``expected_version``."""
    if body.action not in ACTIONS:
        raise ApiProblem(
            404,
            "No such action",
            f"'{body.action}' is not an action. See the escalation's allowed_actions",
        )
    allowed = allowed_action(person, escalation, body.action, body.stage, body.step)
    if allowed is None:
        reason = refusal_for(person, escalation, body.action, body.stage, body.step)
        raise ApiProblem(
            404,
            "Not available",
            f"{reason}. See its allowed_actions"
            if reason
            else "That action is not available on this escalation now. See its allowed_actions",
        )
    fields: dict[str, Any] = body.dict()
    fields["version"] = body.expected_version
    form = action_form(body.action, escalation, fields)
    errors = _errors(form)
    if errors:
        raise invalid(errors)
    try:
        return take_action(
            escalation=escalation,
            actor=person,
            action=body.action,
            allowed=allowed,
            expected_version=body.expected_version,
            cleaned=form.cleaned_data,
        )
    except ConcurrentChange as change:
        raise ApiProblem(
            409,
            "The escalation has changed",
            "Someone else acted on this escalation since the version you sent. Read it again "
            "and decide whether your action still makes sense",
            changes=[
                {"sequence": e.sequence, "kind": e.kind, "at": e.at.isoformat(), "text": e.text}
                for e in change.events
            ],
        ) from None
    except ActionRefused as refusal:
        raise ApiProblem(422, "The action was refused", str(refusal)) from None
