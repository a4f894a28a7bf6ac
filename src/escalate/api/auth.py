"""Bearer tokens only: no session cookie is ever accepted by the API. Every request made
with a token is recorded (ApiUseMiddleware), and counted for the token's rate limit."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja.security import HttpBearer

from escalate.api import tokens
from escalate.api.models import ApiToken
from escalate.api.problems import ApiProblem
from escalate.partnerships.models import Person


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        now = timezone.now()
        found = tokens.check(token, now)
        if found is None:
            return None
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.person
        if tokens.recent_uses(found, now) >= tokens.rate_limit():
            raise ApiProblem(
                429,
                "Too many requests",
                f"This token may make {tokens.rate_limit()} requests a minute. "
                "Wait a minute, then try again",
            )
        return found


def person_of(request: HttpRequest) -> Person:
    return request.api_token.person  # type: ignore[attr-defined, no-any-return]


def needs(request: HttpRequest, scope: str) -> Person:
    """The token's person, if the token has ``scope``; 403 otherwise."""
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    if scope not in token.scopes:
        raise ApiProblem(
            403,
            "The token lacks a scope",
            f"This needs a token with the scope '{scope}'. Make a new token that has it",
        )
    return token.person


class ApiUseMiddleware:
    """After each API request made with a token: one row saying who, when, what, status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token: ApiToken | None = getattr(request, "api_token", None)
        if token is not None:
            tokens.record_use(
                token,
                method=request.method or "",
                path=request.get_full_path(),
                status=response.status_code,
                now=timezone.now(),
            )
        return response
