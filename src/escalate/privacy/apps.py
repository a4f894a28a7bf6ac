from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "escalate.privacy"
    label = "privacy"
    verbose_name = "Data protection"
