from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "escalate.worker"
    label = "worker"
    verbose_name = "Worker"
