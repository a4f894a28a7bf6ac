"""Versions of a shipped policy that say more, or less, about how firm its timescales are
(issue 14, item 13): ``timescale: indicative`` in so many words sends reminders only when a
deadline passes; a file that says nothing (every shipped file) is alerted as before."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

from escalate.partnerships.models import Partnership, PolicyVersion

STATED = re.compile(r"^ +timescale: indicative\n", re.M)


def shipped_text(policy_id: str) -> str:
    path = resources.files("escalate.policy") / "policies" / f"{policy_id}.yaml"
    return path.read_text(encoding="utf-8")


def publish(partnership: Partnership, text: str, version: str) -> PolicyVersion:
    """``text`` as a new version of ``partnership``'s policy, in force from 1 January 2026."""
    text = re.sub(r'^version: ".*"$', f'version: "{version}"', text, count=1, flags=re.M)
    return PolicyVersion.objects.create(
        partnership=partnership, version=version, effective_date=dt.date(2026, 1, 1), text=text
    )


def unstated(policy_id: str) -> str:
    """The shipped file with any ``timescale: indicative`` line taken out (the shipped files
    write none: this keeps the tests that need a file saying nothing true if one does)."""
    return STATED.sub("", shipped_text(policy_id))


def with_timescales_unstated(partnership: Partnership, policy_id: str) -> PolicyVersion:
    """A version of the shipped policy that says nothing about how firm its timescales are,
    so a passing deadline alerts whoever must act, their managers and the raiser."""
    return publish(partnership, unstated(policy_id), "unstated")
