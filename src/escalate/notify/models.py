"""How each person wants to be told (email or text message), and what GOV.UK Notify said
about each message it was given."""

from __future__ import annotations

from django.db import models

from escalate.notifications.models import Notification
from escalate.partnerships.models import Person


class Channel(models.TextChoices):
    EMAIL = "email", "By email"
    SMS = "sms", "By text message"


class ContactChoice(models.Model):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="contact_choice")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    mobile = models.CharField(max_length=20, blank=True)


class NotifyReceipt(models.Model):
    """One message handed to GOV.UK Notify: its id there, and its delivery status as
    Notify's callbacks report it."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="notify_receipts"
    )
    notify_id = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=40, default="created")
    updated_at = models.DateTimeField()
