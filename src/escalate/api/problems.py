"""Errors as RFC 9457 problem details: every refusal says what happened and what to do."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Schema

PROBLEM_TYPE = "application/problem+json"


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, Any]] | None = None
    changes: list[dict[str, Any]] | None = None


class ApiProblem(Exception):
    """Raised anywhere in an endpoint to answer with a problem."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def problem_response(
    request: HttpRequest, status: int, title: str, detail: str, **extra: Any
) -> HttpResponse:
    from escalate.api.site import api  # the one API instance renders every answer

    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **{k: v for k, v in extra.items() if v is not None},
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_TYPE
    return response


def problems(*statuses: int) -> dict[int, type[Problem]]:
    """The problem answers an operation documents, beside its own."""
    return dict.fromkeys((401, 429, *statuses), Problem)
