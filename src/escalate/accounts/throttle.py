"""Throttling sign-in (django-axes): an account is locked after a few wrong passwords in a
row, an address after many, each for a cool-off period; the page says when to try again.

Axes counts one limit; here the address's count is scaled so that it reaches that limit
only after ``AXES_ADDRESS_FAILURE_LIMIT`` failures, so that a council office behind one
address is not locked out by one person's typing.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def client_ip(request: HttpRequest) -> str:
    """The address that sent the request: REMOTE_ADDR, unless that is one of the trusted
    proxies, in which case the nearest address in X-Forwarded-For that is not one."""
    trusted = settings.ESCALATE_TRUSTED_PROXIES
    address = str(request.META.get("REMOTE_ADDR", "") or "")
    if "*" not in trusted and address not in trusted:
        return address
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address  # A forged or broken header: count the proxy, not a made-up name.
        if "*" in trusted or hop not in trusted:
            return hop  # With '*', the address the nearest proxy saw.
    return address


def _count(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class ThrottleHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes's database handler with a separate, higher limit for an address."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        by_account, by_address = (_count(q) for q in self.get_user_attempts(request, credentials))
        scaled = by_address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(by_account, scaled)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A right password clears that account's failures, not the whole address's."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(count)


class ThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Refuses a locked account or address before the password is checked. Every sign-in
    page passes the request; only scripts and the test client authenticate without one."""

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def _until(attempts: QuerySet[AccessAttempt], cool_off: dt.timedelta) -> dt.datetime | None:
    latest = attempts.aggregate(at=Max("attempt_time"))["at"]
    return latest + cool_off if latest else None


def locked_out(
    request: HttpRequest, original: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page shown instead of signing in while an account or address is locked."""
    cool_off = get_cool_off(request) or dt.timedelta(minutes=15)
    since = timezone.now() - cool_off
    username = get_client_username(request, credentials)
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    account = recent.filter(username=username)
    by_account = _count(account) >= settings.AXES_FAILURE_LIMIT
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    until = _until(account if by_account else recent.filter(ip_address=address), cool_off)
    until = until or timezone.now() + cool_off
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    response = render(
        request,
        "accounts/locked.html",
        {
            "by_account": by_account,
            "until": timezone.localtime(until),
            "minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
