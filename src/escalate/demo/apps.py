from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo partnerships, people and scenarios: on top of every app, used by none."""

    name = "escalate.demo"
    label = "demo"
    verbose_name = "Demo data"
