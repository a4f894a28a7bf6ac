"""Small template helpers."""

from __future__ import annotations

from typing import Any

from django import template

from escalate.escalations.forms import outcome_label

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``{{ titles|get_item:key }}``: a dictionary lookup by a variable key."""
    return mapping.get(key, key)


@register.filter
def outcome(key: str) -> str:
    """A step's recorded outcome in words."""
    return outcome_label(str(key))
