from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "escalate.documents"
    label = "documents"
