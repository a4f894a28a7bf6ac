"""Escalate's addresses plus ``/bench/bare/``: the same middleware as every page, the
session and the signed-in person loaded (as every page does), and a line of text as the
answer. The floor each page's time is measured against."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from escalate.urls import urlpatterns as escalate_urls


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"Signed in as {request.user.get_username()}", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *escalate_urls]
