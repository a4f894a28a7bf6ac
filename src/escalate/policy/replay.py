"""Replaying an escalation's events, in order, into where the case stands.

``Replay.apply`` takes one event at a time and refuses, with ``EngineError``, one the
policy does not allow at that point; ``Replay.state`` gives the ``CaseState`` at a moment.
Deadlines are worked out in ``deadlines``, notifications in ``notices`` and what may be
done next in ``actions``. A change of the child's circumstances changes the facts from then on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from escalate.policy import permits
from escalate.policy.actions import allowed_actions, skip_targets
from escalate.policy.alarms import warnings_due
from escalate.policy.case import (
    Actor,
    CaseFacts,
    CaseState,
    DecisionMade,
    Event,
    FinalDecision,
    NotificationDue,
    PausePeriod,
    StageEnd,
    StageVisit,
    Status,
)
from escalate.policy.deadlines import (
    base_deadline,
    calendar_for,
    reminders_only,
    step_states,
    timescale_of,
)
from escalate.policy.errors import EngineError
from escalate.policy.gates import done_by_document, held_moves, refuse_step_done, waiting_for
from escalate.policy.notices import Fired, Notices
from escalate.policy.pauses import Pause, pause_or_resume, shifted
from escalate.policy.schema import Party, Policy, Stage, Step
from escalate.policy.visit import Visit


class Replay:
    def __init__(self, policy: Policy, facts: CaseFacts) -> None:
        self.policy = policy
        self.facts = facts
        self.calendar = calendar_for(policy)
        self.notices = Notices(policy, facts, self.calendar)
        self.raised_at: datetime | None = None
        self.visits: list[Visit] = []
        self.status: Status = "open"
        self.decision: FinalDecision | None = None
        self.decisions: list[DecisionMade] = []
        self.pauses: list[Pause] = []
        self.sent: set[str] = set()
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
        if event.kind in ("note", "circumstances"):  # a note changes no circumstances
            self.facts = self.notices.circumstances(event, self.visits, self.status == "open")
            return
        if event.kind == "meeting-convened":
            self._convened(event.at)
            return
        if event.kind == "policy-gap":
            self.notices.fire_policy("policy-gap", event.at, f"gap#{position}")
            return
        if event.kind == "document-issued":  # after closing (a resolution form): a note
            for step in done_by_document(self.visits[-1], event.document, self.status):
                self._mark_done(self.visits[-1], step, event)
            return
        self._require_open(event)
        visit = self.visits[-1]
        if event.kind == "discussion":
            return
        if event.kind in ("paused", "resumed"):
            self._pause(visit, event)
            return
        if event.kind == "step-done":
            self._step_done(visit, event)
        elif event.kind in ("escalated", "skipped"):
            self._move(visit, event)
        elif event.kind == "decision":
            self._decide(visit, event)
        elif event.kind in ("resolved", "withdrawn"):
            permits.check(self.policy, visit.stage, event)
            self.status = "resolved" if event.kind == "resolved" else "withdrawn"
            self.notices.fire_stage(event.kind, event.at, visit)
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
        self.notices.fire_policy("raised", at, "raised")
        self._start(start, at)

    def _start(self, stage: Stage, at: datetime) -> None:
        visit = Visit(stage, len(self.visits), at, None)
        self.visits.append(visit)
        visit.base_deadline = base_deadline(
            self.policy, self.facts, self.calendar, self.visits, visit
        )
        self.notices.fire_stage("stage-start", at, visit)

    def _pause(self, visit: Visit, event: Event) -> None:
        reasons = {reason.key for reason in self.policy.pause_reasons}
        pause_or_resume(self.pauses, reasons, visit.index, event.kind, event.reason, event.at)

    def _end(self, visit: Visit, at: datetime, how: StageEnd) -> None:
        if self.pauses and self.pauses[-1].end is None:
            self.pauses[-1].end = at  # a stage's end resumes the clock
        visit.ended_at = at
        visit.ended_by = how
        self.notices.fire_stage("stage-end", at, visit)

    def _step_done(self, visit: Visit, event: Event) -> None:
        keys = [step.key for step in visit.stage.steps]
        if event.step not in keys:
            raise EngineError(
                f"'{event.step}' is not a step of {visit.stage.title}. Its steps are: "
                f"{', '.join(keys) or 'none'}"
            )
        if event.step in visit.done:
            raise EngineError(f"the step '{event.step}' has already been recorded as done")
        step = visit.stage.steps[keys.index(event.step)]
        refused = refuse_step_done(step)
        if refused is not None:
            raise EngineError(refused)
        if step.outcomes and event.outcome not in step.outcomes:
            raise EngineError(
                f"'{step.title}' is recorded with its outcome: one of {', '.join(step.outcomes)}"
            )
        condition = step.only_if
        if condition is not None and visit.outcomes.get(condition.step) not in condition.outcome:
            raise EngineError(
                f"'{step.title}' applies only when '{condition.step}' ended "
                f"{' or '.join(condition.outcome)}"
            )
        self._mark_done(visit, step, event)

    def _mark_done(self, visit: Visit, step: Step, event: Event) -> None:
        if event.outcome is not None:
            visit.outcomes[step.key] = event.outcome
        visit.done[step.key] = event.at
        self.notices.fire_stage("step-done", event.at, visit, step=step.key)

    def _move(self, visit: Visit, event: Event) -> None:
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
        skips = skip_targets(self.policy, self.facts, visit.stage)
        if event.kind == "skipped" and target not in skips:
            raise EngineError(
                f"the policy does not allow skipping to '{target}' from {visit.stage.title}"
            )
        permits.check(self.policy, visit.stage, event, skips.get(target, ()))
        waiting = waiting_for(self.policy, self.visits, target)
        if waiting is not None:
            raise EngineError(waiting)
        how: StageEnd = "escalated" if event.kind == "escalated" else "skipped"
        self.notices.fire_stage("escalated", event.at, visit)
        self._end(visit, event.at, how)
        self._start(self.policy.stage(target), event.at)

    def _convened(self, at: datetime) -> None:
        """The stage's meeting convened; on a closed case or a stage with none, a note."""
        visit = self.visits[-1]
        if self.status == "open" and visit.stage.meeting is not None:
            visit.convened_at = visit.convened_at or at

    def _decide(self, visit: Visit, event: Event) -> None:
        decision = visit.stage.decision
        if decision is None:
            raise EngineError(
                f"{visit.stage.title} does not end in a decision under this policy; resolve "
                "or escalate it instead"
            )
        permits.check(self.policy, visit.stage, event)
        self.decisions.append(
            DecisionMade(visit.stage.key, event.at, decision.binding, decision.final)
        )
        if decision.binding and decision.final:
            self.decision = FinalDecision(visit.stage.key, event.at, tuple(decision.by), True)
            self.status = "decided"
            self.notices.fire_stage("final-decision", event.at, visit)
            self._end(visit, event.at, "decided")

    # -- the answer -------------------------------------------------------------------

    def _period(self, pause: Pause) -> PausePeriod:
        labels = {reason.key: reason.label for reason in self.policy.pause_reasons}
        return PausePeriod(
            pause.reason, labels.get(pause.reason, pause.reason), pause.start, pause.end
        )

    def _arose_at(self) -> datetime | None:
        """When the disagreement arose; never after raising (a later answer is raising)."""
        arose = self.facts.arose_at
        if arose is None or self.raised_at is None:
            return self.raised_at
        if arose.tzinfo is None:
            raise EngineError("when the disagreement arose must carry a time zone")
        return min(arose.astimezone(UTC), self.raised_at)

    def _raise_due(self) -> datetime | None:
        within = self.policy.raise_within
        arose = self._arose_at()
        return None if within is None or arose is None else within.due(self.calendar, arose)

    def _target_due(self) -> datetime | None:
        """The target, counted from raising or from when the case reached its stage (or a
        later one, if that stage was skipped)."""
        target = self.policy.target
        start = self.raised_at
        if target.counted_from == "arose":
            start = self._arose_at()
        elif target.counted_from != "raised":
            position = self.policy.stage_index(target.counted_from)
            reached = [
                v.started_at
                for v in self.visits
                if self.policy.stage_index(v.stage.key) >= position
            ]
            start = reached[0] if reached else None
        return None if start is None else shifted(self.calendar, target.within, start, self.pauses)

    def state(self, now: datetime, actor: Actor | None = None) -> CaseState:
        if self.raised_at is None:
            raise EngineError("there are no events: an escalation starts with 'raised'")
        history: list[StageVisit] = []
        for visit in self.visits:
            visit.base_deadline = base_deadline(
                self.policy, self.facts, self.calendar, self.visits, visit, self.pauses
            )
            steps, deadline = step_states(
                self.facts,
                self.calendar,
                visit,
                now,
                self.pauses,
                self.visits[: visit.index],
            )
            meeting = visit.stage.meeting
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
                    timescale_of(self.policy, visit.stage, self.facts),
                    None
                    if meeting is None or meeting.convene_within is None
                    else meeting.convene_within.due(self.calendar, visit.started_at),
                    visit.convened_at,
                    tuple(self._period(p) for p in self.pauses if p.visit == visit.index),
                    reminders_only(self.policy, visit.stage, self.facts),
                )
            )
        current_visit = self.visits[-1]
        current = history[-1]
        is_open = self.status == "open"
        unconvened = current.convene_by if current.convened_at is None else None
        timed: list[Fired] = []
        warnings: list[NotificationDue] = []
        next_warning = None
        if is_open:
            timed = self.notices.timed(current_visit, current.deadline, now)
            warnings, next_warning = warnings_due(
                self.policy, self.calendar, current, current_visit.tag, now
            )
        overdue: list[str] = []
        if is_open:
            overdue = [
                f"step:{s.key}"
                for s in current.steps
                if s.overdue and s.done_at is None and s.needed
            ]
            if current.deadline is not None and now > current.deadline:
                overdue.insert(0, f"stage:{current.key}")
            if unconvened is not None and now > unconvened:
                overdue.append(f"meeting:{current.key}")
        held = held_moves(self.policy, self.facts, self.visits) if is_open else []
        has_next = self.policy.stage_index(current.key) + 1 < len(self.policy.stages)
        passed = current.deadline is not None and now > current.deadline
        moving_on = is_open and has_next and passed and all(m.kind != "escalate" for m in held)
        offered = moving_on and current_visit.stage.offer_escalation_when_overdue
        pending = [s for s in current.steps if s.done_at is None and s.needed]
        who: tuple[Party, ...] = ()
        if is_open:
            who = pending[0].who if pending else tuple(current_visit.stage.actors)
        deadlines = [s.due for s in pending if s.due is not None]
        if unconvened is not None:
            deadlines.append(unconvened)
        if current.deadline is not None:
            deadlines.append(current.deadline)
        notifications = [n for n in (*self.immediate, *warnings) if n.id not in self.sent]
        notifications += self.notices.due((*self.notices.fired, *timed), self.sent)
        return CaseState(
            status=self.status,
            raised_at=self.raised_at,
            target_due=self._target_due(),
            target_from=None
            if self.policy.target.counted_from in ("raised", "arose")
            else self.policy.stage(self.policy.target.counted_from).title,
            current=current,
            history=tuple(history),
            who_must_act=who,
            overdue=tuple(overdue),
            notifications_due=tuple(sorted(notifications, key=lambda n: (n.due, n.id))),
            allowed_actions=tuple(
                allowed_actions(
                    self.policy,
                    self.facts,
                    self.status,
                    current_visit.stage,
                    current.steps,
                    offered,
                    paused=bool(self.pauses) and self.pauses[-1].end is None,
                    actor=actor,
                    held={move.stage for move in held},
                )
            ),
            final_decision=self.decision,
            next_deadline=min(deadlines) if is_open and deadlines else None,
            escalation_offered=offered,
            sent=frozenset(self.sent),
            next_warning=next_warning,
            decisions=tuple(self.decisions),
            arose_at=self._arose_at(),
            paused=self._period(self.pauses[-1])
            if is_open and self.pauses and self.pauses[-1].end is None
            else None,
            raise_due=self._raise_due(),
            escalate_automatically=current.deadline
            if moving_on and current_visit.stage.escalate_when_overdue
            else None,
            held=tuple(held),
        )
