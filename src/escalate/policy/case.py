"""What the engine is told about a case, and what it tells back.

Inputs: the facts of the case and the events so far. Outputs: a ``CaseState``, an
immutable picture of where the case stands at a given moment. Nothing here knows about
Django or a database; the web app turns its rows into these and back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from escalate.policy.schema import AgencyKind, ChildStatus, DocumentKind, Party, Timescale, Trigger

EventKind = Literal[
    "raised",
    "step-done",
    "discussion",
    "note",
    "escalated",
    "skipped",
    "resolved",
    "withdrawn",
    "decision",
    "policy-gap",
    "notified",
    "meeting-convened",
    "paused",
    "resumed",
    "document-issued",
    "circumstances",
]
Status = Literal["open", "resolved", "withdrawn", "decided"]
ActionKind = Literal[
    "record-discussion",
    "complete-step",
    "escalate",
    "skip",
    "resolve",
    "withdraw",
    "record-decision",
    "add-note",
    "report-policy-gap",
    "pause",
    "resume",
]
StageEnd = Literal["escalated", "skipped", "resolved", "withdrawn", "decided"]


@dataclass(frozen=True)
class CaseFacts:
    child_status: ChildStatus = "none"
    immediate_risk: bool = False
    raising_agency: AgencyKind | None = None
    """The kind of the agency raising it; None when not known (a condition on it fails)."""
    receiving_agency: AgencyKind | None = None
    arose_at: datetime | None = None
    """When the disagreement arose, if the raiser said; None means when it was raised."""


ActorSide = Literal["raising", "receiving", "partnership"]


@dataclass(frozen=True)
class Actor:
    """Who takes an action, as the engine is told it: their roles, their side of the
    disagreement (their agency's, or the partnership's for anyone else)."""

    side: ActorSide
    roles: frozenset[str] = frozenset()
    officer: bool = False
    """One of the partnership's officers (business manager, chair, administrator)."""
    raised_it: bool = False
    """The person who raised the escalation, or one of their line managers."""


@dataclass(frozen=True)
class Event:
    """One thing that happened. ``stage`` is the stage moved to for escalated and skipped;
    ``step`` the step completed; ``notification`` the id of a notification sent."""

    kind: EventKind
    at: datetime
    stage: str | None = None
    step: str | None = None
    binding: bool = False
    notification: str | None = None
    reason: str | None = None
    """For paused: the key of one of the policy's pause_reasons."""
    outcome: str | None = None
    """For step-done: the step's outcome, where the step lists outcomes."""
    actor: Actor | None = None
    """Who did it; None when Escalate itself did (or a history from before actors were kept),
    which the engine does not check against the stage's ``may``."""
    document: str | None = None
    """For document-issued: the kind of document, like escalation-notice."""
    child_status: ChildStatus | None = None
    """For circumstances: the child's status from then on (None: it changed no status, as
    when the child moved)."""


@dataclass(frozen=True)
class PausePeriod:
    """A time the clock stood still: from ``start`` to ``end`` (None while it still does)."""

    reason: str
    label: str
    start: datetime
    end: datetime | None


@dataclass(frozen=True)
class StepState:
    key: str
    title: str
    who: tuple[Party, ...]
    due: datetime | None
    done_at: datetime | None
    overdue: bool
    needed: bool = True
    """False when an earlier step's outcome means this step does not apply."""
    provisional: bool = False
    """True when ``due`` counts from another step's due date, that step not yet done."""
    outcome: str | None = None


@dataclass(frozen=True)
class StageVisit:
    """One stage as the case passed through it."""

    key: str
    number: int
    title: str
    started_at: datetime
    deadline: datetime | None
    ended_at: datetime | None
    ended_by: StageEnd | None
    steps: tuple[StepState, ...]
    timescale: Timescale = "indicative"
    """mandatory when the stage's own timescale is, or a cap over it is."""
    convene_by: datetime | None = None
    """When the stage's meeting must be convened by (``convene_within``), if it says."""
    convened_at: datetime | None = None
    pauses: tuple[PausePeriod, ...] = ()
    reminders_only: bool = False
    """The policy calls this stage's timescale indicative in so many words: when its deadline
    passes, reminders go to whoever must act and no overdue alert goes out."""

    @property
    def timescale_met(self) -> bool | None:
        """Whether the stage ended within its deadline; None while open or with no deadline."""
        if self.deadline is None or self.ended_at is None:
            return None
        return self.ended_at <= self.deadline


@dataclass(frozen=True)
class NotificationDue:
    """A notification the policy asks for that has been triggered and not yet sent."""

    id: str
    key: str
    to: tuple[Party, ...]
    trigger: Trigger
    stage: str | None
    triggered_at: datetime
    due: datetime
    text: str
    document: DocumentKind | None = None
    copy: bool = False


@dataclass(frozen=True)
class AllowedAction:
    kind: ActionKind
    label: str
    stage: str | None = None
    step: str | None = None
    roles: tuple[str, ...] = ()
    offered: bool = False


@dataclass(frozen=True)
class HeldAction:
    """A move the policy allows from this stage but not yet: it waits for a step."""

    kind: ActionKind
    label: str
    stage: str
    reason: str


@dataclass(frozen=True)
class FinalDecision:
    stage: str
    at: datetime
    by: tuple[Party, ...]
    binding: bool


@dataclass(frozen=True)
class DecisionMade:
    """A decision recorded at a stage, final or not."""

    stage: str
    at: datetime
    binding: bool
    final: bool


@dataclass(frozen=True)
class CaseState:
    status: Status
    raised_at: datetime
    target_due: datetime | None
    """None while the target counts from a stage the case has not reached."""
    target_from: str | None
    """The title of the stage the target counts from; None when it counts from raising."""
    current: StageVisit
    history: tuple[StageVisit, ...]
    who_must_act: tuple[Party, ...]
    overdue: tuple[str, ...]
    notifications_due: tuple[NotificationDue, ...]
    allowed_actions: tuple[AllowedAction, ...]
    final_decision: FinalDecision | None
    next_deadline: datetime | None
    escalation_offered: bool
    sent: frozenset[str] = field(default_factory=frozenset)
    decisions: tuple[DecisionMade, ...] = ()
    arose_at: datetime | None = None
    """When the disagreement arose: the raiser's answer, never later than raising."""
    raise_due: datetime | None = None
    paused: PausePeriod | None = None
    """The pause under way, if the clock is paused now: every deadline waits for it."""
    """When it should have been raised by (``raise_within`` from when it arose)."""
    escalate_automatically: datetime | None = None
    """The deadline whose passing moves the case on by itself (``escalate_when_overdue``),
    once it has passed with the stage still under way; the worker records the escalation."""
    next_warning: datetime | None = None
    """When the next warning before a deadline comes (``warn_before``), if one is set."""
    held: tuple[HeldAction, ...] = ()
    """Escalations and skips not allowed yet, each with the step it waits for."""

    @property
    def raised_late(self) -> bool:
        return self.raise_due is not None and self.raised_at > self.raise_due

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def allows(self, kind: ActionKind, stage: str | None = None) -> bool:
        return any(
            action.kind == kind and (stage is None or action.stage == stage)
            for action in self.allowed_actions
        )
