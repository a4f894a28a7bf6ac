"""The partnership's name for the header of every page."""

from __future__ import annotations

from django.http import HttpRequest

from escalate.partnerships.directory import is_officer


def partnership(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    agency = getattr(user, "agency", None) if user is not None and user.is_authenticated else None
    officer = agency is not None and is_officer(user, agency.partnership_id)  # type: ignore[arg-type]
    return {
        "current_partnership": agency.partnership if agency is not None else None,
        "is_partnership_officer": officer,
        "is_partnership_administrator": agency is not None
        and "partnership-administrator" in user.role_keys(),  # type: ignore[union-attr]
    }
