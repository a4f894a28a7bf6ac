"""The API at /api/v1/: OpenAPI 3.1 schema at /api/v1/openapi.json, interactive docs at
/api/v1/docs. Bearer tokens only; every error is a problem (RFC 9457)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from escalate.api.auth import TokenAuth
from escalate.api.problems import PROBLEM_TYPE, ApiProblem, problem_response


class EscalateApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Errors are documented as application/problem+json, as they are sent."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_TYPE] = content.pop("application/json")
        return schema


api = EscalateApi(
    title="Escalate API",
    version="1",
    description=(
        "Read and act on the escalations a token's person may see, with the same rules as "
        "the pages. Authenticate with 'Authorization: Bearer <token>'."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, error: ApiProblem) -> HttpResponse:
    return problem_response(request, error.status, error.title, error.detail, **error.extra)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: Exception) -> HttpResponse:
    response = problem_response(
        request,
        401,
        "Not signed in",
        "Send a live token as 'Authorization: Bearer <token>'. A token that has expired or "
        "been revoked, or whose person can no longer sign in, does not work",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return problem_response(
        request, 404, "Not found", "There is nothing here that this token's person may see"
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ())[1:]), "message": e.get("msg", "")}
        for e in error.errors
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem_response(request, 422, "The request has mistakes", detail, errors=errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return problem_response(request, error.status_code, "Refused", str(error))


def _routes() -> None:
    from escalate.api.routes import escalations, partnership

    api.add_router("/escalations", escalations.router)
    api.add_router("/", partnership.router)


_routes()
