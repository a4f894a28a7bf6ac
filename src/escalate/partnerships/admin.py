"""Django's admin for partnership administrators: agencies, people, roles, managers."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from escalate.partnerships.models import Agency, Partnership, Person, PolicyVersion, RoleHolder


class RoleHolderInline(admin.TabularInline[RoleHolder, Person]):
    model = RoleHolder
    extra = 1


@admin.register(Person)
class PersonAdmin(UserAdmin[Person]):
    list_display = ("username", "first_name", "last_name", "agency", "job_title", "line_manager")
    list_filter = ("agency__partnership", "agency")
    search_fields = ("username", "first_name", "last_name", "email")
    inlines = [RoleHolderInline]
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Agency", {"fields": ("agency", "job_title", "line_manager")}),
    )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "kind", "partnership")
    list_filter = ("partnership", "kind")
    search_fields = ("name",)


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin[Partnership]):
    list_display = ("name", "short_name", "reference_prefix")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin[PolicyVersion]):
    list_display = ("partnership", "version", "effective_date", "uploaded_at")
    readonly_fields = (
        "partnership",
        "version",
        "effective_date",
        "text",
        "uploaded_at",
        "uploaded_by",
    )

    def has_add_permission(self, request: object) -> bool:
        return False  # New versions come through the checked upload page.
