"""Escalations, their append-only event history, who is party to them, and who looked."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q

from escalate.escalations.choices import ChildStatus as ChildStatus
from escalate.escalations.choices import EventKind as EventKind
from escalate.escalations.choices import NeedLevel as NeedLevel
from escalate.escalations.choices import Status as Status
from escalate.escalations.indexes import ESCALATION_INDEXES, PARTICIPANT_INDEXES
from escalate.partnerships.models import Agency, Partnership, Person, PolicyVersion
from escalate.policy.routing import GENERAL, on_route, route_title
from escalate.policy.schema import Policy

NOT_DELETED = (
    "An escalation is never deleted: its history is kept for the Board report. Its personal "
    "details are removed when it is anonymised, by the worker when the partnership's retention "
    "period ends, or by an officer from the Data protection page once it is closed"
)


class Kept(models.QuerySet["Escalation"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError(NOT_DELETED)


class Escalation(models.Model):
    objects = Kept.as_manager()

    reference = models.CharField(max_length=20, unique=True)
    # No index of its own: every list's index (escalation_list...) begins with it. Each
    # index is kept up on every write that moves an escalation (bench/index_upkeep.py).
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="raised")
    raising_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    receiving_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    receiving_professional = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="received"
    )
    receiving_professional_name = models.CharField(max_length=200, blank=True)
    # When the disagreement arose, as the raiser said (London date); None for escalations
    # raised before Escalate asked, which count from when they were raised.
    arose_on = models.DateField(null=True, blank=True)

    child_name = models.CharField(max_length=200)
    # Empty only once the escalation has been anonymised (privacy/anonymise.py).
    child_date_of_birth = models.DateField(null=True, blank=True)
    child_reference = models.CharField(max_length=60, blank=True)
    child_status = models.CharField(max_length=20, choices=ChildStatus.choices)
    need_level = models.CharField(max_length=20, choices=NeedLevel.choices, default="not-known")
    parents_carers = models.CharField(max_length=400, blank=True)

    categories = models.JSONField(default=list)
    disagreement = models.TextField()
    outcome_wanted = models.TextField()
    immediate_risk = models.BooleanField()
    immediate_action = models.TextField(blank=True)

    # The procedure it follows: one of the policy's routes, for good ("general": its ladder).
    route = models.CharField(max_length=60, default=GENERAL)

    # Derived by the policy engine from the events, stored so lists and reminders can query.
    current_stage = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # Read through the open ones' partial index and the lists' (Meta), never on its own.
    next_deadline = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    # Kept by the notification worker: the deadline it last sent overdue alerts for, and
    # the day it last sent reminders, so each pass only looks at what is newly due.
    overdue_alerted_for = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    # Kept by the writer with the derived columns: when the standing resolution was recorded
    # and its event's sequence (None unless resolved), for the outcomes to confirm; and
    # when the next warning before a deadline comes (``warn_before``), which the deadline
    # scan moves on once it has sent it.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_sequence = models.PositiveIntegerField(null=True, blank=True)
    # Whether each side has confirmed the standing resolution's agreed outcome (both False
    # unless resolved): the outcomes to confirm read these, not the events.
    raising_confirmed = models.BooleanField(default=False)
    receiving_confirmed = models.BooleanField(default=False)
    next_warning = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = ESCALATION_INDEXES
        constraints = [
            models.CheckConstraint(
                condition=~Q(raising_agency=F("receiving_agency")),
                name="escalation_between_two_agencies",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="escalation_status_known"
            ),
            models.CheckConstraint(
                condition=Q(child_status__in=ChildStatus.values),
                name="escalation_child_status_known",
            ),
            models.CheckConstraint(condition=~Q(child_name=""), name="escalation_child_named"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def policy(self) -> Policy:
        """The policy as this escalation runs it: its version, on its route."""
        return on_route(self.policy_version.policy, self.route)

    @property
    def waits_for_confirmation(self) -> bool:
        """Resolved, and a side has still to confirm the agreed outcome."""
        confirmed = self.raising_confirmed and self.receiving_confirmed
        return self.status == Status.RESOLVED and not confirmed

    @property
    def route_title(self) -> str:
        """The name of its procedure, as the policy gives it."""
        return route_title(self.policy_version.policy, self.route)

    @property
    def names_route(self) -> bool:
        """Whether its policy has more than one procedure, so pages name the one it follows."""
        return bool(self.policy_version.policy.routes)

    @property
    def procedure_name(self) -> str:
        """The name of its procedure where the policy has several, else empty."""
        return self.route_title if self.names_route else ""

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError(NOT_DELETED)

    @property
    def receiving_professional_display(self) -> str:
        if self.receiving_professional is not None:
            return self.receiving_professional.display_name
        return self.receiving_professional_name or "Not named"


class AppendOnly(models.QuerySet["Event"]):
    """Events are never changed or deleted, one at a time or in bulk."""

    def update(self, **kwargs: object) -> int:
        raise ValueError("Events are never changed: record a new event to correct one")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Events are never deleted: record a new event to correct one")


class Event(models.Model):
    """One thing that happened to an escalation. Rows are only ever added; on PostgreSQL a
    trigger refuses UPDATE and DELETE as well."""

    objects = AppendOnly.as_manager()

    # No index of its own: event_sequence_unique (escalation, sequence) begins with it.
    escalation = models.ForeignKey(
        Escalation, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    stage = models.CharField(max_length=60, blank=True)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["escalation", "sequence"]
        indexes = [
            # Gaps in policy reported on escalations, for the learning queues.
            models.Index(
                fields=["escalation"], name="event_policy_gap", condition=Q(kind="policy-gap")
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "sequence"], name="event_sequence_unique"
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.escalation_id}#{self.sequence} {self.kind}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("Events are never changed: record a new event to correct one")
        kwargs["force_insert"] = True  # never an UPDATE over an existing row
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Events are never deleted: record a new event to correct one")


class Participant(models.Model):
    """Someone who may see an escalation, and why. Derived from the policy and the events."""

    # Neither with an index of its own: participant_once_per_escalation (escalation, person)
    # begins with the one, participant_home and the other lists' indexes with the other.
    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, related_name="participants", db_index=False
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="participations", db_index=False
    )
    reason = models.CharField(max_length=200)
    acts = models.BooleanField(default=False, help_text="Must act at the current stage")
    # Access follows the person: party from this agency, and by this role ("" when party as
    # themselves: the raiser, the other professional, a line manager). Moved elsewhere, or
    # without the role, they no longer see it (participants.party_now).
    agency = models.ForeignKey(
        "partnerships.Agency", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=60, blank=True, default="")
    # Copies of the escalation's columns that order and filter the home list, kept by the
    # writer in the transaction that changes the escalation (services.append_event): so the
    # home list of someone who is not an officer is an index scan of their own rows.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    next_deadline = models.DateTimeField(null=True, blank=True)
    raised_at = models.DateTimeField()
    current_stage = models.CharField(max_length=60, default="")
    # And for the outcomes to confirm: resolved with a side still to confirm, since when.
    to_confirm = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "person"], name="participant_once_per_escalation"
            )
        ]
        indexes = PARTICIPANT_INDEXES

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.raised_at is None:  # made by hand (a test, a shell): the escalation's copies
            from escalate.escalations.participants import list_copies  # it imports this module

            self.raised_at = self.escalation.raised_at
            for name, value in list_copies(self.escalation).items():
                setattr(self, name, value)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.person} on {self.escalation}: {self.reason}"


class RaiseDraft(models.Model):
    """A half-finished raise: the answers so far, kept on the server for the person typing
    them (never in their browser's session) until they raise it, abandon it, or it expires.
    The worker deletes expired drafts."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Raise draft of {self.person_id}, expires {self.expires_at:%Y-%m-%d %H:%M}"


class ReferenceCounter(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_counter_a_year")
        ]
