"""Registering an endpoint: an HTTPS address (plain HTTP only to this machine, in
development), the event kinds it wants, and a new shared secret."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from escalate.escalations.models import EventKind
from escalate.partnerships.models import Agency, Partnership
from escalate.webhooks.models import Endpoint


class EndpointRefused(Exception):
    """The endpoint cannot be registered as asked; the message says what to change."""


def register(
    partnership: Partnership, url: str, kinds: list[str], agency: Agency | None = None
) -> Endpoint:
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local and settings.DEBUG):
        raise EndpointRefused(f"'{url}' must be an https:// address")
    if not parts.hostname:
        raise EndpointRefused(f"'{url}' is not an address. Write it like https://host/path")
    unknown = [k for k in kinds if k not in EventKind.values]
    if unknown:
        raise EndpointRefused(
            f"{', '.join(unknown)} is not a kind of event. "
            f"Choose from: {', '.join(EventKind.values)}"
        )
    if agency is not None and agency.partnership_id != partnership.pk:
        raise EndpointRefused("Choose an agency in this partnership")
    return Endpoint.objects.create(
        partnership=partnership,
        agency=agency,
        url=url,
        secret=secrets.token_urlsafe(32),
        kinds=sorted(set(kinds)),
        created_at=timezone.now(),
    )
