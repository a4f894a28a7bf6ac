from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "escalate.reports"
    label = "reports"
