"""The partnership administrator's import page, and the page an invited person sets their
password on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from escalate.accounts.sessions import end_sessions
from escalate.onboarding.forms import ImportForm
from escalate.onboarding.services import KINDS, import_directory
from escalate.onboarding.table import ImportRefused
from escalate.partnerships.models import Partnership, Person
from escalate.partnerships.roles import role_choices

_SALT = "escalate.onboarding.import"
_CHECKED_FOR_SECONDS = 60 * 60


def _administered(request: HttpRequest) -> Partnership:
    person: Person = request.user  # type: ignore[assignment]
    if person.agency is None or "partnership-administrator" not in person.role_keys():
        raise Http404("Not found")
    return person.agency.partnership


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is checked and what it would change is shown; nothing changes until
    the administrator confirms, and the confirmed file is the one that was checked."""
    partnership = _administered(request)
    context: dict[str, object] = {"kinds": KINDS, "roles": role_choices(partnership)}
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "checked" in request.POST:
        return _confirm(request, partnership)
    if request.method == "POST" and form.is_valid():
        kind, data = form.cleaned_data["kind"], form.cleaned_data["file"]
        try:
            plan = import_directory(partnership, kind, data, apply=False)
        except ImportRefused as refusal:
            context["problems"] = refusal.problems
        else:
            context["plan"] = plan
            context["checked"] = signing.dumps(
                {"kind": kind, "data": data.decode("utf-8-sig"), "p": partnership.pk},
                salt=_SALT,
                compress=True,
            )
    context["form"] = form
    return render(request, "onboarding/import.html", context)


def _confirm(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    try:
        checked = signing.loads(request.POST["checked"], salt=_SALT, max_age=_CHECKED_FOR_SECONDS)
    except signing.BadSignature:
        messages.error(request, "That check is more than an hour old. Upload the file again")
        return redirect("directory-import")
    if checked.get("p") != partnership.pk or checked.get("kind") not in KINDS:
        raise Http404("Not found")
    try:
        plan = import_directory(
            partnership, checked["kind"], checked["data"].encode("utf-8"), apply=True
        )
    except ImportRefused as refusal:
        form = ImportForm()
        return render(
            request,
            "onboarding/import.html",
            {
                "form": form,
                "kinds": KINDS,
                "problems": refusal.problems,
                "roles": role_choices(partnership),
            },
        )
    messages.success(request, f"Done. {plan.summary()}")
    return redirect("directory-import")


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "onboarding/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, "Your password is set. Sign in with it now")
        response = super().form_valid(form)
        end_sessions(form.user)  # signed out everywhere: whoever had the old one is out
        return response
