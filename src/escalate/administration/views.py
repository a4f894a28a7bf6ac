"""The administration pages. Only a partnership's administrators reach them; anyone else,
and anyone asking for a person outside their partnership or a superuser, gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from escalate.administration.forms import PersonForm
from escalate.administration.services import (
    AdministrationRefused,
    PersonChange,
    administers,
    people_administered,
    person_update,
)
from escalate.paging import paginate
from escalate.partnerships.models import Agency, Partnership, Person, RoleHolder
from escalate.partnerships.roles import role_choices, role_names


def _partnership(request: HttpRequest) -> Partnership:
    partnership = administers(request.user)  # type: ignore[arg-type]
    if partnership is None:
        raise Http404("Not found")
    return partnership


@login_required
def index(request: HttpRequest) -> HttpResponse:
    partnership = _partnership(request)
    return render(
        request,
        "administration/index.html",
        {
            "partnership": partnership,
            "agencies": partnership.agencies.count(),
            "people": people_administered(partnership).count(),
            "versions": partnership.policy_versions.order_by("-effective_date")[:10],
        },
    )


@login_required
def agencies(request: HttpRequest) -> HttpResponse:
    partnership = _partnership(request)
    rows = Agency.objects.filter(partnership=partnership).annotate(people_count=Count("people"))
    page = paginate(request, rows.order_by("name", "pk"))
    return render(request, "administration/agencies.html", {"page": page, "rows": page.rows})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    partnership = _partnership(request)
    rows = (
        people_administered(partnership)
        .select_related("agency", "line_manager")
        .prefetch_related(Prefetch("role_holdings", queryset=RoleHolder.objects.order_by("role")))
        .order_by("last_name", "first_name", "pk")
    )
    query = " ".join(request.GET.get("q", "").split())[:100]
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    page = paginate(request, rows)
    return render(
        request,
        "administration/people.html",
        {"page": page, "rows": page.rows, "role_labels": role_names(partnership), "q": query},
    )


def _form(partnership: Partnership, person: Person, data: object = None) -> PersonForm:
    staff = people_administered(partnership).exclude(pk=person.pk).select_related("agency")
    agencies = [(a.pk, a.name) for a in partnership.agencies.order_by("name")]
    managers = [(p.pk, f"{p.display_name}, {p.agency}") for p in staff.order_by("last_name")]
    initial = {
        "agency": person.agency_id,
        "job_title": person.job_title,
        "email": person.email,
        "phone": person.phone,
        "line_manager": person.line_manager_id or "",
        "active": "yes" if person.is_active else "no",
        "roles": sorted(person.role_keys()),
    }
    return PersonForm(
        data, initial=initial, agencies=agencies, managers=managers,
        roles=role_choices(partnership),
    )  # fmt: skip


@login_required
def person_change(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request)
    person = people_administered(partnership).select_related("agency").filter(pk=pk).first()
    if person is None:
        raise Http404("Not found")
    form = _form(partnership, person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        manager = people_administered(partnership).filter(pk=data["line_manager"] or 0).first()
        change = PersonChange(
            agency=partnership.agencies.get(pk=data["agency"]),
            job_title=data["job_title"],
            email=data["email"],
            phone=data["phone"],
            line_manager=manager,
            is_active=data["active"] == "yes",
            roles=frozenset(data["roles"]),
        )
        try:
            person_update(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                change=change,
                session_key=request.session.session_key,
            )
        except AdministrationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{person.display_name}'s details are saved")
            # Back to the list, found by their username so their row shows what was saved.
            query = urlencode({"q": person.username})
            return redirect(f"{reverse('administration-people')}?{query}")
    return render(request, "administration/person.html", {"person": person, "form": form})
