from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "escalate.onboarding"
    verbose_name = "Setting up a partnership"
