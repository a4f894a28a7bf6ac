"""What an import would change, shown before it is done and applied all at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction


@dataclass(frozen=True)
class Change:
    line: int
    verb: str  # "add" or "change"
    what: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.verb} {self.what}"


@dataclass
class Plan:
    """The changes an import makes; ``apply`` makes them in one transaction."""

    kind: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    steps: list[Callable[[], Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        added = sum(1 for change in self.changes if change.verb == "add")
        return {"add": added, "change": len(self.changes) - added, "unchanged": self.unchanged}

    def summary(self) -> str:
        counts = self.counts()
        return (
            f"{self.kind}: {counts['add']} to add, {counts['change']} to change, "
            f"{counts['unchanged']} already as the file says"
        )

    def apply(self) -> None:
        with transaction.atomic():
            for step in self.steps:
                step()
