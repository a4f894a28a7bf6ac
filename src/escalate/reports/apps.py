from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "escalate.reports"
    label = "reports"

    def ready(self) -> None:
        from escalate.escalations import hooks
        from escalate.reports.facts import facts_on_event
        from escalate.reports.learning import queue_gap

        hooks.listen(queue_gap)
        hooks.listen(facts_on_event)
