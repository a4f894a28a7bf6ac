"""The officers' data protection pages."""

from django.urls import path

from escalate.privacy import access_views, views

urlpatterns = [
    path("partnership/data-protection/", views.retention_page, name="privacy"),
    path("partnership/data-protection/settings/", views.settings_change, name="privacy-settings"),
    path("partnership/data-protection/holds/", views.hold_place, name="privacy-hold"),
    path(
        "partnership/data-protection/holds/<int:pk>/release/",
        views.hold_release,
        name="privacy-hold-release",
    ),
    path("partnership/data-protection/anonymise/", views.anonymise_now, name="privacy-anonymise"),
    path(
        "partnership/data-protection/subject-access/",
        access_views.subject_access,
        name="privacy-subject-access",
    ),
]
