"""Asks for the second factor before any page, for whoever must use one.

After a password sign-in the person is signed in but not verified: every page but the
two-factor pages, signing out and the static files sends them to set up their app (the
first time) or to enter a code. Someone who need not use one is remembered in the session,
so the question is asked once a sign-in, not on every page. A sign-in through single sign-on
whose identity provider did the second factor (``amr``) is verified already
(``escalate.sso``). Off only when ``TWO_FACTOR_ENFORCED`` is false (the test suite's
default, which the two-factor tests turn on).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from escalate.partnerships.models import Person
from escalate.twofactor.rules import required_for
from escalate.twofactor.services import has_second_factor

NOT_NEEDED = "escalate_two_factor_not_needed"
VERIFIED_ELSEWHERE = "escalate_two_factor_by_provider"
OPEN_PATHS = ("/two-factor/", "/sign-out/", "/static/", "/health/", "/api/", "/sso/")


def verified(request: HttpRequest, person: Person) -> bool:
    if request.session.get(VERIFIED_ELSEWHERE) == person.pk:
        return True
    is_verified = getattr(person, "is_verified", None)
    return bool(is_verified and is_verified())


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TWO_FACTOR_ENFORCED and not request.path.startswith(OPEN_PATHS):
            person = getattr(request, "user", None)
            if person is not None and person.is_authenticated:
                stop = self._ask(request, person)
                if stop is not None:
                    return stop
        return self.get_response(request)

    def _ask(self, request: HttpRequest, person: Person) -> HttpResponse | None:
        if request.session.get(NOT_NEEDED) == person.pk or verified(request, person):
            return None
        if not required_for(person):
            request.session[NOT_NEEDED] = person.pk
            return None
        where = "twofactor-verify" if has_second_factor(person) else "twofactor-setup"
        return HttpResponseRedirect(
            f"{reverse(where)}?{urlencode({'next': request.get_full_path()})}"
        )
