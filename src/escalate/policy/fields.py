"""The values a policy file's fields take: keys, texts, flags, deadlines, times of day.

Each is a type with a validator that turns what YAML gives into the value, or refuses it
with a message that says what to write. ``schema`` builds the sections from these.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Strict

from escalate.policy.durations import Duration, parse_duration

AgencyKind = Literal[
    "school",
    "health",
    "police",
    "childrens-social-care",
    "probation",
    "housing",
    "voluntary",
    "local-authority",
    "other",
    "partnership",
]
"""The kinds of agency a condition may name (the partnership's agencies each have one)."""

_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def _key(value: object) -> object:
    if isinstance(value, str) and not _KEY.match(value):
        raise ValueError(
            f"'{value}' is not a valid key. Use lower-case letters, digits and single hyphens, "
            "starting with a letter, for example 'line-managers'"
        )
    return value


def _duration(value: object) -> Duration:
    if isinstance(value, Duration):
        return value
    return parse_duration(value)


def _time(value: object) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not _TIME.match(value.strip()):
        raise ValueError(
            f"'{value}' is not a time of day. Write it as HH:MM in quotes, like '17:00'"
        )
    hours, minutes = value.strip().split(":")
    return dt.time(int(hours), int(minutes))


def _text(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        raise ValueError("this text is empty. Write the words the policy uses")
    return value


def version_text(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def deadline_short_form(value: object) -> object:
    """Allow the short form ``deadline: 5 working days`` for a deadline from the stage start."""
    if isinstance(value, str):
        return {"within": value}
    return value


def requirements_short_form(value: object) -> object:
    """Allow ``step`` (of the stage before) or ``stage/step`` strings for ``{step, stage}``."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        found: list[object] = []
        for item in value:
            if isinstance(item, str) and "/" in item:
                stage, _, step = item.partition("/")
                found.append({"stage": stage.strip(), "step": step.strip()})
            elif isinstance(item, str):
                found.append({"step": item})
            else:
                found.append(item)
        return found
    return value


def parties_short_form(value: object) -> object:
    """Allow ``role`` or ``role@side`` strings as a short form of ``{role, side}``."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        parties: list[object] = []
        for item in value:
            if isinstance(item, str):
                role, _, side = item.partition("@")
                parties.append({"role": role.strip(), "side": side.strip() or "raising"})
            else:
                parties.append(item)
        return parties
    return value


Key = Annotated[str, BeforeValidator(_key)]
Flag = Annotated[bool, Strict()]
Text = Annotated[str, BeforeValidator(_text)]
DurationValue = Annotated[Duration, BeforeValidator(_duration)]
TimeOfDay = Annotated[dt.time, BeforeValidator(_time)]
