from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "escalate.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor authentication"
