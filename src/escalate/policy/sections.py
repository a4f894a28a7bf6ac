"""The leaf sections of a policy file: parts that hold only values or parties. A party is
a role on a side; ``may`` names the parties who may take each action at a stage.

``schema`` builds the policy from these and from its own sections, and re-exports them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from escalate.policy.fields import (
    Key,
    Text,
    TimeOfDay,
    parties_short_form,
    requirements_short_form,
)
from escalate.policy.roles import Side


class Section(BaseModel):
    """Every section refuses keys it does not know, so a typing mistake is never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Source(Section):
    document: Text = Field(description="the published title of the policy document")
    file: str = Field("", description="the seed or file the policy was transcribed from")
    url: str = ""


class WorkingDay(Section):
    start: TimeOfDay = Field(dt.time(9, 0), description="when the working day starts, like '09:00'")
    end: TimeOfDay = Field(dt.time(17, 0), description="when the working day ends, like '17:00'")

    @model_validator(mode="after")
    def _start_before_end(self) -> WorkingDay:
        if self.start >= self.end:
            raise ValueError(
                f"the working day starts at {self.start:%H:%M} but ends at {self.end:%H:%M}. "
                "Write a start earlier than the end, like start: '09:00' and end: '17:00'"
            )
        return self


class Category(Section):
    key: Key
    label: Text


class RoleDefinition(Section):
    key: Key
    label: Text


class CounterpartEntry(Section):
    agency: Text
    title: Text


class Counterparts(Section):
    role: Key = Field(description="the role looked up per agency, like senior-liaison-officer")
    guidance: Text = ""
    entries: list[CounterpartEntry] = Field(min_length=1)
    fallback: Text = Field(description="who to approach where an agency has no such post")


class PauseReason(Section):
    key: Key
    label: Text = Field(description="what the escalation waits for, like 'the strategy meeting'")
    text: Text = ""


class Procedure(Section):
    key: Key
    title: Text
    text: Text
    category: Key | None = None


class Party(Section):
    role: Key = Field(description="a role, such as line-manager or designated-safeguarding-lead")
    side: Side = Field(
        "raising", description="raising, receiving, both or partnership: whose role this is"
    )


Parties = Annotated[list[Party], BeforeValidator(parties_short_form)]


class NotAnEscalation(Section):
    key: Key
    label: Text = Field(description="the matter, like 'a complaint about a professional's conduct'")
    go_to: Text = Field(description="where it goes instead, like 'the LADO'")
    guidance: Text = Field(description="what the practitioner should do instead")
    contact: Parties = Field(
        default_factory=list, description="whom to contact about it instead, like the LADO"
    )


class May(Section):
    """Who may take each action at a stage. An action left out keeps Escalate's own rule
    (``escalate.policy.permits``); one listed is open to those parties and nobody else."""

    escalate: Parties | None = Field(
        None, description="who may escalate to the next stage, like [line-manager@both]"
    )
    resolve: Parties | None = Field(
        None, description="who may record that it is resolved, like [line-manager@both]"
    )
    withdraw: Parties | None = Field(
        None, description="who may withdraw the escalation, like [practitioner@raising]"
    )
    skip: Parties | None = Field(
        None, description="who may skip from this stage to a later one, like [iro@partnership]"
    )
    record_decision: Parties | None = Field(
        None,
        description="who may record the stage's decision, like [partnership-chair@partnership]",
    )

    def listed(self) -> dict[str, list[Party]]:
        """The actions the stage names, by the engine's name for each, with their parties."""
        named = {
            "escalate": self.escalate,
            "resolve": self.resolve,
            "withdraw": self.withdraw,
            "skip": self.skip,
            "record-decision": self.record_decision,
        }
        return {kind: parties for kind, parties in named.items() if parties is not None}


class Requirement(Section):
    """A step a stage waits for (``requires``)."""

    step: Key = Field(description="the key of a step that must be done first")
    stage: Key | None = Field(
        None,
        description="the key of the earlier stage the step is in; the stage just before "
        "this one when left out",
    )


Requirements = Annotated[list[Requirement], BeforeValidator(requirements_short_form)]
