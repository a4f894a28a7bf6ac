"""The outbox: one row per message to one person on one channel, written in the same
transaction as the event that causes it, and sent (at most once) by the worker."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from escalate.escalations.models import Escalation
from escalate.partnerships.models import Partnership, Person


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    APP = "app", "In the app"


class Delivery(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed: needs attention"


class Notification(models.Model):
    # Its own index for neither foreign key: the unique constraint's index begins with the
    # escalation, notification_inbox's with the recipient (notifications 0005).
    escalation = models.ForeignKey(
        Escalation,
        on_delete=models.PROTECT,
        related_name="notifications",
        null=True,
        blank=True,
        db_index=False,
        help_text="What it is about; empty for a notice about the service (mail not going out)",
    )
    # The escalation's partnership (or, for a notice about the service, the recipient's),
    # so that one partnership's failed emails are read from an index of their own in a
    # national database (notification_failed), not picked out of everyone's.
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,
    )
    key = models.CharField(
        max_length=200, help_text="What caused it; one message per key, person and channel"
    )
    recipient = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="notifications", db_index=False
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    due = models.DateTimeField(null=True, blank=True, help_text="When the action is due by")
    status = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notification_to_send",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox"),
            # A person's notifications, newest first.
            models.Index(
                fields=["recipient", "channel", "-created_at", "-id"], name="notification_list"
            ),
            # A partnership's failed emails, for its officers, newest first.
            models.Index(
                fields=["partnership", "-created_at", "-id"],
                name="notification_failed",
                condition=Q(status="failed"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "key", "recipient", "channel"],
                name="notification_once_per_cause",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Delivery.values), name="notification_status_known"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="notification_channel_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient}: {self.subject}"


class MailOutage(models.Model):
    """A time the mail server could not be reached. Emails wait (they are not failed) and go
    when it is back; the officers are told once. At most one is open."""

    started_at = models.DateTimeField()
    is_open = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    probes = models.PositiveIntegerField(default=1, help_text="Failed tries to reach it")
    next_probe_at = models.DateTimeField(help_text="When a worker next tries the server")
    officers_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_open"],
                condition=Q(is_open=True),
                name="mail_outage_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"Mail outage from {self.started_at:%Y-%m-%d %H:%M}"
