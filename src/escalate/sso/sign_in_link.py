"""The sign-in page's link to single sign-on, shown only where a provider is set up."""

from __future__ import annotations

from django.db import DatabaseError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from escalate.sso.models import IdentityProvider


def sso_link() -> SafeString | str:
    try:
        if not IdentityProvider.objects.filter(enabled=True).exists():
            return ""
    except DatabaseError:  # the sign-in page still shows while the database is away
        return ""
    return format_html(
        '<p class="govuk-body"><a class="govuk-link" href="{}">Sign in with your '
        "organisation's account</a></p>",
        reverse("sso-choose"),
    )
