"""One row per look (or refused look) at a child's details or the partnership's data."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from escalate.escalations.models import Escalation
from escalate.partnerships.models import Partnership, Person


class Outcome(models.TextChoices):
    SHOWN = "shown", "Shown"
    REFUSED = "refused", "Refused (not found)"
    DONE = "done", "Done"  # an administrator's act on someone's sign-in, such as a 2FA reset


class AuditEntry(models.Model):
    """Who looked at what, when. Never changed or deleted (the database refuses it too)."""

    at = models.DateTimeField(default=timezone.now)
    # Neither the person nor the partnership has an index of its own: audit_by_person and
    # audit_by_partnership begin with them, and every page writes a row (audit 0003).
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Whose data it is: the escalation's partnership, else the person's. Its officers see it.
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    escalation = models.ForeignKey(
        Escalation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The reference asked for, kept even when no escalation has it (a refused guess).
    reference = models.CharField(max_length=40, blank=True)
    what = models.CharField(max_length=120)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["partnership", "-at", "-id"], name="audit_by_partnership"),
            models.Index(fields=["reference", "-at"], name="audit_by_reference"),
            models.Index(fields=["person", "-at"], name="audit_by_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="audit_outcome_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.person_id} {self.outcome} {self.what}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("The audit log is never changed: it records what happened")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("The audit log is never changed: it records what happened")
