from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "escalate.accounts"
    label = "accounts"
    verbose_name = "Signing in"

    def ready(self) -> None:
        from escalate.accounts import sessions

        sessions.connect()
