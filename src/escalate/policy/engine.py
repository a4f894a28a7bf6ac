"""The policy engine: where a case stands under its policy, at a given moment.

``evaluate(policy, facts, events, now)`` replays the events in order and returns a
``CaseState``. It is pure and deterministic: the same arguments always give the same
answer, and the time is an argument, never read from the clock on the wall.
An event the policy does not allow raises ``EngineError`` with a plain message; the web
app asks ``CaseState.allows`` before it records anything, so stored histories replay.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from escalate.policy.case import (
    AllowedAction,
    CaseFacts,
    CaseState,
    Event,
    FinalDecision,
    NotificationDue,
    StageEnd,
    StageVisit,
    Status,
    StepState,
)
from escalate.policy.clock import WorkingCalendar
from escalate.policy.durations import Duration
from escalate.policy.schema import Notification, Party, Policy, Stage, Trigger


class EngineError(ValueError):
    """An event that the policy does not allow at that point."""


def calendar_for(policy: Policy) -> WorkingCalendar:
    return WorkingCalendar(
        nation=policy.nation, day_start=policy.working_day.start, day_end=policy.working_day.end
    )


def before(calendar: WorkingCalendar, moment: datetime, duration: Duration) -> datetime:
    """The moment ``duration`` of working time before ``moment`` (advance notice)."""
    if duration.kind == "immediately":
        return moment
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


@dataclass
class _Visit:
    stage: Stage
    index: int
    started_at: datetime
    base_deadline: datetime | None
    done: dict[str, datetime] = field(default_factory=dict)
    ended_at: datetime | None = None
    ended_by: StageEnd | None = None


@dataclass
class _Fired:
    note: Notification
    stage: str | None
    at: datetime
    ident: str


class _Replay:
    def __init__(self, policy: Policy, facts: CaseFacts) -> None:
        self.policy = policy
        self.facts = facts
        self.calendar = calendar_for(policy)
        self.raised_at: datetime | None = None
        self.visits: list[_Visit] = []
        self.status: Status = "open"
        self.decision: FinalDecision | None = None
        self.sent: set[str] = set()
        self.fired: list[_Fired] = []
        self.immediate: list[NotificationDue] = []
        self.last_at = datetime.min.replace(tzinfo=UTC)

    # -- replaying events -------------------------------------------------------------

    def apply(self, event: Event, position: int) -> None:
        if event.at.tzinfo is None:
            raise EngineError("every event must carry a time zone")
        event = replace(event, at=event.at.astimezone(UTC))
        if event.at < self.last_at:
            raise EngineError(
                f"events must be in the order they happened: a '{event.kind}' event at "
                f"{event.at:%Y-%m-%d %H:%M} UTC comes after one at "
                f"{self.last_at:%Y-%m-%d %H:%M} UTC"
            )
        self.last_at = event.at
        if event.kind == "notified":
            self.sent.add(event.notification or "")
            return
        if self.raised_at is None:
            if event.kind != "raised":
                raise EngineError("the first event of an escalation must be 'raised'")
            self._raise(event.at)
            return
        if event.kind == "raised":
            raise EngineError("this escalation has already been raised")
        if event.kind == "note":
            return
        if event.kind == "policy-gap":
            self._fire_policy("policy-gap", event.at, f"gap#{position}")
            return
        self._require_open(event)
        visit = self.visits[-1]
        if event.kind == "discussion":
            return
        if event.kind == "step-done":
            self._step_done(visit, event)
        elif event.kind in ("escalated", "skipped"):
            self._move(visit, event)
        elif event.kind == "decision":
            self._decide(visit, event)
        elif event.kind in ("resolved", "withdrawn"):
            self.status = "resolved" if event.kind == "resolved" else "withdrawn"
            self._fire_stage(event.kind, event.at, visit)
            self._end(visit, event.at, self.status)

    def _require_open(self, event: Event) -> None:
        if self.status != "open":
            raise EngineError(
                f"this escalation is {self.status}, so nothing more can be done on it "
                f"('{event.kind}' refused); add a note instead"
            )

    def _raise(self, at: datetime) -> None:
        self.raised_at = at
        risk = self.policy.immediate_risk
        start = self.policy.stages[0]
        if self.facts.immediate_risk:
            if risk.start_at is not None:
                start = self.policy.stage(risk.start_at)
            for action in risk.actions:
                self.immediate.append(
                    NotificationDue(
                        id=f"immediate:{action.key}",
                        key=action.key,
                        to=tuple(action.tell),
                        trigger="raised",
                        stage=None,
                        triggered_at=at,
                        due=action.within.due(self.calendar, at),
                        text=action.text,
                    )
                )
        self._fire_policy("raised", at, "raised")
        self._start(start, at)

    def _start(self, stage: Stage, at: datetime) -> None:
        visit = _Visit(stage, len(self.visits), at, None)
        self.visits.append(visit)
        visit.base_deadline = self._base_deadline(visit)
        self._fire_stage("stage-start", at, visit)

    def _end(self, visit: _Visit, at: datetime, how: StageEnd) -> None:
        visit.ended_at = at
        visit.ended_by = how
        self._fire_stage("stage-end", at, visit)

    def _step_done(self, visit: _Visit, event: Event) -> None:
        keys = [step.key for step in visit.stage.steps]
        if event.step not in keys:
            raise EngineError(
                f"'{event.step}' is not a step of {visit.stage.title}. Its steps are: "
                f"{', '.join(keys) or 'none'}"
            )
        if event.step in visit.done:
            raise EngineError(f"the step '{event.step}' has already been recorded as done")
        visit.done[event.step] = event.at
        self._fire_stage("step-done", event.at, visit, step=event.step)

    def _move(self, visit: _Visit, event: Event) -> None:
        stages = self.policy.stages
        position = self.policy.stage_index(visit.stage.key)
        if position + 1 >= len(stages):
            raise EngineError(
                f"{visit.stage.title} is the last stage of this policy; it cannot be escalated "
                "further"
            )
        target = event.stage or stages[position + 1].key
        if event.kind == "escalated" and target != stages[position + 1].key:
            raise EngineError(
                f"an escalation goes to the next stage, {stages[position + 1].title}; to jump "
                "further, skip to a stage where the policy allows it"
            )
        if event.kind == "skipped" and target not in self._skip_targets(visit):
            raise EngineError(
                f"the policy does not allow skipping to '{target}' from {visit.stage.title}"
            )
        how: StageEnd = "escalated" if event.kind == "escalated" else "skipped"
        self._fire_stage("escalated", event.at, visit)
        self._end(visit, event.at, how)
        self._start(self.policy.stage(target), event.at)

    def _decide(self, visit: _Visit, event: Event) -> None:
        decision = visit.stage.decision
        if decision is None:
            raise EngineError(
                f"{visit.stage.title} does not end in a decision under this policy; resolve "
                "or escalate it instead"
            )
        if decision.binding and decision.final:
            self.decision = FinalDecision(visit.stage.key, event.at, tuple(decision.by), True)
            self.status = "decided"
            self._fire_stage("final-decision", event.at, visit)
            self._end(visit, event.at, "decided")

    # -- deadlines --------------------------------------------------------------------

    def _base_deadline(self, visit: _Visit) -> datetime | None:
        stage, start = visit.stage, visit.started_at
        found: list[datetime] = []
        if stage.deadline is not None and stage.deadline.after is None:
            found.append(stage.deadline.within.due(self.calendar, start))
        risk_deadline = self.policy.immediate_risk.stage_deadline
        if self.facts.immediate_risk and risk_deadline is not None:
            found.append(risk_deadline.due(self.calendar, start))
        keys = [s.key for s in self.policy.stages]
        here = keys.index(stage.key)
        for cap in self.policy.caps:
            first, last = keys.index(cap.first_stage), keys.index(cap.last_stage)
            if first <= here <= last:
                cap_start = min(
                    v.started_at for v in self.visits if first <= keys.index(v.stage.key) <= last
                )
                found.append(cap.within.due(self.calendar, cap_start))
            if cap.final_stage is not None and cap.final_stage.stage == stage.key:
                found.append(cap.final_stage.within.due(self.calendar, start))
        return min(found) if found else None

    def _steps(self, visit: _Visit, now: datetime) -> tuple[tuple[StepState, ...], datetime | None]:
        dues: dict[str, datetime | None] = {}
        states: list[StepState] = []
        for step in visit.stage.steps:
            due: datetime | None = None
            if step.due is not None:
                anchor: datetime | None = visit.started_at
                if step.due.after is not None:
                    anchor = visit.done.get(step.due.after) or dues.get(step.due.after)
                if anchor is not None:
                    due = step.due.within.due(self.calendar, anchor)
                    if visit.base_deadline is not None and self.facts.immediate_risk:
                        due = min(due, visit.base_deadline)
            dues[step.key] = due
            done_at = visit.done.get(step.key)
            moment = done_at or (visit.ended_at if visit.ended_at is not None else now)
            late = due is not None and moment > due and visit.ended_by != "skipped"
            states.append(StepState(step.key, step.title, tuple(step.who), due, done_at, late))
        deadline = visit.base_deadline
        anchored = visit.stage.deadline
        if anchored is not None and anchored.after is not None:
            anchor_at = visit.done.get(anchored.after) or dues.get(anchored.after)
            if anchor_at is not None:
                due = anchored.within.due(self.calendar, anchor_at)
                deadline = due if deadline is None else min(deadline, due)
        return tuple(states), deadline

    # -- notifications ----------------------------------------------------------------

    def _applies(self, note: Notification) -> bool:
        condition = note.only_if
        if condition is None:
            return True
        if condition.child_status is not None and self.facts.child_status not in (
            condition.child_status
        ):
            return False
        return condition.immediate_risk is None or condition.immediate_risk == (
            self.facts.immediate_risk
        )

    def _fire(
        self,
        notes: Iterable[Notification],
        when: Trigger,
        at: datetime,
        stage: str | None,
        tag: str,
    ) -> None:
        for note in notes:
            if note.when == when and self._applies(note):
                self.fired.append(_Fired(note, stage, at, f"{note.key}@{tag}"))

    def _fire_policy(self, when: Trigger, at: datetime, tag: str) -> None:
        self._fire(self.policy.notify, when, at, None, tag)

    def _fire_stage(
        self, when: Trigger, at: datetime, visit: _Visit, step: str | None = None
    ) -> None:
        tag = f"{visit.stage.key}#{visit.index}"
        notes = [n for n in visit.stage.notify if step is None or n.step == step]
        self._fire(notes, when, at, visit.stage.key, tag + (f":{step}" if step else ""))
        if step is None:
            self._fire(self.policy.notify, when, at, visit.stage.key, tag)

    def _timed(self, visit: _Visit, deadline: datetime | None, now: datetime) -> list[_Fired]:
        """Notifications caused by time passing on the current stage of an open case."""
        if deadline is None or self.status != "open":
            return []
        fired: list[_Fired] = []
        tag = f"{visit.stage.key}#{visit.index}"
        for note in (*visit.stage.notify, *self.policy.notify):
            if not self._applies(note):
                continue
            if note.when == "before-deadline" and note.before is not None:
                at = before(self.calendar, deadline, note.before)
                if at <= now:
                    fired.append(_Fired(note, visit.stage.key, at, f"{note.key}@{tag}"))
            elif note.when == "deadline-passed" and now > deadline:
                fired.append(_Fired(note, visit.stage.key, deadline, f"{note.key}@{tag}"))
        return fired

    # -- the answer -------------------------------------------------------------------

    def _skip_targets(self, visit: _Visit) -> dict[str, tuple[str, ...]]:
        """Stages beyond the next one that may be reached now, with the roles needed."""
        stages = self.policy.stages
        here = self.policy.stage_index(visit.stage.key)
        targets: dict[str, tuple[str, ...]] = {}
        roles: set[str] = set()
        for between in stages[here + 1 : -1]:
            if not between.skip:
                break
            if not (
                self.facts.immediate_risk and any(r.when == "immediate-risk" for r in between.skip)
            ):
                discretion = [r for r in between.skip if r.when == "discretion"]
                if not discretion:
                    break
                roles.update(role for rule in discretion for role in rule.by)
            target = stages[stages.index(between) + 1]
            targets[target.key] = tuple(sorted(roles))
        return targets

    def _actions(
        self, visit: _Visit, steps: Sequence[StepState], offered: bool
    ) -> list[AllowedAction]:
        actions = [
            AllowedAction("add-note", "Add a note"),
            AllowedAction("report-policy-gap", "Report a gap in policy or procedure"),
        ]
        if self.status != "open":
            return actions
        stages = self.policy.stages
        here = self.policy.stage_index(visit.stage.key)
        actions.append(AllowedAction("record-discussion", "Record a discussion"))
        for step in steps:
            if step.done_at is None:
                actions.append(
                    AllowedAction("complete-step", step.title, visit.stage.key, step.key)
                )
        if here + 1 < len(stages):
            target = stages[here + 1]
            actions.append(
                AllowedAction(
                    "escalate", f"Escalate to {target.title}", target.key, offered=offered
                )
            )
        for key, roles in self._skip_targets(visit).items():
            actions.append(
                AllowedAction("skip", f"Skip to {self.policy.stage(key).title}", key, roles=roles)
            )
        if visit.stage.decision is not None:
            actions.append(
                AllowedAction(
                    "record-decision",
                    "Record the final binding decision"
                    if visit.stage.decision.binding
                    else "Record the decision",
                    visit.stage.key,
                    roles=tuple(sorted({p.role for p in visit.stage.decision.by})),
                )
            )
        actions.append(AllowedAction("resolve", "Record that it is resolved"))
        actions.append(AllowedAction("withdraw", "Withdraw the escalation"))
        return actions

    def state(self, now: datetime) -> CaseState:
        if self.raised_at is None:
            raise EngineError("there are no events: an escalation starts with 'raised'")
        history: list[StageVisit] = []
        timed: list[_Fired] = []
        for visit in self.visits:
            steps, deadline = self._steps(visit, now)
            history.append(
                StageVisit(
                    visit.stage.key,
                    visit.stage.number,
                    visit.stage.title,
                    visit.started_at,
                    deadline,
                    visit.ended_at,
                    visit.ended_by,
                    steps,
                )
            )
        current_visit = self.visits[-1]
        current = history[-1]
        timed = self._timed(current_visit, current.deadline, now)
        is_open = self.status == "open"
        overdue: list[str] = []
        if is_open:
            overdue = [f"step:{s.key}" for s in current.steps if s.overdue and s.done_at is None]
            if current.deadline is not None and now > current.deadline:
                overdue.insert(0, f"stage:{current.key}")
        has_next = self.policy.stage_index(current.key) + 1 < len(self.policy.stages)
        offered = (
            is_open
            and has_next
            and current_visit.stage.offer_escalation_when_overdue
            and current.deadline is not None
            and now > current.deadline
        )
        pending = [s for s in current.steps if s.done_at is None]
        who: tuple[Party, ...] = ()
        if is_open:
            who = pending[0].who if pending else tuple(current_visit.stage.actors)
        deadlines = [s.due for s in pending if s.due is not None]
        if current.deadline is not None:
            deadlines.append(current.deadline)
        notifications = [n for n in self.immediate if n.id not in self.sent]
        for fired in (*self.fired, *timed):
            if fired.ident in self.sent:
                continue
            notifications.append(
                NotificationDue(
                    id=fired.ident,
                    key=fired.note.key,
                    to=tuple(fired.note.to),
                    trigger=fired.note.when,
                    stage=fired.stage,
                    triggered_at=fired.at,
                    due=fired.note.within.due(self.calendar, fired.at),
                    text=fired.note.text,
                    document=fired.note.document,
                    copy=fired.note.copy_only,
                )
            )
        return CaseState(
            status=self.status,
            raised_at=self.raised_at,
            target_due=self.policy.target.within.due(self.calendar, self.raised_at),
            current=current,
            history=tuple(history),
            who_must_act=who,
            overdue=tuple(overdue),
            notifications_due=tuple(sorted(notifications, key=lambda n: (n.due, n.id))),
            allowed_actions=tuple(self._actions(current_visit, current.steps, offered)),
            final_decision=self.decision,
            next_deadline=min(deadlines) if is_open and deadlines else None,
            escalation_offered=offered,
            sent=frozenset(self.sent),
        )


def evaluate(policy: Policy, facts: CaseFacts, events: Sequence[Event], now: datetime) -> CaseState:
    """Where the case stands at ``now``, after ``events`` (in the order they happened)."""
    if now.tzinfo is None:
        raise EngineError("'now' must carry a time zone")
    now = now.astimezone(UTC)
    replay = _Replay(policy, facts)
    for position, event in enumerate(events):
        replay.apply(event, position)
    return replay.state(now)
