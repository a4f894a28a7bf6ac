"""Making, checking and revoking API tokens; counting a token's uses for its rate limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from escalate.api.models import ApiToken, ApiUse, Scope
from escalate.partnerships.models import Agency, Person

SECRET_START = "esc_"
MAX_DAYS = 366


class TokenRefused(Exception):
    """A token cannot be made as asked; the message says what to change."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue(
    person: Person,
    *,
    name: str,
    scopes: Iterable[str],
    days: int = 90,
    service: bool = False,
    now: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once, never stored)."""
    now = now or timezone.now()
    wanted = sorted(set(scopes))
    unknown = [s for s in wanted if s not in Scope.values]
    if unknown:
        raise TokenRefused(
            f"{', '.join(unknown)} is not a scope. Choose from: {', '.join(Scope.values)}"
        )
    if not wanted:
        raise TokenRefused(f"Give the token at least one scope: {', '.join(Scope.values)}")
    if not 1 <= days <= MAX_DAYS:
        raise TokenRefused(f"A token lasts from 1 to {MAX_DAYS} days")
    if not name.strip():
        raise TokenRefused("Say what the token is for, like 'school safeguarding log'")
    if not person.is_active or person.agency is None:
        raise TokenRefused(f"{person.username} cannot sign in, so cannot have a token")
    secret = SECRET_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person,
        name=name.strip()[:100],
        prefix=secret[:12],
        digest=_digest(secret),
        scopes=wanted,
        service_account=service,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return token, secret


def service_account(agency: Agency, name: str) -> Person:
    """A person for an agency's system: no password, so it can only use its tokens."""
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:40]
    person, _ = Person.objects.get_or_create(
        username=f"svc.{agency.pk}.{slug}",
        defaults={"first_name": name[:150], "last_name": "(system)", "agency": agency},
    )
    if person.has_usable_password():
        person.set_unusable_password()
        person.save(update_fields=["password"])
    return person


def check(secret: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token with this secret, or None (unknown, expired, revoked, or its person
    can no longer sign in)."""
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("person__agency__partnership")
        .filter(digest=_digest(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.person.is_active or token.person.agency is None:
        return None
    return token


def revoke(token: ApiToken, now: dt.datetime | None = None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def recent_uses(token: ApiToken, now: dt.datetime) -> int:
    return ApiUse.objects.filter(token=token, at__gt=now - dt.timedelta(minutes=1)).count()


def rate_limit() -> int:
    return int(getattr(settings, "API_REQUESTS_PER_MINUTE", 120))


def record_use(token: ApiToken, *, method: str, path: str, status: int, now: dt.datetime) -> None:
    ApiUse.objects.create(token=token, at=now, method=method, path=path[:400], status=status)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
