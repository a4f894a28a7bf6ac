"""A person's own API tokens: make one (its secret shown once), see them, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from escalate.api import tokens
from escalate.api.models import ApiToken, Scope
from escalate.paging import paginate
from escalate.partnerships.models import Person


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="For example, 'our team's dashboard'.",
        error_messages={"required": "Enter what the token is for"},
    )
    scopes = forms.MultipleChoiceField(
        label="What may it do?",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the token may do"},
    )
    days = forms.TypedChoiceField(
        label="How long should it last?",
        choices=[("30", "30 days"), ("90", "90 days"), ("366", "A year")],
        coerce=int,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long it should last"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and "revoke" in request.POST:
        chosen = request.POST["revoke"]
        token = ApiToken.objects.filter(person=person, pk=int(chosen) if chosen.isdigit() else 0)
        found = token.first()
        if found is None:
            raise Http404("Not found")
        tokens.revoke(found)
        messages.success(request, f"'{found.name}' no longer works")
        return redirect("api-tokens")
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = tokens.issue(
                person,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
        except tokens.TokenRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            form = TokenForm()
    live = ApiToken.objects.filter(
        person=person, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-pk")
    page = paginate(request, live)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": page.rows, "page": page},
    )
