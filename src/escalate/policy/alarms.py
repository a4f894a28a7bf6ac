"""Warnings before a breach: a reminder set time before a stage's or a step's deadline.

``warn_before`` is set for the whole policy, for a stage (its own deadline) or for a step
(its due date); the nearest setting wins. A warning fires once per deadline: if the
deadline moves (a step done early moves a deadline counted after it), the new one gets its
own warning. Warnings go to whoever must act: the step's ``who``, or the stage's actors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from escalate.policy.case import NotificationDue, StageVisit
from escalate.policy.clock import WorkingCalendar
from escalate.policy.deadlines import before
from escalate.policy.durations import Duration
from escalate.policy.schema import Party, Policy


@dataclass(frozen=True)
class DeadlineWarning:
    ident: str
    at: datetime
    to: tuple[Party, ...]
    text: str


def _warnings(
    policy: Policy, calendar: WorkingCalendar, visit: StageVisit, tag: str
) -> Iterator[DeadlineWarning]:
    stage = policy.stage(visit.key)
    general = stage.warn_before or policy.warn_before
    pending = [s for s in visit.steps if s.done_at is None and s.needed]
    for state, step in zip(visit.steps, stage.steps, strict=True):
        setting: Duration | None = step.warn_before or policy.warn_before
        if state.done_at is not None or state.due is None or setting is None:
            continue
        yield DeadlineWarning(
            f"warning:{tag}:{step.key}@{state.due.isoformat()}",
            before(calendar, state.due, setting),
            state.who,
            f"'{step.title}' is due in {setting}.",
        )
    if general is not None and visit.deadline is not None:
        who = pending[0].who if pending else tuple(stage.actors)
        yield DeadlineWarning(
            f"warning:{tag}@{visit.deadline.isoformat()}",
            before(calendar, visit.deadline, general),
            who,
            f"The deadline at {stage.title} is {general} away.",
        )


def warnings_due(
    policy: Policy, calendar: WorkingCalendar, visit: StageVisit, tag: str, now: datetime
) -> tuple[list[NotificationDue], datetime | None]:
    """The warnings that have come by ``now`` on the current stage, and the next to come."""
    due: list[NotificationDue] = []
    upcoming: list[datetime] = []
    seen: set[tuple[datetime, tuple[Party, ...]]] = set()
    for warning in _warnings(policy, calendar, visit, tag):
        if (warning.at, warning.to) in seen:
            continue  # a step due with its stage: one warning, not two
        seen.add((warning.at, warning.to))
        if warning.at > now:
            upcoming.append(warning.at)
            continue
        due.append(
            NotificationDue(
                id=warning.ident,
                key="deadline-warning",
                to=warning.to,
                trigger="before-deadline",
                stage=visit.key,
                triggered_at=warning.at,
                due=warning.at,
                text=warning.text,
            )
        )
    return due, min(upcoming) if upcoming else None
