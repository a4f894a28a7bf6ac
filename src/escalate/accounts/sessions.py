"""Sessions that end: after ``SESSION_IDLE_SECONDS`` without a request (30 minutes by
default), after ``SESSION_COOKIE_AGE`` however busy (8 hours), and everywhere at once when
a person's password is set or reset.

The time of the last request is written to the session at most once a minute, so reading
pages does not write on every request.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from escalate.accounts.models import SignedIn

SEEN = "escalate_seen"
STARTED = "escalate_signed_in_at"
SEEN_EVERY_SECONDS = 60


def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = time.time()
    request.session[STARTED] = request.session[SEEN] = now
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key
    stale = timezone.now() - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    SignedIn.objects.filter(person=user, at__lt=stale).delete()
    SignedIn.objects.update_or_create(session_key=key, defaults={"person": user})


def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and request.session.session_key:
        SignedIn.objects.filter(session_key=request.session.session_key).delete()


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="escalate.accounts.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="escalate.accounts.signed_out")


def end_sessions(person: Any, keep: str | None = None) -> int:
    """Sign ``person`` out everywhere (but the session ``keep``); how many were ended."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = SignedIn.objects.filter(person=person).exclude(session_key=keep or "")
    keys = list(ended.values_list("session_key", flat=True))
    for key in keys:
        engine.SessionStore(session_key=key).delete()
    ended.delete()
    return len(keys)


class SessionLimitsMiddleware:
    """Signs out a session that has been idle too long or has lasted too long."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        seen = session.get(SEEN)
        if seen is not None:
            now = time.time()
            idle = now - float(seen) > settings.SESSION_IDLE_SECONDS
            if idle or now - float(session.get(STARTED, seen)) > settings.SESSION_COOKIE_AGE:
                return self._signed_out(request, idle)
            if now - float(seen) > SEEN_EVERY_SECONDS:
                session[SEEN] = now
        return self.get_response(request)

    def _signed_out(self, request: HttpRequest, idle: bool) -> HttpResponse:
        logout(request)
        minutes = settings.SESSION_IDLE_SECONDS // 60
        hours = settings.SESSION_COOKIE_AGE // 3600
        messages.info(
            request,
            f"You were signed out because you had not used Escalate for {minutes} minutes. "
            "Sign in again to carry on"
            if idle
            else f"You were signed out because you signed in more than {hours} hours ago. "
            "Sign in again to carry on",
        )
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(reverse("login") + (f"?{query}" if query else ""))
