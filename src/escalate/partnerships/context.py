"""The partnership's name for the header of every page."""

from __future__ import annotations

from django.http import HttpRequest


def partnership(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    agency = getattr(user, "agency", None) if user is not None and user.is_authenticated else None
    return {"current_partnership": agency.partnership if agency is not None else None}
