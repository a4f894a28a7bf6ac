"""The escalation page's timeline says of each event only what it recorded, in words: the
stage it moved to by its title, a pause's reason by the policy's label (or as recorded, if
the policy has no such reason), a step's outcome in words; newest first."""

from __future__ import annotations

import datetime as dt
from importlib import resources

from escalate.escalations.forms import outcome_label
from escalate.escalations.models import Event
from escalate.escalations.timeline import timeline
from escalate.policy.loader import load_policy_text
from escalate.policy.schema import Policy

AT = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)


def brent() -> Policy:
    """Brent's policy, with a reason its clock may wait for."""
    text = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text("utf-8")
    text += "\npause_reasons:\n  - key: strategy-meeting\n    label: the strategy meeting\n"
    return load_policy_text(text, "brent.yaml")


def event(sequence: int, kind: str, **data: object) -> Event:
    return Event(sequence=sequence, kind=kind, at=AT, data=data, text="")


def test_each_event_says_only_what_it_recorded_newest_first() -> None:
    policy = brent()
    second = policy.stages[1]
    reason = policy.pause_reasons[0]
    events = [
        event(1, "raised"),
        event(2, "escalated", to_stage=second.key),
        event(3, "paused", reason=reason.key),
        event(4, "paused", reason="a-reason-the-policy-no-longer-has"),
        event(5, "step-completed", outcome="agreed"),
        event(6, "discussion", who="the social worker", method="phone", agreed="a visit"),
    ]
    entries = timeline(events, policy)
    assert [entry.event.sequence for entry in entries] == [6, 5, 4, 3, 2, 1]
    discussion, step, unknown, paused, escalated, raised = entries
    assert (discussion.who, discussion.method, discussion.agreed) == (
        "the social worker",
        "phone",
        "a visit",
    )
    assert discussion.disagreed == ""
    assert step.outcome == outcome_label("agreed")
    assert unknown.waiting_for == "a-reason-the-policy-no-longer-has"
    assert paused.waiting_for == reason.label
    assert escalated.to_stage == second.title
    assert (raised.to_stage, raised.who, raised.waiting_for, raised.outcome) == ("", "", "", "")
