from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "escalate.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships, agencies and people"
