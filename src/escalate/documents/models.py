"""Documents issued on an escalation (stored as issued, never made again), and what the
reminder worker keeps about agreed outcomes still to be confirmed."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from escalate.escalations.models import Escalation, Event
from escalate.partnerships.models import Person


class DocumentKind(models.TextChoices):
    ESCALATION_NOTICE = "escalation-notice", "Escalation Notice"
    RESOLUTION_FORM = "resolution-form", "Escalation Resolution form"
    CASE_RECORD = "case-record", "Record for the child's file"
    OUTCOME_LETTER = "outcome-letter", "Letter confirming the agreed outcome"


class Issued(models.QuerySet["IssuedDocument"]):
    """An issued document is never changed or deleted, one at a time or in bulk."""

    def update(self, **kwargs: object) -> int:
        raise ValueError("An issued document is never changed: issue a new one")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("An issued document is never deleted")


class IssuedDocument(models.Model):
    """One document as it was issued: the PDF's bytes, their SHA-256, and the event that
    records the issue. Downloading it again serves these bytes; it is never made again."""

    objects = Issued.as_manager()

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=60, blank=True, help_text="The stage it was issued at")
    covers_sequence = models.PositiveIntegerField(help_text="The last event it records")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    fields = models.JSONField(default=dict, help_text="What the document says, for the app")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The document this one replaces (a corrected or completed notice)",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["escalation", "kind", "created_at"], name="document_by_kind")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("An issued document is never changed: issue a new one")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("An issued document is never deleted")


class OutcomeReminder(models.Model):
    """A resolved escalation whose agreed outcome may still wait for a side's confirmation.
    Derived from the events (the confirmations themselves are events); stored so the worker
    finds what is due with one indexed query."""

    escalation = models.OneToOneField(Escalation, on_delete=models.CASCADE, related_name="+")
    resolved_at = models.DateTimeField()
    sent = models.PositiveSmallIntegerField(default=0, help_text="Reminders sent so far")
    next_at = models.DateTimeField(null=True, blank=True, help_text="None: nothing more to send")

    class Meta:
        indexes = [
            models.Index(
                fields=["next_at"], name="outcome_reminder_due", condition=Q(next_at__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"Outcome reminders for {self.escalation_id}"


class ScanMark(models.Model):
    """How far a worker's look through new events has got (by event id)."""

    name = models.CharField(max_length=60, unique=True)
    last_event_id = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_id}"


class PreparedRecord(models.Model):
    """The record for the child's file made ahead by the worker after each change
    (``documents.prepared``), so the person who asks for it is given it at once. Not an
    issued document: it becomes one, bytes unchanged, only when someone asks for it and it
    still says what a record made then would say."""

    escalation = models.OneToOneField(
        Escalation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # Set by the writer when the escalation changes; cleared once the worker has made it.
    wanted_since = models.DateTimeField(null=True, blank=True)
    covers_sequence = models.PositiveIntegerField(null=True, blank=True)
    content = models.BinaryField(default=b"")
    fields = models.JSONField(default=dict)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["wanted_since"],
                name="prepared_record_wanted",
                condition=Q(wanted_since__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"Prepared record of {self.escalation_id} at {self.covers_sequence}"
