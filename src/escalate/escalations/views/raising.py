"""Raising an escalation, one question per page. Answers are kept as the person's raise
draft on the server (never in the session) until they check them and submit; no
escalation is written before that."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from escalate.escalations import forms as raise_forms
from escalate.escalations.drafts import draft_answers, draft_discard, draft_update
from escalate.escalations.models import ChildStatus, NeedLevel
from escalate.escalations.professionals import professionals
from escalate.escalations.raising import escalation_raise
from escalate.escalations.routes import routes_for
from escalate.escalations.selectors import escalation_for
from escalate.escalations.services import ActionRefused
from escalate.escalations.views.raise_pages import PAGES, TITLES
from escalate.memo import once
from escalate.partnerships.directory import matter_contacts
from escalate.partnerships.models import Agency, AgencyKind, Person
from escalate.policy.routing import GENERAL, RouteChoice, route_title
from escalate.policy.schema import Policy

Row = tuple[str, str, str]
# A page opened from "Change" on the check page carries this, and returns there when done.
FROM_CHECK = "check"


def _person(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _policy(person: Person) -> Policy:
    if person.agency is None:
        raise Http404("Your account is not in an agency")
    return person.agency.partnership.procedure_in_force(timezone.localdate()).policy


def _answers(request: HttpRequest) -> dict[str, Any]:
    return draft_answers(person=_person(request))


def _save(request: HttpRequest, **values: Any) -> dict[str, Any]:
    return draft_update(person=_person(request), **values)


def _agencies(person: Person) -> list[Agency]:
    assert person.agency is not None
    return list(
        Agency.objects.filter(partnership_id=person.agency.partnership_id)
        .exclude(pk=person.agency.pk)
        .exclude(kind=AgencyKind.PARTNERSHIP)
    )


def _routes(person: Person, answers: dict[str, Any], policy: Policy) -> list[RouteChoice]:
    """The procedures this person may follow for the child and agency in their answers
    (worked out once per request: each page asks several times)."""
    agency = int(answers.get("agency") or 0)
    status = answers.get("child", {}).get("status", "")
    risk = answers.get("immediate_risk") == "yes"
    return once(
        ("raise-routes", person.pk, policy.id, policy.version, agency, status, risk),
        lambda: routes_for(
            policy=policy,
            raiser=person,
            receiving_agency=Agency.objects.filter(pk=agency).first(),
            child_status=status,
            immediate_risk=risk,
        ),
    )


def _asked(page: str, answers: dict[str, Any], policy: Policy, person: Person) -> bool:
    """Is this page asked? What was done about an immediate risk only when there is one; the
    matters for other procedures only when the policy names some; which procedure only when
    more than one is open to this person for this child and agency."""
    if page == "immediate-action":
        return answers.get("immediate_risk") == "yes"
    if page == "not-an-escalation":
        return bool(policy.not_escalations)
    if page == "route":
        return bool(policy.routes) and len(_routes(person, answers, policy)) > 1
    return True


def _neighbour(
    page: str, answers: dict[str, Any], step: int, policy: Policy, person: Person
) -> str:
    """The page after (step 1) or before (step -1) this one, skipping pages not asked; past
    the ends, check answers or home."""
    position = PAGES.index(page) + step
    while 0 <= position < len(PAGES):
        candidate = PAGES[position]
        if not _asked(candidate, answers, policy, person):
            position += step
            continue
        return reverse("raise", args=[candidate])
    return reverse("raise-check" if step > 0 else "home")


def _after_change(answers: dict[str, Any], policy: Policy, person: Person) -> str:
    """Back to the check page after a change, unless the change makes another question need
    answering (an immediate risk now, or a new agency): that page first, then back."""
    missing = _missing(answers, policy, person)
    if missing is None:
        return reverse("raise-check")
    return f"{reverse('raise', args=[missing])}?from={FROM_CHECK}"


def _form(
    page: str, person: Person, answers: dict[str, Any], data: Any = None, find: str = ""
) -> forms.Form:
    policy = once(("raise-policy", person.pk), lambda: _policy(person))
    initial = answers
    if page == "immediate-risk":
        return raise_forms.ImmediateRiskForm(data, initial=initial)
    if page == "immediate-action":
        return raise_forms.ImmediateActionForm(data, initial=initial)
    if page == "not-an-escalation":
        matters = [(m.key, m.label) for m in policy.not_escalations]
        return raise_forms.NotEscalationForm(data, initial=initial, matters=matters)
    if page == "agency":
        agencies = [(a.pk, a.name) for a in _agencies(person)]
        return raise_forms.AgencyForm(data, initial=initial, agencies=agencies)
    if page == "professional":
        chosen = (data or {}).get("professional") or answers.get("professional")
        found = professionals(int(answers.get("agency") or 0), find, chosen)
        return raise_forms.ProfessionalForm(data, initial=initial, found=found)
    if page == "child":
        return raise_forms.ChildForm(data, initial=initial.get("child", {}))
    if page == "route":
        routes = [(c.key, c.title) for c in _routes(person, answers, policy)]
        return raise_forms.RouteForm(data, initial=initial, routes=routes)
    if page == "category":
        categories = [(c.key, c.label) for c in policy.categories]
        return raise_forms.CategoryForm(data, initial=initial, categories=categories)
    if page == "disagreement":
        return raise_forms.DisagreementForm(data, initial=initial)
    if page == "arose":
        arose = dt.date.fromisoformat(answers.get("arose_on") or timezone.localdate().isoformat())
        parts = {"day": arose.day, "month": arose.month, "year": arose.year}
        return raise_forms.AroseForm(data, initial=parts)
    return raise_forms.OutcomeForm(data, initial=initial)


@login_required
def raise_start(request: HttpRequest) -> HttpResponse:
    draft_discard(person=_person(request))
    return redirect("raise", page=PAGES[0])


@login_required
def raise_page(request: HttpRequest, page: str) -> HttpResponse:
    if page not in PAGES:
        raise Http404("No such page")
    person = _person(request)
    policy = once(("raise-policy", person.pk), lambda: _policy(person))
    answers = _answers(request)
    changing = request.GET.get("from") == FROM_CHECK
    if page == "professional" and not answers.get("agency"):
        return redirect("raise", page="agency")
    if page == "route" and not _asked(page, answers, policy, person):
        return redirect(_neighbour(page, answers, 1, policy, person))
    if page == "not-an-escalation" and not policy.not_escalations:
        return redirect(_neighbour(page, answers, 1, policy, person))
    if request.method == "POST":
        form = _form(page, person, answers, request.POST, request.GET.get("find", ""))
        if form.is_valid():
            data = dict(form.cleaned_data)
            agency_before = answers.get("agency")
            if page == "child":
                born = data.pop("date_of_birth")
                data = {"child": {**data, "date_of_birth": born.isoformat()}}
            elif page == "arose":
                data = {"arose_on": data["arose_on"].isoformat()}
            elif page == "agency" and data["agency"] != agency_before:
                data.update(professional=None, name="")
            if page == "not-an-escalation" and data["matter"] != "none":
                return redirect("raise-not-escalation", matter=data["matter"])
            saved = _save(request, **data)
            if changing:
                return redirect(_after_change(saved, policy, person))
            return redirect(_neighbour(page, saved, 1, policy, person))
    else:
        form = _form(page, person, answers, find=request.GET.get("find", ""))
    return render(
        request,
        "raise/question.html",
        {
            "form": form,
            "policy": policy,
            "page": page,
            "title": TITLES[page],
            "answers": answers,
            "routes": _routes(person, answers, policy) if page == "route" else [],
            "back": reverse("raise-check")
            if changing
            else _neighbour(page, answers, -1, policy, person),
        },
    )


@login_required
def raise_not_escalation(request: HttpRequest, matter: str) -> HttpResponse:
    policy = _policy(_person(request))
    found = [m for m in policy.not_escalations if m.key == matter]
    if not found:
        raise Http404("No such matter")
    draft_discard(person=_person(request))
    context = matter_contacts(_person(request), policy, found[0])
    return render(request, "raise/not_escalation.html", context)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _long_date(text: str | None) -> str:
    day = _date(text) or timezone.localdate()
    return f"{day.day} {day:%B %Y}" + ("" if text else " (today)")


def _summary(person: Person, answers: dict[str, Any], policy: Policy) -> list[dict[str, str]]:
    child = answers.get("child", {})
    agency = Agency.objects.filter(pk=int(answers.get("agency") or 0)).first()
    professional = answers.get("name") or ""
    if answers.get("professional") not in (None, raise_forms.NOT_LISTED):
        found = Person.objects.filter(pk=answers["professional"]).first()
        professional = found.display_name if found else ""
    labels = {c.key: c.label for c in policy.categories}
    born = dt.date.fromisoformat(child["date_of_birth"]) if child.get("date_of_birth") else None
    rows = [
        (
            "Immediate risk",
            "Yes" if answers.get("immediate_risk") == "yes" else "No",
            "immediate-risk",
        ),
    ]
    if answers.get("immediate_risk") == "yes":
        rows.append(("What you have done", answers.get("immediate_action", ""), "immediate-action"))
    rows += [
        ("Agency you disagree with", agency.name if agency else "", "agency"),
        ("Professional", professional, "professional"),
        ("Child's name", child.get("name", ""), "child"),
        ("Date of birth", f"{born.day} {born:%B %Y}" if born else "", "child"),
        ("Your agency's reference", child.get("reference", "") or "None given", "child"),
        ("Child's status", dict(ChildStatus.choices).get(child.get("status", ""), ""), "child"),
        ("Level of need", dict(NeedLevel.choices).get(child.get("need_level", ""), ""), "child"),
        ("Parents or carers", child.get("parents_carers", "") or "None given", "child"),
        *_route_row(person, answers, policy),
        (
            "Disagreement about",
            ", ".join(labels.get(c, c) for c in answers.get("categories", [])),
            "category",
        ),
        ("What you disagree about", answers.get("disagreement", ""), "disagreement"),
        ("When it arose", _long_date(answers.get("arose_on")), "arose"),
        ("Outcome you want", answers.get("outcome_wanted", ""), "outcome"),
    ]
    return [{"label": label, "value": value, "page": page} for label, value, page in rows]


def _route_row(
    person: Person, answers: dict[str, Any], policy: Policy
) -> list[tuple[str, str, str]]:
    if not _asked("route", answers, policy, person):
        return []
    return [("Procedure", route_title(policy, answers.get("route") or GENERAL), "route")]


# The answer each page gives, in page order; the check page sends you to the first gap.
ANSWER_OF_PAGE = {
    "immediate-risk": "immediate_risk",
    "immediate-action": "immediate_action",
    "not-an-escalation": "matter",
    "agency": "agency",
    "professional": "professional",
    "child": "child",
    "route": "route",
    "category": "categories",
    "disagreement": "disagreement",
    "arose": "arose_on",
    "outcome": "outcome_wanted",
}
# Pages with an answer by default: when the disagreement arose is today unless changed.
DEFAULTED = {"arose"}


def _missing(answers: dict[str, Any], policy: Policy, person: Person) -> str | None:
    for page in PAGES:
        if not _asked(page, answers, policy, person) or page in DEFAULTED:
            continue
        if page == "route" and answers.get("route") not in {
            choice.key for choice in _routes(person, answers, policy)
        }:
            return page
        if not answers.get(ANSWER_OF_PAGE[page]):
            return page
    return None


@login_required
def raise_check(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    policy = _policy(person)
    answers = _answers(request)
    missing = _missing(answers, policy, person)
    if missing is not None:
        return redirect("raise", page=missing)
    error = ""
    if request.method == "POST":
        child = answers["child"]
        professional = None
        if answers["professional"] != raise_forms.NOT_LISTED:
            professional = Person.objects.filter(pk=answers["professional"]).first()
        agency = Agency.objects.filter(pk=answers["agency"]).first()
        if agency is None:
            return redirect("raise", page="agency")
        try:
            escalation = escalation_raise(
                raiser=person,
                receiving_agency=agency,
                receiving_professional=professional,
                receiving_professional_name=answers.get("name", ""),
                child_name=child["name"],
                child_date_of_birth=dt.date.fromisoformat(child["date_of_birth"]),
                child_reference=child.get("reference", ""),
                child_status=child["status"],
                need_level=child.get("need_level", "not-known"),
                parents_carers=child.get("parents_carers", ""),
                categories=answers["categories"],
                disagreement=answers["disagreement"],
                outcome_wanted=answers["outcome_wanted"],
                immediate_risk=answers["immediate_risk"] == "yes",
                immediate_action=answers.get("immediate_action", ""),
                arose_on=_date(answers.get("arose_on")),
                route=answers.get("route") or GENERAL
                if _asked("route", answers, policy, person)
                else GENERAL,
            )
        except ActionRefused as refusal:
            error = str(refusal)
        else:
            draft_discard(person=person)
            return redirect("raise-done", reference=escalation.reference)
    return render(
        request,
        "raise/check.html",
        {"rows": _summary(person, answers, policy), "error": error, "policy": policy},
    )


@login_required
def raise_done(request: HttpRequest, reference: str) -> HttpResponse:
    escalation = escalation_for(_person(request), reference)
    policy = escalation.policy
    return render(
        request,
        "raise/done.html",
        {
            "escalation": escalation,
            "policy": policy,
            "first": policy.stage(escalation.current_stage),
        },
    )
