from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "escalate.notify"
    verbose_name = "GOV.UK Notify"
