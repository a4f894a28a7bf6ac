"""What the API answers and accepts (OpenAPI 3.1 through django-ninja)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class Agency(Schema):
    id: int
    name: str
    kind: str


class EscalationSummary(Schema):
    reference: str
    status: str
    stage: str = Field(description="the key of the stage it is at")
    raised_at: dt.datetime
    next_deadline: dt.datetime | None
    immediate_risk: bool
    raising_agency: Agency
    receiving_agency: Agency
    version: int = Field(description="send it back with an action: 409 if it has changed")


class EscalationPage(Schema):
    items: list[EscalationSummary]
    next_cursor: int | None = Field(description="pass as ?cursor= for the next page")


class Child(Schema):
    name: str
    date_of_birth: dt.date
    reference: str
    status: str
    need_level: str
    parents_carers: str


class EventOut(Schema):
    sequence: int
    kind: str
    at: dt.datetime
    stage: str
    actor: str | None
    text: str
    data: dict[str, Any]


class Step(Schema):
    key: str
    title: str
    due: dt.datetime | None
    done_at: dt.datetime | None
    overdue: bool


class StageOut(Schema):
    key: str
    number: int
    title: str
    started_at: dt.datetime
    deadline: dt.datetime | None
    ended_at: dt.datetime | None
    steps: list[Step]


class Action(Schema):
    action: str = Field(description="the name to POST to .../actions/")
    label: str
    stage: str | None
    step: str | None


class EscalationDetail(EscalationSummary):
    child: Child
    categories: list[str]
    disagreement: str
    outcome_wanted: str
    immediate_action: str
    target_due: dt.datetime
    stages: list[StageOut]
    events: list[EventOut]
    allowed_actions: list[Action] = Field(description="what the token's person may do now")


class RaiseIn(Schema):
    receiving_agency: int = Field(description="the id of the agency the disagreement is with")
    receiving_professional: int | None = Field(
        None, description="the id of the professional, if they are in the directory"
    )
    receiving_professional_name: str = Field("", description="their name and role otherwise")
    child_name: str
    child_date_of_birth: dt.date
    child_reference: str = ""
    child_status: str = Field(description="cp-plan, looked-after, child-in-need, early-help, none")
    need_level: str = "not-known"
    parents_carers: str = ""
    categories: list[str] = Field(description="keys of the policy's categories")
    disagreement: str
    outcome_wanted: str
    immediate_risk: bool
    immediate_action: str = ""


class ActionIn(Schema):
    action: str = Field(description="one of the escalation's allowed_actions")
    expected_version: int = Field(description="the version the caller last read")
    text: str = ""
    stage: str = ""
    step: str = ""
    outstanding: str = Field("", description="for resolve: anything left to do")
    reason: str = Field("", description="for pause: the key of one of the policy's pause_reasons")
    who: str = Field("", description="for record-discussion")
    method: str = Field("", description="for record-discussion")
    agreed: str = Field("", description="for record-discussion")
    disagreed: str = Field("", description="for record-discussion")


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    note: str


class BoardReportOut(Schema):
    partnership: str
    start: dt.date
    end: dt.date
    tables: list[TableOut]
