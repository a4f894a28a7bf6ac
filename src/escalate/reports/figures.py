"""The headline figures for one partnership and one period, counted from the stored facts
(never by replaying events): a handful of grouped queries on indexed columns."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from escalate.escalations.models import Event, EventKind
from escalate.partnerships.models import Partnership
from escalate.reports.models import EscalationFacts, LearningItem, Meeting, StageFact
from escalate.reports.period import Period

RESOLVED = ("resolved", "decided")


@dataclass(frozen=True)
class Spread:
    """Working days from raised to resolved: the median and how widely they spread."""

    count: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    fastest: int | None
    slowest: int | None

    @classmethod
    def of(cls, histogram: dict[int, int]) -> Spread:
        days = sorted(d for d, n in histogram.items() for _ in range(n))
        if not days:
            return cls(0, None, None, None, None, None)
        if len(days) == 1:
            q1 = q3 = float(days[0])
        else:
            q1, _, q3 = statistics.quantiles(days, n=4, method="inclusive")
        return cls(
            len(days), float(statistics.median(days)), float(q1), float(q3), days[0], days[-1]
        )


@dataclass(frozen=True)
class Figures:
    raised: int
    immediate_risk: int
    resolved: int
    decided: int
    withdrawn: int
    open_at_end: int
    spread: Spread
    stages_met: int
    stages_missed: int
    stages_untimed: int
    meetings_held: int
    binding_decisions: int
    lessons: int
    training_needs: int
    policy_gaps: int
    answered: int

    @property
    def learning(self) -> int:
        return self.lessons + self.training_needs + self.policy_gaps


def raised_in(partnership: Partnership, period: Period) -> QuerySet[EscalationFacts]:
    return EscalationFacts.objects.filter(
        partnership=partnership, raised_at__gte=period.start_at, raised_at__lt=period.end_at
    )


def ended_in(partnership: Partnership, period: Period) -> QuerySet[EscalationFacts]:
    return EscalationFacts.objects.filter(
        partnership=partnership, ended_at__gte=period.start_at, ended_at__lt=period.end_at
    )


def stages_ended_in(partnership: Partnership, period: Period) -> QuerySet[StageFact]:
    return StageFact.objects.filter(
        partnership=partnership, ended_at__gte=period.start_at, ended_at__lt=period.end_at
    )


def meetings_held_in(partnership: Partnership, period: Period) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        partnership=partnership, held_at__gte=period.start_at, held_at__lt=period.end_at
    )


@dataclass(frozen=True)
class BindingDecision:
    """A final binding decision in the period: a meeting's or panel's (``meeting`` is its
    id, ``by`` its name), or one recorded at a stage without a meeting (a chair's, a
    Director of Children's Services')."""

    event: int
    reference: str
    child_name: str
    stage: str
    at: dt.datetime
    text: str
    meeting: int | None
    by: str


def binding_decisions_in(partnership: Partnership, period: Period) -> list[BindingDecision]:
    """Every final binding decision recorded in ``period``, oldest first: two queries."""
    events = list(
        Event.objects.filter(
            escalation__partnership=partnership,
            kind=EventKind.DECISION,
            data__binding=True,
            at__gte=period.start_at,
            at__lt=period.end_at,
        )
        .order_by("at", "pk")
        .values_list(
            "pk",
            "escalation_id",
            "escalation__reference",
            "escalation__child_name",
            "stage",
            "at",
            "text",
            "data",
        )
    )
    meetings = {
        (escalation, stage): (pk, name, decision)
        for pk, escalation, stage, name, decision in Meeting.objects.filter(
            escalation_id__in={row[1] for row in events}, decision_binding=True
        ).values_list("pk", "escalation_id", "stage", "name", "decision")
    }
    found = []
    for pk, escalation, reference, child, stage, at, text, data in events:
        meeting = meetings.get((escalation, str((data or {}).get("meeting_stage", ""))))
        if meeting is None:
            found.append(BindingDecision(pk, reference, child, stage, at, text, None, ""))
        else:  # the meeting's decision, as its page recorded it (and an officer reviews it)
            found.append(
                BindingDecision(pk, reference, child, stage, at, meeting[2], meeting[0], meeting[1])
            )
    return found


def learning_in(partnership: Partnership, period: Period) -> QuerySet[LearningItem]:
    return LearningItem.objects.filter(
        partnership=partnership, raised_at__gte=period.start_at, raised_at__lt=period.end_at
    )


def days_histogram(facts: QuerySet[EscalationFacts]) -> dict[int, int]:
    rows = (
        facts.filter(status__in=RESOLVED, working_days__isnull=False)
        .values("working_days")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["working_days"]: row["n"] for row in rows}


def figures(partnership: Partnership, period: Period) -> Figures:
    raised = raised_in(partnership, period).aggregate(
        all=Count("pk"), risk=Count("pk", filter=Q(immediate_risk=True))
    )
    ended = ended_in(partnership, period).aggregate(
        resolved=Count("pk", filter=Q(status__in=RESOLVED)),
        decided=Count("pk", filter=Q(status="decided")),
        withdrawn=Count("pk", filter=Q(status="withdrawn")),
    )
    open_at_end = (
        EscalationFacts.objects.filter(partnership=partnership, raised_at__lt=period.end_at)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=period.end_at))
        .count()
    )
    stages = stages_ended_in(partnership, period).aggregate(
        within=Count("pk", filter=Q(met=True)),
        outside=Count("pk", filter=Q(met=False)),
        untimed_n=Count("pk", filter=Q(met__isnull=True)),
    )
    meetings = meetings_held_in(partnership, period).aggregate(
        held=Count("pk"), binding=Count("pk", filter=Q(decision_binding=True))
    )
    learning = learning_in(partnership, period).aggregate(
        lessons=Count("pk", filter=Q(kind="lesson")),
        training=Count("pk", filter=Q(kind="training-need")),
        gaps=Count("pk", filter=Q(kind="policy-gap")),
        answered=Count("pk", filter=Q(status="answered")),
    )
    return Figures(
        raised=raised["all"],
        immediate_risk=raised["risk"],
        resolved=ended["resolved"],
        decided=ended["decided"],
        withdrawn=ended["withdrawn"],
        open_at_end=open_at_end,
        spread=Spread.of(days_histogram(ended_in(partnership, period))),
        stages_met=stages["within"],
        stages_missed=stages["outside"],
        stages_untimed=stages["untimed_n"],
        meetings_held=meetings["held"],
        binding_decisions=meetings["binding"],
        lessons=learning["lessons"],
        training_needs=learning["training"],
        policy_gaps=learning["gaps"],
        answered=learning["answered"],
    )
