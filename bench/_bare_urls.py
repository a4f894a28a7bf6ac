"""Escalate's addresses plus the floors each page's time is measured against:

- ``/bench/bare/``: the same middleware as every page, the session and the signed-in person
  loaded (as every page does), and a line of text as the answer;
- ``/bench/layout/``: that, in the GOV.UK layout every page is drawn in (header, navigation,
  the person's name and unread count, footer), with a line of text as its content;
- ``/bench/layout-logged/``: that, and the one audit entry every page that shows personal
  data writes (escalate.audit).

The last two are not targets: they show how much of the 2x budget the layout and the log
take before a page does any work of its own."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from escalate.audit.services import audit_record
from escalate.urls import urlpatterns as escalate_urls

_LAYOUT = (
    '{% extends "base.html" %}{% block title %}Bench{% endblock %}{% block content %}'
    '<p class="govuk-body">Signed in as {{ user.display_name }}</p>{% endblock %}'
)


@functools.cache
def _layout() -> Any:
    """Compiled once, as Django's cached loader keeps every page's template."""
    return engines["jinja2"].from_string(_LAYOUT)


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"Signed in as {request.user.get_username()}", content_type="text/plain")


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_layout().render({}, request))


@login_required
def layout_logged(request: HttpRequest) -> HttpResponse:
    audit_record(
        person=request.user,  # type: ignore[arg-type]
        what="The bench's layout page",
        method=request.method or "",
        path=request.path,
    )
    return layout(request)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/layout/", layout),
    path("bench/layout-logged/", layout_logged),
    *escalate_urls,
]
