from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "escalate.api"
    verbose_name = "The API"
