"""Setting up the authenticator app, entering a code, and an administrator's reset."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from escalate.paging import paginate
from escalate.partnerships.models import Person
from escalate.twofactor import services
from escalate.twofactor.forms import CodeForm
from escalate.twofactor.rules import ADMINISTRATOR, may_reset

WRONG = (
    "That code is not right. Enter the 6-digit code your authenticator app shows now "
    "(codes change every 30 seconds), or one of your recovery codes"
)


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}):
        return wanted
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    if not services.has_second_factor(person):
        return redirect("twofactor-setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(person, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", WRONG)
    return render(request, "twofactor/verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    if services.has_second_factor(person):
        return redirect("twofactor-verify")
    device = services.pending_app(person)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = services.confirm_app(device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return render(
                request, "twofactor/recovery.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", WRONG)
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            "next": _next(request),
            "secret": services.secret_of(device),
            "qr": qr.svg_inline(scale=4, title="QR code for your authenticator app"),
        },
    )


def _administrator(request: HttpRequest) -> Person:
    actor: Person = request.user  # type: ignore[assignment]
    if not (actor.is_superuser or ADMINISTRATOR in actor.role_keys()):
        raise Http404("Not found")
    return actor


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """The administrator's partnership's people, with whether each has a second factor."""
    actor = _administrator(request)
    found = Person.objects.filter(is_active=True).select_related("agency")
    if not actor.is_superuser:
        mine = actor.partnership_id or 0
        found = found.filter(agency__partnership_id=mine, is_superuser=False)
    page = paginate(request, found.order_by("last_name", "first_name", "id"))
    with_app = services.people_with_app([p.pk for p in page.rows])
    rows = [(p, p.pk in with_app) for p in page.rows]
    return render(request, "twofactor/people.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _administrator(request)
    person = get_object_or_404(Person.objects.select_related("agency"), pk=pk)
    if not may_reset(actor, person):
        raise Http404("Not found")
    if request.method == "POST":
        services.reset(actor, person, path=request.path)
        return render(request, "twofactor/reset.html", {"person": person, "done": True})
    return render(request, "twofactor/reset.html", {"person": person, "done": False})
