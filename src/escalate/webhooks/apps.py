from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "escalate.webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from escalate.escalations import hooks
        from escalate.webhooks.outbox import enqueue_for_event

        hooks.listen(enqueue_for_event)
