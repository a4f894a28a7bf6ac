"""What every log line and error report says about the request it belongs to: the request
id and the signed-in person's id. Never a name, an email address or a child's details."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.utils.functional import SimpleLazyObject, empty

from escalate.ops import errors

if TYPE_CHECKING:  # settings import this module: keep it light
    from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("request_id", default="")
person_id: ContextVar[int | None] = ContextVar("person_id", default=None)

HEADER = "X-Request-ID"
# An id from the proxy (nginx's $request_id, a load balancer's trace id) is kept when it is
# short and plain; anything else is replaced, so a client cannot write into the logs.
_PLAIN = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
# Keys in the WSGI environ, where the server's access log finds them after the response.
ENVIRON_REQUEST_ID = "escalate.request_id"
ENVIRON_PERSON_ID = "escalate.person_id"


def new_request_id(offered: str | None) -> str:
    return offered if offered and _PLAIN.match(offered) else uuid.uuid4().hex


def _signed_in_id(request: HttpRequest) -> int | None:
    """The person's id if the request has already looked them up; never a lookup of its own."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):  # type: ignore[attr-defined]
        return None
    return user.pk if user.is_authenticated else None


class RequestContextMiddleware:
    """Gives each request an id (answered in X-Request-ID), and puts the id and the person's
    id where the logs, the error reports and the server's access log read them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = new_request_id(request.headers.get(HEADER))
        request.META[ENVIRON_REQUEST_ID] = rid
        id_token = request_id.set(rid)
        errors.tag_request(rid)
        person_token = person_id.set(None)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(id_token)
        pk = _signed_in_id(request)  # after the view: sign-in and sign-out are seen
        person_id.reset(person_token)
        if pk is not None:
            request.META[ENVIRON_PERSON_ID] = pk
        response[HEADER] = rid
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        # Every page but the sign-in page needs the person, so looking them up here costs
        # nothing extra; the view's own log lines then carry the person's id.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            person_id.set(user.pk)
            errors.set_person(user.pk)
