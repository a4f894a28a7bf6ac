"""The site's addresses."""

from django.urls import include, path

from escalate.notifications import views as notifications
from escalate.partnerships.admin import site as admin_site

urlpatterns = [
    path("admin/", admin_site.urls),
    path("notifications/", notifications.inbox, name="notifications"),
    path("notifications/read/", notifications.mark_read, name="notifications-read"),
    path("partnership/failed-emails/", notifications.failed, name="failed-emails"),
    path("", include("escalate.api.urls")),
    path("", include("escalate.webhooks.urls")),
    path("", include("escalate.notify.urls")),
    path("", include("escalate.accessibility.urls")),
    path("", include("escalate.administration.urls")),
    path("", include("escalate.onboarding.urls")),
    path("", include("escalate.audit.urls")),
    path("", include("escalate.twofactor.urls")),
    path("", include("escalate.sso.urls")),
    path("", include("escalate.documents.urls")),
    path("", include("escalate.reports.urls")),
    path("", include("escalate.privacy.urls")),
    path("", include("escalate.escalations.urls")),
]
