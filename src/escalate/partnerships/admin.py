"""The administration pages: a partnership administrator manages their own partnership's
agencies, people, roles and who manages whom, and nothing of any other partnership."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import BaseInlineFormSet, ModelChoiceField
from django.http import HttpRequest, HttpResponse

from escalate.accounts.sessions import end_sessions
from escalate.partnerships.models import Agency, Partnership, Person, PolicyVersion, RoleHolder
from escalate.partnerships.roles import role_choices

ADMINISTRATOR = "partnership-administrator"


def _person(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _administers(request: HttpRequest) -> bool:
    person = _person(request)
    return bool(
        person.is_active
        and (person.is_superuser or (person.agency and ADMINISTRATOR in person.role_keys()))
    )


class EscalateAdminSite(admin.AdminSite):
    site_header = "Escalate administration"
    site_title = "Escalate administration"
    index_title = "Your partnership's agencies, people and roles"

    def has_permission(self, request: HttpRequest) -> bool:
        return _administers(request)


site = EscalateAdminSite(name="admin")


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shows and changes only rows of the administrator's own partnership."""

    partnership_path = "partnership"

    def _scope(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        person = _person(request)
        if person.is_superuser:
            return queryset
        return queryset.filter(**{self.partnership_path: person.partnership_id})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self._scope(request, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administers(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _administers(request)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _administers(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _administers(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(_person(request).is_superuser)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        person = _person(request)
        if not person.is_superuser:
            mine = person.partnership_id or 0
            if db_field.name == "agency":
                kwargs["queryset"] = Agency.objects.filter(partnership_id=mine)
            elif db_field.name in ("line_manager", "person"):
                kwargs["queryset"] = Person.objects.filter(agency__partnership_id=mine)
            elif db_field.name == "partnership":
                kwargs["queryset"] = Partnership.objects.filter(pk=mine)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoleHolderInline(admin.TabularInline[RoleHolder, Person]):
    model = RoleHolder
    extra = 1

    def get_formset(
        self, request: HttpRequest, obj: Person | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet[RoleHolder, Person, Any]]:
        """The role is chosen from those the person's partnership can give, never typed."""
        formset = super().get_formset(request, obj, **kwargs)
        agency = (obj.agency if obj is not None else None) or _person(request).agency
        roles = role_choices(agency.partnership) if agency else []
        formset.form.base_fields["role"] = forms.ChoiceField(
            choices=[("", "Choose a role"), *roles]
        )
        return formset

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _administers(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Person, site=site)
class PersonAdmin(ScopedAdmin, UserAdmin):  # type: ignore[type-arg]
    partnership_path = "agency__partnership"
    list_display = ("username", "first_name", "last_name", "agency", "job_title", "line_manager")
    list_filter = ("agency",)
    search_fields = ("username", "first_name", "last_name", "email")
    inlines = [RoleHolderInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email", "is_active")}),
        ("Agency", {"fields": ("agency", "job_title", "line_manager")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        ("Agency", {"fields": ("agency", "job_title", "line_manager")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """Superusers are out of reach of partnership administrators: their pages, their
        password and their roles (else an administrator could reset one's password and sign
        in as them)."""
        people = super().get_queryset(request)
        return people if _person(request).is_superuser else people.exclude(is_superuser=True)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Setting someone's password signs them out everywhere (the administrator, if it is
        their own, stays signed in here)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            person = self.get_object(request, id)
            if person is not None:
                end_sessions(person, keep=request.session.session_key)
        return response

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is not None and getattr(obj, "is_superuser", False):
            return bool(_person(request).is_superuser)
        return super().has_change_permission(request, obj)


@admin.register(Agency, site=site)
class AgencyAdmin(ScopedAdmin):
    list_display = ("name", "kind", "partnership")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Partnership, site=site)
class PartnershipAdmin(ScopedAdmin):
    partnership_path = "pk"
    list_display = ("name", "short_name", "reference_prefix")

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(_person(request).is_superuser)


@admin.register(PolicyVersion, site=site)
class PolicyVersionAdmin(ScopedAdmin):
    list_display = ("partnership", "version", "effective_date", "uploaded_at")
    readonly_fields = ("partnership", "version", "effective_date", "text", "uploaded_at")

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # New versions come through the checked upload page.

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
