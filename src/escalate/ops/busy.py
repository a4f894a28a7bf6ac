"""When the database is too busy to save (SQLite's write lock held for longer than its
timeout): nothing was saved, so the person gets a plain "try again" page that sends what
they typed again with one click, never a 500 that loses it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render

log = logging.getLogger(__name__)


def is_busy(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "locked" in str(error).lower()


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        log.warning("The database was too busy to answer %s %s", request.method, request.path)
        # Free text is shown to be read and copied; choices and versions go back as they were.
        fields = [
            (name, value, " " in value.strip() or len(value) > 30)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken" and "password" not in name  # never echoed
            for value in values
        ]
        get_token(request)  # the form below needs a fresh token
        response = render(
            request,
            "busy.html",
            {
                "fields": fields,
                "action": request.get_full_path(),
                "posted": request.method == "POST",
            },
            status=503,
        )
        response["Retry-After"] = "5"
        return response
