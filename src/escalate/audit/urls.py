from django.urls import path

from escalate.audit import views

urlpatterns = [
    path("partnership/audit/", views.audit_log, name="audit-log"),
    path("partnership/audit.csv", views.audit_log_csv, name="audit-log-csv"),
    path("escalations/<str:reference>/views/", views.escalation_views, name="escalation-views"),
]
