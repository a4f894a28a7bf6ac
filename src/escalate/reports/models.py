"""The partnership's part: meetings and panels, learning, and the facts the reports count.

Meetings, representations, learning items and debriefs are each recorded as an event on the
escalation (``escalation_add_record``); these rows are the same facts kept in a shape that
pages and reports can query. ``EscalationFacts`` and its rows are a cache of what the policy
engine says about each escalation, keyed by the escalation's version, so that the report to
the Board counts rows instead of replaying every escalation's events.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from escalate.escalations.models import Escalation, Event
from escalate.partnerships.models import Agency, Partnership, Person, PolicyVersion


class MeetingStatus(models.TextChoices):
    CONVENED = "convened", "Convened"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    """A meeting or panel the policy names at a stage, convened for one escalation."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="meetings")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=60)
    kind = models.CharField(max_length=30)
    name = models.CharField(max_length=300)
    convened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    convened_at = models.DateTimeField()
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300)
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exception_reason = models.TextField(
        blank=True, help_text="Why the agencies in dispute are not all members"
    )
    warnings = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.CONVENED
    )
    held_at = models.DateTimeField(null=True, blank=True)
    discussion = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_binding = models.BooleanField(default=False)
    convened_event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["partnership", "held_at"], name="meeting_held")]
        constraints = [
            # One meeting at a time per stage: a cancelled one can be convened again.
            models.UniqueConstraint(
                fields=["escalation", "stage"],
                condition=~Q(status="cancelled"),
                name="meeting_once_per_stage",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.escalation}"


class MeetingMember(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=60)
    is_chair = models.BooleanField(default=False)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-is_chair", "agency__name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="member_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.agency}) on {self.meeting}"


class Representation(models.Model):
    """One party's written representation to a meeting or panel."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="representations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    text = models.TextField()
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"Representation from {self.agency} to {self.meeting}"


class LearningKind(models.TextChoices):
    LESSON = "lesson", "Lesson learnt"
    TRAINING = "training-need", "Training need"
    GAP = "policy-gap", "Gap in policy or procedure"


class LearningStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"


class LearningItem(models.Model):
    """A lesson, training need or gap in policy, in the queue that must answer it."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=LearningKind.choices)
    text = models.TextField()
    queue_key = models.CharField(max_length=30)
    queue = models.CharField(max_length=200, help_text="Who must answer it, as the policy names")
    raised_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField()
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=LearningStatus.choices, default=LearningStatus.OPEN
    )
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at"]
        indexes = [
            models.Index(fields=["partnership", "raised_at"], name="learning_raised"),
            # The officers' queues, in their order (selectors.queue_items).
            models.Index(
                fields=["partnership", "-status", "queue_key", "raised_at", "id"],
                name="learning_queue_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LearningKind.values), name="learning_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=LearningStatus.values), name="learning_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.escalation}"


class Debrief(models.Model):
    """A debrief after a difficult dispute, to keep working relationships good."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="+")
    scheduled_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField()
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300)
    attendees = models.TextField()
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"Debrief on {self.escalation}"


# -- publishing the report ----------------------------------------------------------------

DEFAULT_SUPPRESS_BELOW = 5


class PublishingRules(models.Model):
    """How the partnership publishes its report: counts under ``suppress_below`` are shown
    as "<N" (set on the Data protection page; no row means the default)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    suppress_below = models.PositiveSmallIntegerField(default=DEFAULT_SUPPRESS_BELOW)

    class Meta:
        verbose_name_plural = "publishing rules"
        constraints = [
            models.CheckConstraint(
                condition=Q(suppress_below__lte=100), name="suppress_below_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"Publishing rules of {self.partnership_id}"


class TextSource(models.TextChoices):
    DECISION = "decision", "A meeting's or panel's decision"
    LEARNING = "learning", "A lesson, training need or gap in policy"
    ANSWER = "answer", "The partnership's answer to one"
    BINDING = "binding", "A final binding decision recorded without a meeting or panel"


class TextReview(models.Model):
    """An officer has read one text and found that it identifies nobody: only then does the
    Board report (page, CSV, PDF) print it. Kept with the text's SHA-256, so a text that
    changes (an answer rewritten, a text anonymised) must be reviewed again."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=TextSource.choices)
    object_id = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    reviewed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_id", "sha256"], name="text_reviewed_once"
            ),
            models.CheckConstraint(
                condition=Q(source__in=TextSource.values), name="text_review_source_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.object_id} reviewed"


# -- the facts the reports count --------------------------------------------------------


class EscalationFacts(models.Model):
    """What the engine says about one escalation, as of ``version`` (its event count).
    No child's details: only what the report to the Board counts."""

    escalation = models.OneToOneField(
        Escalation, on_delete=models.CASCADE, primary_key=True, related_name="report_facts"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    raised_at = models.DateTimeField()
    raising_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    receiving_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    immediate_risk = models.BooleanField()
    status = models.CharField(max_length=20)
    stage_reached = models.CharField(max_length=60)
    stage_reached_position = models.PositiveSmallIntegerField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_stage = models.CharField(max_length=60, blank=True)
    working_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Working days from raised to resolved or decided"
    )
    next_deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["partnership", "raised_at"], name="facts_raised"),
            models.Index(fields=["partnership", "ended_at"], name="facts_ended"),
        ]

    def __str__(self) -> str:
        return f"Facts of escalation {self.escalation_id} at version {self.version}"


class CategoryFact(models.Model):
    """One of the categories an escalation was raised under."""

    facts = models.ForeignKey(
        EscalationFacts, on_delete=models.CASCADE, related_name="category_rows"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    raised_at = models.DateTimeField()
    category = models.CharField(max_length=60)

    class Meta:
        indexes = [
            models.Index(fields=["partnership", "raised_at", "category"], name="category_raised")
        ]


class StageFact(models.Model):
    """One stage an escalation passed through, and whether it kept to its timescale."""

    facts = models.ForeignKey(EscalationFacts, on_delete=models.CASCADE, related_name="stage_rows")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    stage = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    met = models.BooleanField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["partnership", "ended_at"], name="stage_ended")]


# -- counted by the writer, for the dashboard (reports/counts.py) ------------------------


class StageCount(models.Model):
    """How many of a partnership's escalations are open at one stage, and how many of those
    have a deadline. Kept with the facts, in the same transaction (``counts.apply``)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=60)
    open = models.IntegerField(default=0)
    dated = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "stage"], name="stage_count_once")
        ]


class OpenKind(models.TextChoices):
    RAISED = "raised", "Raised that day (London midnight)"
    DUE = "due", "Next deadline at that moment"
    DUE_DAY = "due-day", "Next deadline that day (London midnight)"


class OpenCount(models.Model):
    """Open escalations at one stage, by the day they were raised, and by their next deadline
    both at its moment and by its day, so the dashboard ages them and counts the overdue
    reading only recent days, the days still to come and today's deadlines (the rest follow
    from ``StageCount``)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=60)
    kind = models.CharField(max_length=10, choices=OpenKind.choices)
    at = models.DateTimeField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "at", "stage"], name="open_count_once"
            ),
            models.CheckConstraint(condition=Q(kind__in=OpenKind.values), name="open_kind_known"),
        ]


class MonthCount(models.Model):
    """Per London month and agency: escalations it raised, received, and (counted under the
    raising agency) those resolved or decided that month."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    raised = models.IntegerField(default=0)
    received = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "month", "agency"], name="month_count_once"
            )
        ]


class FactsPending(models.Model):
    """An escalation whose facts could not be worked out with its latest event: the worker
    tries again, and pages say how many are not counted yet."""

    escalation = models.OneToOneField(
        Escalation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
