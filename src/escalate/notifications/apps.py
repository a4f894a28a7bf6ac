from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "escalate.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Every page's header shows the unread count: read it with the signed-in person.
        from escalate.notifications.context import UNREAD, unread_expression
        from escalate.partnerships.backends import add_signed_in_fact

        add_signed_in_fact(UNREAD, unread_expression)
