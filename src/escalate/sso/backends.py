"""mozilla-django-oidc's backend, configured per identity provider instead of by settings.

The library exchanges the code, checks the id token's signature with the provider's keys
(JWKS) and its nonce; this adds its issuer, audience and expiry, and matches a person (the
subject linked before, or else a verified email in the provider's agencies) without ever
creating one.
"""

from __future__ import annotations

from typing import Any

import jwt
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from escalate.partnerships.backends import signed_in_person
from escalate.partnerships.models import Person
from escalate.sso.discovery import endpoints
from escalate.sso.models import ExternalIdentity, IdentityProvider

PROVIDER = "escalate_sso_provider"  # the session key naming the provider of a sign-in
CLAIMS = "escalate_sso_claims"


class Refused(Exception):
    """Why a sign-in through the provider was refused, in words for the person."""


class SSOBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:  # no settings: set per provider
        ModelBackend.__init__(self, *args, **kwargs)
        self.UserModel = Person
        self.provider: IdentityProvider | None = None

    def _configure(self, provider: IdentityProvider) -> None:
        found = endpoints(provider.issuer)
        self.provider = provider
        self.issuer = found.issuer
        self.OIDC_OP_TOKEN_ENDPOINT = found.token
        self.OIDC_OP_USER_ENDPOINT = found.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = found.jwks
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.secret()
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Person | None:
        if request is None or "nonce" not in kwargs:
            return None  # a password sign-in: not for this backend
        provider_id = request.session.get(PROVIDER)
        if not isinstance(provider_id, int):
            return None
        provider = IdentityProvider.objects.filter(pk=provider_id, enabled=True).first()
        if provider is None:
            return None
        self._configure(provider)
        person: Person | None = super().authenticate(request, **kwargs)
        return person

    def get_user(self, user_id: Any) -> Person | None:
        """The signed-in person as the password backend loads them: in one query."""
        person = signed_in_person(user_id)
        if person is None or not self.user_can_authenticate(person):
            return None
        return person

    def get_payload_data(self, token: bytes, key: Any) -> dict[str, Any]:
        """The library's signature check, then issuer, audience and expiry."""
        try:
            super().get_payload_data(token, key)  # signature, algorithm
            payload: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
                leeway=60,
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"id token refused: {error}") from None
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The id token's claims (the userinfo endpoint's, where it has one, added)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            extra = super().get_userinfo(access_token, id_token, payload)
            if extra.get("sub") == payload.get("sub"):
                claims.update({k: v for k, v in extra.items() if k not in ("amr", "acr")})
        self.request.session[CLAIMS] = {"amr": list(payload.get("amr") or [])}
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        assert self.provider is not None
        linked = ExternalIdentity.objects.filter(provider=self.provider, subject=claims["sub"])
        link = linked.select_related("person__agency").first()
        if link is not None:
            people = [link.person] if link.person.is_active else []
        elif claims.get("email") and claims.get("email_verified") is True:
            found = Person.objects.filter(
                email__iexact=claims["email"], is_active=True
            ).select_related("agency")
            people = [p for p in found if self.provider.covers(p)]
            if len(people) == 1:
                ExternalIdentity.objects.create(
                    provider=self.provider, subject=claims["sub"], person=people[0]
                )
        else:
            people = []
        self.request.session["escalate_sso_refusal"] = (
            "" if len(people) == 1 else self._why(claims, people)
        )
        return people

    def _why(self, claims: dict[str, Any], people: list[Person]) -> str:
        if len(people) > 1:
            return "More than one person in Escalate has that email address."
        if claims.get("email") and claims.get("email_verified") is not True:
            return "Your identity provider has not verified your email address."
        return "Nobody in Escalate is set up with that account."

    def create_user(self, claims: dict[str, Any]) -> None:
        raise SuspiciousOperation("Escalate never creates accounts from a sign-in")
