from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "escalate.documents"
    label = "documents"

    def ready(self) -> None:
        from escalate.documents.prepared import record_wanted
        from escalate.escalations import hooks

        hooks.listen(record_wanted)
