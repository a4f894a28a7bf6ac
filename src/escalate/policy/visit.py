"""One stage as the engine replays it: when it started, which steps are done, how it ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from escalate.policy.case import StageEnd
from escalate.policy.schema import Stage


@dataclass
class Visit:
    stage: Stage
    index: int
    started_at: datetime
    base_deadline: datetime | None
    done: dict[str, datetime] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    ended_at: datetime | None = None
    ended_by: StageEnd | None = None
    convened_at: datetime | None = None

    @property
    def tag(self) -> str:
        """The visit's part of a notification id: the stage key and the visit's position."""
        return f"{self.stage.key}#{self.index}"
