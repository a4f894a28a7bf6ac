"""The worst case of a sample case under a policy, for every child status, with and without
an immediate risk, beside the same under another version (the one in force), so whoever
writes a new version sees what it does to the dates before anyone is held to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from escalate.policy.case import CaseFacts
from escalate.policy.clock import LONDON
from escalate.policy.routing import on_route
from escalate.policy.schema import CHILD_STATUSES, ChildStatus, Policy
from escalate.policy.timeline import Timeline, worst_case

SAMPLE_HOUR = dt.time(10, 0)


@dataclass(frozen=True)
class Sample:
    child_status: ChildStatus
    immediate_risk: bool
    timeline: Timeline
    ends: dt.datetime | None
    """When the worst case is over (the last stage's deadline or the final decision); None
    when a stage has no deadline, so the rest cannot be dated."""
    in_force_ends: dt.datetime | None
    compared: bool
    """Whether there is a version in force to compare with."""

    @property
    def change(self) -> str:
        """How much later or sooner it is over than under the version in force, in words."""
        if not self.compared:
            return "no version to compare with"
        if self.ends is None or self.in_force_ends is None:
            return "cannot be dated" if self.ends != self.in_force_ends else "neither can be dated"
        return _words(self.ends - self.in_force_ends)


def _words(delta: dt.timedelta) -> str:
    if not delta:
        return "the same"
    later = delta > dt.timedelta(0)
    size = abs(delta)
    days, hours = size.days, size.seconds // 3600
    minutes = size.seconds % 3600 // 60
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if n
    ]
    return f"{' '.join(parts) or 'under a minute'} {'later' if later else 'sooner'}"


def sample_start(day: dt.date) -> dt.datetime:
    """The sample case is raised at 10:00 (Europe/London) on ``day``."""
    return dt.datetime.combine(day, SAMPLE_HOUR, LONDON)


def ends(timeline: Timeline) -> dt.datetime | None:
    if not timeline.complete:
        return None
    state = timeline.state
    if state.final_decision is not None:
        return state.final_decision.at
    deadlines = [visit.deadline for visit in state.history if visit.deadline is not None]
    return max(deadlines) if deadlines else None


def samples(policy: Policy, in_force: Policy | None, start: dt.datetime) -> list[Sample]:
    """One sample per child status, without then with an immediate risk."""
    found = []
    for status in CHILD_STATUSES:
        for risk in (False, True):
            facts = CaseFacts(child_status=status, immediate_risk=risk)
            timeline = worst_case(policy, facts, start)
            before = None if in_force is None else ends(worst_case(in_force, facts, start))
            found.append(
                Sample(status, risk, timeline, ends(timeline), before, in_force is not None)
            )
    return found


@dataclass(frozen=True)
class RouteSamples:
    """The samples on one of the policy's routes (another procedure in the same file)."""

    key: str
    title: str
    samples: list[Sample]


def route_samples(
    policy: Policy, in_force: Policy | None, start: dt.datetime
) -> list[RouteSamples]:
    """The samples on each route, beside the same route of ``in_force`` where it has one."""
    found = []
    for route in policy.routes:
        before = None
        if in_force is not None and any(r.key == route.key for r in in_force.routes):
            before = on_route(in_force, route.key)
        runs = samples(on_route(policy, route.key), before, start)
        found.append(RouteSamples(route.key, route.title, runs))
    return found
