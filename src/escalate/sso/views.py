"""Signing in through a partnership's identity provider: the button, the redirect to the
provider (state, nonce, PKCE), and the callback (mozilla-django-oidc's, with refusals said
in words instead of a bare redirect)."""

from __future__ import annotations

from urllib.parse import urlencode

import requests
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from escalate.audit.models import Outcome
from escalate.audit.services import audit_record
from escalate.partnerships.models import Person
from escalate.sso.backends import CLAIMS, PROVIDER
from escalate.sso.discovery import ProviderUnavailable, endpoints
from escalate.sso.models import IdentityProvider
from escalate.twofactor.middleware import VERIFIED_ELSEWHERE

REFUSAL = "escalate_sso_refusal"
NOT_SIGNED_IN = "You were not signed in."
UNREACHABLE = "cannot be reached just now. Try again later, or sign in with your password."
UNCHECKED = (
    "The sign-in could not be checked (it may have been started in another window or "
    "already used). Start again."
)


def start(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider, pk=pk, enabled=True)
    try:
        found = endpoints(provider.issuer)
    except ProviderUnavailable:
        return _refused(
            request,
            f"{provider.name} {UNREACHABLE}",
            status=503,
        )
    state = get_random_string(32)
    verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "scope": provider.scopes,
        "client_id": provider.client_id,
        "redirect_uri": request.build_absolute_uri(reverse("sso-callback")),
        "state": state,
        "nonce": get_random_string(32),
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
    wanted = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(wanted, {request.get_host()})
    request.session["oidc_login_next"] = wanted if wanted and safe else None
    request.session[PROVIDER] = provider.pk
    return HttpResponseRedirect(f"{found.authorization}?{urlencode(params)}")


def _refused(request: HttpRequest, why: str, status: int = 403) -> HttpResponse:
    return render(request, "sso/refused.html", {"why": why}, status=status)


class Callback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("error"):
            return _refused(request, f"Your identity provider said: {request.GET['error']}.")
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation:
            return _refused(
                request,
                UNCHECKED,
            )
        except (ProviderUnavailable, requests.RequestException):
            return _refused(request, "Your identity provider cannot be reached just now.", 503)
        return response

    def login_failure(self) -> HttpResponse:
        why = self.request.session.pop(REFUSAL, "") or (
            "Your identity provider's answer could not be checked."
        )
        return _refused(self.request, f"{NOT_SIGNED_IN} {why}")

    def login_success(self) -> HttpResponse:
        person: Person = self.user
        provider_id = self.request.session.get(PROVIDER)
        amr = set((self.request.session.get(CLAIMS) or {}).get("amr", []))
        provider = IdentityProvider.objects.get(pk=provider_id)
        auth.login(self.request, person, backend="escalate.sso.backends.SSOBackend")
        if amr & set(provider.mfa_methods.split()):
            self.request.session[VERIFIED_ELSEWHERE] = person.pk
        audit_record(
            person=person,
            what=f"Signed in through {provider.name}" + (" with MFA" if amr else ""),
            outcome=Outcome.DONE,
            method="GET",
            path=self.request.path,
        )
        return HttpResponseRedirect(self.success_url)


callback = Callback.as_view()


def providers_for_sign_in() -> list[IdentityProvider]:
    return list(IdentityProvider.objects.filter(enabled=True).select_related("partnership"))


def choose(request: HttpRequest) -> HttpResponse:
    """The identity providers to sign in with."""
    providers = providers_for_sign_in()
    if not providers:
        raise Http404("No single sign-on is set up")
    return render(
        request, "sso/choose.html", {"providers": providers, "next": request.GET.get("next", "")}
    )
