"""The shape of a policy file.

Each class is one section of the YAML file. Field descriptions are shown to the person
writing the file when a value is missing or wrong, so they say what to write.
Cross-references (a role, a stage, a step named elsewhere) are checked by
``escalate.policy.references`` once the shape is right.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from escalate.policy.durations import Duration
from escalate.policy.fields import AgencyKind as AgencyKind
from escalate.policy.fields import (
    DurationValue,
    Flag,
    Key,
    Text,
    deadline_short_form,
    version_text,
)
from escalate.policy.roles import STANDARD_ROLES
from escalate.policy.sections import (
    Category,
    Counterparts,
    May,
    NotAnEscalation,
    PauseReason,
    Procedure,
    Requirements,
    RoleDefinition,
    Section,
    Source,
    WorkingDay,
)
from escalate.policy.sections import CounterpartEntry as CounterpartEntry
from escalate.policy.sections import Parties as Parties
from escalate.policy.sections import Party as Party

ChildStatus = Literal["cp-plan", "looked-after", "child-in-need", "early-help", "none"]
CHILD_STATUSES: tuple[ChildStatus, ...] = (
    "cp-plan",
    "looked-after",
    "child-in-need",
    "early-help",
    "none",
)
Timescale = Literal["indicative", "mandatory"]
DocumentKind = Literal[
    "escalation-notice",
    "resolution-form",
    "outcome-letter",
    "written-representation",
    "panel-decision",
]
Trigger = Literal[
    "raised",
    "stage-start",
    "stage-end",
    "step-done",
    "before-deadline",
    "deadline-passed",
    "escalated",
    "resolved",
    "withdrawn",
    "final-decision",
    "policy-gap",
]
MeetingKind = Literal["meeting", "panel", "mediation", "round-table", "case-review-group"]
Inclusion = Literal["required", "where-possible", "no"]
StepEvent = Literal["conference-requested"]
GENERAL = "general"
"""The key of the ladder in a policy's own ``stages``: every policy has that route."""
GENERAL_TITLE = "The escalation procedure"
Nation = Literal["england", "wales", "scotland", "northern-ireland"]


class Target(Section):
    text: Text = Field(description="the policy's own words for its overall target")
    within: DurationValue = Field(description="the target as a deadline, like '1 working week'")
    timescale: Timescale = "indicative"
    counted_from: Key = Field(
        "raised",
        alias="from",
        description="raised (the default), arose (when the disagreement arose), or the key "
        "of the stage the target counts from",
    )


class ImmediateAction(Section):
    key: Key
    text: Text = Field(description="what the practitioner must do, in the policy's words")
    tell: Parties = Field(default_factory=list, description="who must be told")
    within: DurationValue = Field(
        Duration("immediately"), description="how soon, like 'immediately'"
    )


class ImmediateRisk(Section):
    guidance: Text = Field(
        description="what the policy says to do when a child is at immediate risk"
    )
    actions: list[ImmediateAction] = Field(min_length=1)
    stage_deadline: DurationValue | None = Field(
        None, description="the timescale every stage then has, like 'same working day'"
    )
    start_at: Key | None = Field(None, description="the key of the stage the case starts at")


class Deadline(Section):
    within: DurationValue = Field(description="like '5 working days' or 'same working day'")
    after: Key | None = Field(
        None, description="the key of an earlier step in this stage to count from"
    )
    stage: Key | None = Field(
        None, description="the key of an earlier stage, when the step in 'after' is in it"
    )


DeadlineValue = Annotated[Deadline, BeforeValidator(deadline_short_form)]


class StepCondition(Section):
    step: Key = Field(description="the key of an earlier step of this stage")
    outcome: list[Key] = Field(
        min_length=1, description="the outcomes of that step for which this step applies"
    )


class Step(Section):
    key: Key
    title: Text
    who: Parties = Field(min_length=1, description="the roles that take this step")
    due: DeadlineValue | None = None
    record: list[Text] = Field(default_factory=list)
    document: DocumentKind | None = Field(
        None, description="the document this step sends, like escalation-notice"
    )
    warn_before: DurationValue | None = Field(
        None, description="a warning this long before the deadline, like '2 working days'"
    )
    outcomes: list[Key] = Field(
        default_factory=list, description="the outcomes recorded with it, like [agreed, not-agreed]"
    )
    only_if: StepCondition | None = Field(
        None, alias="if", description="the earlier step's outcome for which this step applies"
    )
    event: StepEvent | None = Field(
        None,
        description="the event that records it where it is more than a step done, like "
        "conference-requested",
    )


class Condition(Section):
    child_status: list[ChildStatus] | None = None
    immediate_risk: Flag | None = None
    raising_agency: list[AgencyKind] | None = Field(
        None, description="the kinds of agency raising it, like [childrens-social-care]"
    )
    receiving_agency: list[AgencyKind] | None = Field(
        None, description="the kinds of agency it is with, like [childrens-social-care]"
    )

    @property
    def names_agencies(self) -> bool:
        return self.raising_agency is not None or self.receiving_agency is not None


class Notification(Section):
    key: Key
    to: Parties = Field(min_length=1, description="who is told")
    when: Trigger = Field(description="what causes it, like stage-start or resolved")
    step: Key | None = Field(None, description="the step whose completion causes it (step-done)")
    before: DurationValue | None = Field(
        None, description="for before-deadline: how long before the deadline, like '1 working day'"
    )
    within: DurationValue = Field(
        Duration("immediately"), description="how soon after the cause it must be sent"
    )
    only_if: Condition | None = Field(None, alias="if")
    document: DocumentKind | None = None
    copy_only: Flag = Field(False, alias="copy")
    text: Text = Field(description="what the policy says about telling them")


class SkipRule(Section):
    when: Literal["immediate-risk", "discretion"]
    by: list[Key] = Field(default_factory=list, description="the roles whose discretion it is")
    text: Text = ""


class Membership(Section):
    min_agencies: int = Field(0, ge=0)
    disputing_agencies: Inclusion = "no"
    chair_from_uninvolved_agency: Flag = False
    members: list[Key] = Field(default_factory=list, description="the roles that may sit")
    text: Text = ""


class Meeting(Section):
    kind: MeetingKind
    name: Text
    convened_by: Parties = Field(min_length=1)
    chair: Parties = Field(default_factory=list)
    membership: Membership = Membership()
    representations: Flag = False
    reports_to: Parties = Field(default_factory=list)
    convene_within: DurationValue | None = None
    step: Key | None = Field(
        None, description="the step of this stage that recording the meeting as held completes"
    )


class Decision(Section):
    by: Parties = Field(min_length=1, description="who makes the decision")
    binding: Flag = Field(description="true when the decision binds every agency")
    final: Flag = True
    text: Text


class Stage(Section):
    key: Key
    number: int = Field(ge=1, description="the stage's number as the policy gives it")
    title: Text = Field(description="the stage's title in the policy's own words")
    guidance: Text
    actors: Parties = Field(min_length=1, description="the roles that act at this stage")
    deadline: DeadlineValue | None = None
    timescale: Timescale = "indicative"
    steps: list[Step] = Field(default_factory=list)
    record: list[Text] = Field(default_factory=list)
    notify: list[Notification] = Field(default_factory=list)
    documents: list[DocumentKind] = Field(default_factory=list)
    skip: list[SkipRule] = Field(default_factory=list)
    contacts: Parties = Field(
        default_factory=list,
        description="people the stage's guidance tells practitioners to contact, beside its actors",
    )
    meeting: Meeting | None = None
    decision: Decision | None = None
    offer_escalation_when_overdue: Flag = True
    escalate_when_overdue: Flag = Field(
        False, description="true to move on to the next stage by itself when the deadline passes"
    )
    warn_before: DurationValue | None = Field(
        None, description="a warning this long before the deadline, like '2 working days'"
    )
    may: May = Field(May(), description="who may take each action at this stage")
    requires: Requirements = Field(
        default_factory=list,
        description="steps of earlier stages that must be done before the case moves on to "
        "this stage (or past it), like [send-escalation-notice]",
    )


class FinalAllowance(Section):
    stage: Key
    within: DurationValue


class Cap(Section):
    key: Key
    text: Text
    first_stage: Key
    last_stage: Key
    within: DurationValue
    timescale: Timescale = "indicative"
    final_stage: FinalAllowance | None = None
    only_if: Condition | None = Field(
        None, alias="if", description="when the cap applies, like {immediate_risk: true}"
    )


class Route(Section):
    """A procedure of its own beside the general ladder (the file's ``stages``)."""

    key: Key
    title: Text = Field(description="the procedure's name in the policy's words")
    text: Text = Field(description="what the policy says about when this procedure is used")
    started_by: list[Key] = Field(
        default_factory=list,
        description="the roles that may start it, like [independent-reviewing-officer]; "
        "empty means anyone who may raise an escalation",
    )
    only_if: Condition | None = Field(
        None, alias="if", description="for which cases, like {child_status: [looked-after]}"
    )
    stages: list[Stage] = Field(min_length=1)
    caps: list[Cap] = Field(default_factory=list)
    target: Target | None = Field(None, description="its own target, else the policy's")
    notify: list[Notification] = Field(default_factory=list)


class Policy(Section):
    id: Key = Field(description="a short identifier, like 'brent'")
    partnership: Text = Field(description="the partnership's full name")
    short_name: Text
    title: Text = Field(description="the policy's title")
    version: Annotated[str, BeforeValidator(version_text)] = Field(description="like '2'")
    effective_date: dt.date = Field(description="the date it took effect, like 2014-12-03")
    source: Source
    reference_prefix: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(
        description="three capital letters that begin each escalation's reference, like 'BRE'"
    )
    nation: Nation = Field(description="england, wales, scotland or northern-ireland")
    working_day: WorkingDay = WorkingDay()
    target: Target
    immediate_risk: ImmediateRisk
    roles: list[RoleDefinition] = Field(default_factory=list)
    categories: list[Category] = Field(min_length=1)
    not_escalations: list[NotAnEscalation] = Field(default_factory=list)
    stages: list[Stage] = Field(min_length=1)
    caps: list[Cap] = Field(default_factory=list)
    notify: list[Notification] = Field(default_factory=list)
    warn_before: DurationValue | None = Field(
        None, description="a warning this long before the deadline, like '2 working days'"
    )
    pause_reasons: list[PauseReason] = Field(
        default_factory=list, description="what the policy allows the clock to wait for"
    )
    raise_within: DurationValue | None = Field(
        None,
        description="how soon after the disagreement arose it must be raised, like "
        "'2 working days'",
    )
    counterparts: list[Counterparts] = Field(default_factory=list)
    procedures: list[Procedure] = Field(default_factory=list)
    route_title: Text = Field(
        GENERAL_TITLE, description="the name of the ladder in 'stages', where there are routes"
    )
    routes: list[Route] = Field(default_factory=list, description="other procedures")
    learning: list[Text] = Field(default_factory=list)

    def stage(self, key: str) -> Stage:
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(key)

    def stage_index(self, key: str) -> int:
        return [stage.key for stage in self.stages].index(key)

    def names_agencies(self) -> bool:
        """Whether any condition in the policy depends on the agencies' kinds."""
        notes = [*self.notify, *(n for stage in self.stages for n in stage.notify)]
        conditions = [n.only_if for n in notes] + [cap.only_if for cap in self.caps]
        return any(c is not None and c.names_agencies for c in conditions)

    def role_label(self, key: str) -> str:
        for role in self.roles:
            if role.key == key:
                return role.label
        return STANDARD_ROLES.get(key, key)

    def counterpart(self, role: str, agency: str) -> str | None:
        """The title of ``role`` in ``agency``, or the fallback where the agency has none."""
        for table in self.counterparts:
            if table.role == role:
                for entry in table.entries:
                    if entry.agency.casefold() == agency.casefold():
                        return entry.title
                return table.fallback
        return None

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "partnership": self.partnership,
            "title": self.title,
            "version": self.version,
            "effective_date": self.effective_date.isoformat(),
        }
