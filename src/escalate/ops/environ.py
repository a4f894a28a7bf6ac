"""Reading settings from environment variables: each reader returns the value or stops the
process with a message saying which variable is wrong and what to write instead."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def seconds(name: str, default: float) -> float:
    """A number of seconds above 0 (``default`` when the variable is unset or empty)."""
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        value = -1
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be a number of seconds above 0, like {default:g}")
    return value


def flag(name: str, default: bool) -> bool:
    """On or off: true/false, yes/no, on/off or 1/0 (``default`` when unset)."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def whole_number(name: str, default: int, most: int) -> int:
    """A whole number from 1 to ``most`` (minutes, a count of attempts)."""
    try:
        value = int(os.environ.get(name, str(default)))
    except ValueError:
        value = 0
    if not 1 <= value <= most:
        raise ImproperlyConfigured(
            f"{name} must be a whole number from 1 to {most}, like {default}"
        )
    return value
