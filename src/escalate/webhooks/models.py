"""Endpoints that agencies and partnerships register, and each delivery to one of them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from escalate.partnerships.models import Agency, Partnership


class Endpoint(models.Model):
    """An HTTPS address told of events of the kinds it asks for: on the partnership's
    escalations, or (with an agency) only on those the agency raised or received."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(max_length=400)
    secret = models.CharField(max_length=100, help_text="Shared with the receiver, for HMAC")
    kinds = models.JSONField(default=list, help_text="Event kinds; empty means every kind")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.url


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Delivered"
    FAILED = "failed", "Failed: needs attention"


class Delivery(models.Model):
    """One event for one endpoint. Carries the escalation's reference and the event's kind
    only: the receiver reads the details through the API, with its own token."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    reference = models.CharField(max_length=20)
    event_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20)
    at = models.DateTimeField(help_text="When the event happened")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=400, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_to_send",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_once_per_event")
        ]
