from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "escalate.audit"
    label = "audit"
    verbose_name = "Audit log"
