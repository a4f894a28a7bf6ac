"""How the demo's escalation stories are written: a ``Scenario`` and the ``Act``s taken on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Act:
    """One action on a demo escalation, ``gap`` working days after the one before (0: the
    same day, a little later)."""

    action: str
    text: str = ""
    gap: int = 1
    side: str = "raising"
    step: str | None = None
    stage: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    by: str | None = None  # the role preferred to take it, where the stage has several


def discuss(
    text: str, *, gap: int = 1, side: str = "raising", method: str = "phone",
    agreed: str = "", disagreed: str = "", by: str | None = None,
) -> Act:  # fmt: skip
    data = {"method": method, "agreed": agreed, "disagreed": disagreed}
    return Act("record-discussion", text, gap, side, data=data, by=by)


def escalate(text: str = "", *, gap: int = 1, by: str | None = None) -> Act:
    text = text or "Not resolved at this stage, so escalated to the next."
    return Act("escalate", text, gap, by=by)


def done(step: str, text: str, *, gap: int = 1) -> Act:
    return Act("complete-step", text, gap, step=step)


def notice(information: str, *, gap: int = 1) -> Act:
    """The raising side signs and issues the stage's Escalation Notice (which does its step)."""
    return Act("issue-notice", information, gap)


def resolve(outcome: str, outstanding: str = "None", *, gap: int = 1, by: str | None = None) -> Act:
    return Act("resolve", outcome, gap, data={"outstanding": outstanding}, by=by)


def withdraw(text: str, *, gap: int = 1) -> Act:
    return Act("withdraw", text, gap)


def decide(text: str, *, gap: int = 1) -> Act:
    return Act("record-decision", text, gap)


def skip(stage: str, text: str, *, gap: int = 0) -> Act:
    return Act("skip", text, gap, stage=stage)


def note(text: str, *, gap: int = 1) -> Act:
    return Act("add-note", text, gap)


@dataclass(frozen=True)
class Scenario:
    partnership: str
    raiser: str  # agency tag of the raising practitioner
    receiver: str  # agency tag of the agency the disagreement is with
    child: str
    born: dt.date
    reference: str
    child_status: str
    need_level: str
    categories: tuple[str, ...]
    disagreement: str
    outcome: str
    days_back: int  # raised this many working days before ``now``
    acts: tuple[Act, ...]
    immediate_action: str = ""  # set when the child is at immediate risk
    parents: str = ""
    at: dt.time | None = None  # when it was raised; by default some time in the morning


def date(text: str) -> dt.date:
    """A date written as YYYY-MM-DD."""
    return dt.date.fromisoformat(text)
