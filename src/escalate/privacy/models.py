"""Data protection: how long each partnership keeps an escalation's personal details, legal
holds that stop the clock, and the record of every anonymisation.

An escalation's personal details (the child's name, date of birth and reference, the parents
or carers, and every text anyone typed) are kept until its retention date: its close plus the
longest period that applies to either agency's kind, or the partnership's default. Then the
worker anonymises it (``anonymise.escalation_anonymise``), unless a legal hold is in force.
The facts the Board report counts (dates, stages, agencies, categories, outcomes) stay.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from escalate.escalations.models import Escalation
from escalate.partnerships.models import AgencyKind, Partnership, Person

DEFAULT_RETENTION_YEARS = 6


class PrivacySettings(models.Model):
    """A partnership's retention settings. A partnership without a row has the defaults
    (``settings_for``). The threshold under which published counts are suppressed is the
    report's (``reports.models.PublishingRules``), set on the same page."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    retention_years = models.PositiveSmallIntegerField(
        default=DEFAULT_RETENTION_YEARS,
        help_text="Years an escalation's personal details are kept after it closes",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "privacy settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_years__gte=1) & Q(retention_years__lte=100),
                name="retention_years_sensible",
            ),
        ]

    def __str__(self) -> str:
        return f"Privacy settings of {self.partnership_id}"


class RetentionOverride(models.Model):
    """A longer (or shorter) period for escalations involving an agency of one kind: schools
    keep child protection records longer, for instance."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agency_kind = models.CharField(max_length=40, choices=AgencyKind.choices)
    years = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["agency_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agency_kind"], name="retention_override_once_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(years__gte=1) & Q(years__lte=100), name="retention_override_sensible"
            ),
            models.CheckConstraint(
                condition=Q(agency_kind__in=AgencyKind.values),
                name="retention_override_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_kind}: {self.years} years"


class LegalHold(models.Model):
    """While a hold is in force (not released), the escalation is never anonymised."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    released_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation"],
                condition=Q(released_at__isnull=True),
                name="one_legal_hold_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.escalation_id}"


class RetentionDue(models.Model):
    """When a closed escalation's personal details are due to be anonymised, and why. Worked
    out by the worker from the report's facts and the partnership's settings, stored so the
    officers' list is one indexed, paginated query."""

    escalation = models.OneToOneField(
        Escalation, on_delete=models.CASCADE, related_name="retention_due"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    closed_at = models.DateTimeField()
    years = models.PositiveSmallIntegerField()
    because = models.CharField(max_length=300)
    retain_until = models.DateTimeField()
    version = models.PositiveIntegerField(help_text="The escalation's version it was worked out at")

    class Meta:
        indexes = [models.Index(fields=["partnership", "retain_until", "id"], name="retention_due")]

    def __str__(self) -> str:
        return f"{self.escalation_id} kept until {self.retain_until:%Y-%m-%d}"


class Erased(models.QuerySet["Anonymisation"]):
    def update(self, **kwargs: object) -> int:
        raise ValueError("The record of an anonymisation is never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("The record of an anonymisation is never deleted")


class Anonymisation(models.Model):
    """The record of one escalation's anonymisation: when, by whom (nobody: the worker), why,
    and how many rows of each kind it changed. Never changed or deleted; every change ever
    made to an event points at one of these (``EventUnlock``)."""

    objects = Erased.as_manager()

    escalation = models.OneToOneField(
        Escalation, on_delete=models.PROTECT, related_name="anonymisation"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=400)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["partnership", "at"], name="anonymisation_at")]

    def __str__(self) -> str:
        return f"Anonymisation of {self.escalation_id} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("The record of an anonymisation is never changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("The record of an anonymisation is never deleted")


class EventUnlock(models.Model):
    """The one door through the events' append-only guard. The database's trigger lets an
    UPDATE of an event through only while a row here names the event's escalation (on
    PostgreSQL: in the same transaction, by ``txid_current()``), only if the update erases
    the event's text (to ``anonymise.ERASED``) and its data, and changes nothing else.
    ``anonymise.escalation_anonymise`` writes the row, changes the events and deletes the
    row in one transaction; nothing else writes here. DELETE of an event is always refused."""

    anonymisation = models.ForeignKey(Anonymisation, on_delete=models.PROTECT, related_name="+")
    escalation_id_unlocked = models.BigIntegerField()
    txid = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Unlock of {self.escalation_id_unlocked}"


class SubjectAccessExport(models.Model):
    """Every subject access export: who made it, when, in which format, and which
    escalations it held. The child's name and date of birth are not kept here, only a
    SHA-256 of them as searched (``access.search_key``), so the log itself holds no
    personal details yet shows which request an export answered."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    search_key = models.CharField(max_length=64)
    references = models.JSONField(default=list)
    format = models.CharField(max_length=10)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["partnership", "at"], name="subject_access_at")]

    def __str__(self) -> str:
        return f"Subject access export by {self.by_id} at {self.at:%Y-%m-%d %H:%M}"
