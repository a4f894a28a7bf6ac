"""Deadlines of a case: each stage's (its own, immediate risk, caps) and each step's."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from escalate.policy.case import CaseFacts, StepState
from escalate.policy.clock import WorkingCalendar, to_utc
from escalate.policy.conditions import holds
from escalate.policy.durations import Duration
from escalate.policy.pauses import Pause, shifted
from escalate.policy.schema import Cap, Deadline, Policy, Stage, Timescale
from escalate.policy.visit import Visit


def calendar_for(policy: Policy) -> WorkingCalendar:
    return WorkingCalendar(
        nation=policy.nation, day_start=policy.working_day.start, day_end=policy.working_day.end
    )


def before(calendar: WorkingCalendar, moment: datetime, duration: Duration) -> datetime:
    """The moment ``duration`` of working time before ``moment`` (advance notice)."""
    if duration.kind == "immediately":
        return moment
    if duration.kind == "clock_hours":
        return to_utc(moment) - timedelta(hours=duration.amount)
    day = calendar.local_date(moment)
    if duration.kind == "same_working_day":
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        return calendar.start_of(day)
    if duration.kind == "working_days":
        for _ in range(duration.amount):
            day -= timedelta(days=1)
            while not calendar.is_working_day(day):
                day -= timedelta(days=1)
        return calendar.end_of(day)
    remaining = timedelta(hours=duration.amount)
    cursor = moment
    while True:
        day = calendar.local_date(cursor)
        if calendar.is_working_day(day):
            end = min(cursor, calendar.end_of(day))
            available = end - calendar.start_of(day)
            if available >= remaining:
                return end - remaining
            if available > timedelta(0):
                remaining -= available
        cursor = calendar.start_of(day) - timedelta(seconds=1)


def base_deadline(
    policy: Policy,
    facts: CaseFacts,
    calendar: WorkingCalendar,
    visits: Sequence[Visit],
    visit: Visit,
    pauses: Sequence[Pause] = (),
) -> datetime | None:
    """The stage's deadline from its start: its own, immediate risk's and every cap's,
    with paused time left out; None while paused (or with no deadline at all)."""
    stage, start = visit.stage, visit.started_at
    own = [p for p in pauses if p.visit == visit.index]
    found: list[datetime | None] = []
    if stage.deadline is not None and stage.deadline.after is None:
        found.append(shifted(calendar, stage.deadline.within, start, own))
    risk_deadline = policy.immediate_risk.stage_deadline
    if facts.immediate_risk and risk_deadline is not None:
        found.append(shifted(calendar, risk_deadline, start, own))
    keys = [s.key for s in policy.stages]
    here = keys.index(stage.key)
    for cap in policy.caps:
        if not holds(cap.only_if, facts):
            continue
        first, last = keys.index(cap.first_stage), keys.index(cap.last_stage)
        if first <= here <= last:
            covered = [v for v in visits if first <= keys.index(v.stage.key) <= last]
            cap_start = min(v.started_at for v in covered)
            indexes = {v.index for v in covered}
            capped = [p for p in pauses if p.visit in indexes]
            found.append(shifted(calendar, cap.within, cap_start, capped))
        if cap.final_stage is not None and cap.final_stage.stage == stage.key:
            found.append(shifted(calendar, cap.final_stage.within, start, own))
    if any(item is None for item in found):
        return None
    return min(item for item in found if item is not None) if found else None


def _caps_over(policy: Policy, stage: Stage, facts: CaseFacts) -> list[Cap]:
    """The caps that apply to the case and cover ``stage`` (or give it a final allowance)."""
    keys = [s.key for s in policy.stages]
    here = keys.index(stage.key)
    found = []
    for cap in policy.caps:
        if not holds(cap.only_if, facts):
            continue
        covers = keys.index(cap.first_stage) <= here <= keys.index(cap.last_stage)
        final = cap.final_stage is not None and cap.final_stage.stage == stage.key
        if covers or final:
            found.append(cap)
    return found


def timescale_of(policy: Policy, stage: Stage, facts: CaseFacts) -> Timescale:
    """mandatory when the stage's own timescale is, or that of a cap over it (or giving it
    a final-stage allowance); otherwise indicative."""
    if stage.timescale == "mandatory":
        return "mandatory"
    if any(cap.timescale == "mandatory" for cap in _caps_over(policy, stage, facts)):
        return "mandatory"
    return "indicative"


def reminders_only(policy: Policy, stage: Stage, facts: CaseFacts) -> bool:
    """Whether the policy says in so many words that the stage's timescale is indicative (the
    stage itself, a cap over it, or the policy's target writes ``timescale: indicative``) and
    nothing makes it mandatory: then its deadline passing sends reminders to whoever must act
    and no overdue alert. A file that says nothing is alerted as before."""
    if timescale_of(policy, stage, facts) == "mandatory":
        return False
    said = [stage, *_caps_over(policy, stage, facts), policy.target]
    return any("timescale" in section.model_fields_set for section in said)


def step_states(
    facts: CaseFacts,
    calendar: WorkingCalendar,
    visit: Visit,
    now: datetime,
    pauses: Sequence[Pause] = (),
    earlier: Sequence[Visit] = (),
) -> tuple[tuple[StepState, ...], datetime | None]:
    """The visit's steps with their due dates, and the stage's deadline once steps count.
    A due date counted from a step not yet done counts from that step's own due date, and
    is provisional; one counted from a step of an earlier stage counts from when it was done."""
    own = [p for p in pauses if p.visit == visit.index]
    provisional: set[str] = set()

    def anchor_of(deadline: Deadline) -> datetime | None:
        if deadline.after is None:
            return visit.started_at
        if deadline.stage is not None:
            before_now = [v for v in earlier if v.stage.key == deadline.stage]
            return before_now[-1].done.get(deadline.after) if before_now else None
        done = visit.done.get(deadline.after)
        if done is None and dues.get(deadline.after) is not None:
            provisional.add(deadline.after)
        return done or dues.get(deadline.after)

    dues: dict[str, datetime | None] = {}
    pending_provisional: set[str] = set()
    states: list[StepState] = []
    for step in visit.stage.steps:
        due: datetime | None = None
        tentative = False
        if step.due is not None:
            anchor = anchor_of(step.due)
            tentative = step.due.after in provisional or step.due.after in pending_provisional
            if anchor is not None:
                due = shifted(calendar, step.due.within, anchor, own)
                if due is not None and visit.base_deadline is not None and facts.immediate_risk:
                    due = min(due, visit.base_deadline)
        condition = step.only_if
        needed = (
            condition is None
            or condition.step not in visit.done
            or visit.outcomes.get(condition.step) in condition.outcome
        )
        due = due if needed else None
        dues[step.key] = due
        done_at = visit.done.get(step.key)
        moment = done_at or (visit.ended_at if visit.ended_at is not None else now)
        late = due is not None and moment > due and visit.ended_by != "skipped"
        states.append(
            StepState(
                step.key,
                step.title,
                tuple(step.who),
                due,
                done_at,
                late,
                needed=needed,
                outcome=visit.outcomes.get(step.key),
                provisional=tentative and done_at is None and due is not None,
            )
        )
        if tentative and due is not None:
            pending_provisional.add(step.key)
    deadline = visit.base_deadline
    anchored = visit.stage.deadline
    if anchored is not None and anchored.after is not None:
        anchor_at = anchor_of(anchored)
        if anchor_at is not None:
            due = shifted(calendar, anchored.within, anchor_at, own)
            deadline = due if deadline is None or due is None else min(deadline, due)
    return tuple(states), deadline
