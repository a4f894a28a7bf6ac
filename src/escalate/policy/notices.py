"""Which of the policy's notifications a case has triggered, and which are still to send."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from escalate.policy.case import CaseFacts, Event, NotificationDue
from escalate.policy.clock import WorkingCalendar
from escalate.policy.conditions import holds
from escalate.policy.deadlines import before
from escalate.policy.schema import Notification, Policy, Trigger
from escalate.policy.visit import Visit


@dataclass
class Fired:
    note: Notification
    stage: str | None
    at: datetime
    ident: str


def applies(note: Notification, facts: CaseFacts) -> bool:
    """Whether the notification's ``if`` holds for the case."""
    return holds(note.only_if, facts)


class Notices:
    """The notifications fired as the events are replayed, in the order they fired."""

    def __init__(self, policy: Policy, facts: CaseFacts, calendar: WorkingCalendar) -> None:
        self.policy = policy
        self.facts = facts
        self.calendar = calendar
        self.fired: list[Fired] = []

    def _fire(
        self,
        notes: Iterable[Notification],
        when: Trigger,
        at: datetime,
        stage: str | None,
        tag: str,
    ) -> None:
        for note in notes:
            if note.when == when and applies(note, self.facts):
                self.fired.append(Fired(note, stage, at, f"{note.key}@{tag}"))

    def fire_policy(self, when: Trigger, at: datetime, tag: str) -> None:
        self._fire(self.policy.notify, when, at, None, tag)

    def fire_stage(
        self, when: Trigger, at: datetime, visit: Visit, step: str | None = None
    ) -> None:
        notes = [n for n in visit.stage.notify if step is None or n.step == step]
        self._fire(notes, when, at, visit.stage.key, visit.tag + (f":{step}" if step else ""))
        if step is None:
            self._fire(self.policy.notify, when, at, visit.stage.key, visit.tag)

    def circumstances(self, event: Event, visits: list[Visit], is_open: bool) -> CaseFacts:
        """The child's circumstances changed (``event``): the case's facts from then on,
        returned. While it is open, the notifications of the current stage's start
        and of its raising whose condition holds now but did not before fire at the event
        (each at most once: the same identity as when the stage started or it was raised)."""
        before = self.facts
        facts = replace(before, child_status=event.child_status or before.child_status)
        self.facts = facts
        if not is_open or not visits:
            return facts
        visit, at = visits[-1], event.at
        done = {item.ident for item in self.fired}
        starts: list[tuple[Notification, str | None, str]] = [
            (n, visit.stage.key, visit.tag) for n in visit.stage.notify if n.step is None
        ]
        starts += [(n, visit.stage.key, visit.tag) for n in self.policy.notify]
        starts += [(n, None, "raised") for n in self.policy.notify if n.when == "raised"]
        for note, stage, tag in starts:
            ident = f"{note.key}@{tag}"
            if (
                note.when == ("raised" if tag == "raised" else "stage-start")
                and ident not in done
                and applies(note, facts)
                and not applies(note, before)
            ):
                self.fired.append(Fired(note, stage, at, ident))
                done.add(ident)
        return facts

    def timed(self, visit: Visit, deadline: datetime | None, now: datetime) -> list[Fired]:
        """Notifications caused by time passing on the current stage of an open case."""
        if deadline is None:
            return []
        fired: list[Fired] = []
        for note in (*visit.stage.notify, *self.policy.notify):
            if not applies(note, self.facts):
                continue
            if note.when == "before-deadline" and note.before is not None:
                at = before(self.calendar, deadline, note.before)
                if at <= now:
                    fired.append(Fired(note, visit.stage.key, at, f"{note.key}@{visit.tag}"))
            elif note.when == "deadline-passed" and now > deadline:
                fired.append(Fired(note, visit.stage.key, deadline, f"{note.key}@{visit.tag}"))
        return fired

    def due(self, fired: Iterable[Fired], sent: set[str]) -> list[NotificationDue]:
        """The fired notifications not yet sent, as the engine reports them."""
        return [
            NotificationDue(
                id=item.ident,
                key=item.note.key,
                to=tuple(item.note.to),
                trigger=item.note.when,
                stage=item.stage,
                triggered_at=item.at,
                due=item.note.within.due(self.calendar, item.at),
                text=item.note.text,
                document=item.note.document,
                copy=item.note.copy_only,
            )
            for item in fired
            if item.ident not in sent
        ]
