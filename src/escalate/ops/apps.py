import logging

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "escalate.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from escalate.ops import checks  # noqa: F401 (registers the deployment checks)

        # Python's warnings go through the logs too (as JSON in production), not bare to stderr.
        logging.captureWarnings(True)
