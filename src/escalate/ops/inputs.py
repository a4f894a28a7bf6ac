"""Requests no page can answer, said plainly instead of a 500.

A NUL character (``%00``) in the address or a form field is refused before any view sees
it: PostgreSQL cannot store or compare text with NUL in it. An address with one is not
found; a form field with one gets a plain message. A page that needs the partnership's
procedure before one is uploaded says so, and who can upload it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.partnerships.directory import officers
from escalate.partnerships.models import NoProcedureYet


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, NoProcedureYet):
            return None
        partnership = exception.partnership
        administrators = officers(partnership).filter(
            role_holdings__role="partnership-administrator"
        )
        return render(
            request,
            "no_procedure.html",
            {"partnership": partnership, "administrators": administrators},
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("Not found")
        fields = [*request.GET.lists()]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            fields += request.POST.lists()
        if any("\x00" in name or any("\x00" in v for v in values) for name, values in fields):
            return render(request, "400.html", {"problem": NUL_MESSAGE}, status=400)
        return self.get_response(request)


NUL_MESSAGE = (
    "Something you sent has a character Escalate cannot keep (a NUL character, often pasted "
    "from another program by mistake). Go back, retype the text and send it again."
)
