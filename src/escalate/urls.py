"""The site's addresses."""

from django.contrib import admin
from django.urls import include, path

from escalate.partnerships.views import policy_upload_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("partnership/policy/", policy_upload_view, name="policy-upload"),
    path("", include("escalate.escalations.urls")),
]
