"""Identity providers in the administration, each administrator seeing their own
partnership's (escalate.partnerships.admin's scoping)."""

from __future__ import annotations

from typing import Any

from django.db.models import ManyToManyField
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest

from escalate.partnerships.admin import ScopedAdmin, site
from escalate.partnerships.models import Agency
from escalate.sso.models import IdentityProvider


class IdentityProviderAdmin(ScopedAdmin):
    list_display = ("name", "partnership", "issuer", "client_id", "enabled")
    fields = (
        "name",
        "partnership",
        "agencies",
        "issuer",
        "client_id",
        "client_secret_variable",
        "client_secret",
        "scopes",
        "mfa_methods",
        "enabled",
    )
    filter_horizontal = ("agencies",)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        person = request.user
        if db_field.name == "agencies" and not person.is_superuser:
            mine = getattr(person, "partnership_id", None) or 0
            kwargs["queryset"] = Agency.objects.filter(partnership_id=mine)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


site.register(IdentityProvider, IdentityProviderAdmin)
