"""The engine's one exception."""

from __future__ import annotations


class EngineError(ValueError):
    """An event that the policy does not allow at that point."""
