"""Forms for meetings, learning and the report's period. Messages say what to do."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms import BoundField

from escalate.escalations.forms import MAX_TEXT, VersionedForm
from escalate.policy.clock import LONDON
from escalate.reports.models import LearningKind

_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def _text(label: str, required: str, *, optional: bool = False, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=not optional,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea,
        error_messages={
            "required": required,
            "max_length": f"{label} must be {MAX_TEXT:,} characters or fewer",
        },
    )


def _choices(form: forms.Form, name: str, choices: Sequence[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def parse_date(day: str, month: str, year: str, what: str) -> dt.date:
    """A date from GOV.UK date input parts; ValueError with a message saying what to write."""
    parts = [(p or "").strip() for p in (day, month, year)]
    if not any(parts):
        raise ValueError(f"Enter the {what}")
    missing = [n for n, p in zip(("a day", "a month", "a year"), parts, strict=True) if not p]
    if missing:
        raise ValueError(f"The {what} must include {' and '.join(missing)}")
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        raise ValueError(f"The {what} must be a real date, like 27 3 2026") from None


class DateTimeMixin(forms.Form):
    """Day, month, year and time fields for when something takes place."""

    day = forms.CharField(label="Day", required=False, max_length=2)
    month = forms.CharField(label="Month", required=False, max_length=2)
    year = forms.CharField(label="Year", required=False, max_length=4)
    time = forms.CharField(
        label="Time",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time, for example 14:30"},
    )
    what = "date"

    @property
    def date_parts(self) -> list[BoundField]:
        return [self["day"], self["month"], self["year"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            day = parse_date(
                data.get("day", ""), data.get("month", ""), data.get("year", ""), self.what
            )
        except ValueError as error:
            self.add_error("day", str(error))
            return data
        found = _TIME.match(data.get("time") or "")
        if data.get("time") and not found:
            self.add_error("time", "Enter the time as hours and minutes, for example 14:30")
            return data
        if found:
            moment = dt.time(int(found.group(1)), int(found.group(2)))
            data["starts_at"] = dt.datetime.combine(day, moment, tzinfo=LONDON)
        return data


class ConveneForm(DateTimeMixin, VersionedForm):
    members = forms.MultipleChoiceField(
        label="Members",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People in the partnership's agencies who hold a role the policy names.",
    )
    chair = forms.ChoiceField(label="Who will chair it?", required=False)
    place = forms.CharField(
        label="Where will it be held?",
        max_length=300,
        help_text="A room and address, or how to join a video call.",
        error_messages={"required": "Enter where it will be held"},
    )
    reason = _text(
        "If an agency in dispute cannot be a member, say why",
        "",
        optional=True,
        help_text="Only needed where the policy asks for them 'where possible'.",
    )
    what = "date of the meeting"

    def __init__(
        self,
        *args: Any,
        members: Sequence[tuple[int, str]],
        chairs: Sequence[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "members", members)
        _choices(self, "chair", [("", "Choose the chair"), *chairs])


class RearrangeForm(DateTimeMixin, VersionedForm):
    place = forms.CharField(
        label="Where will it be held?",
        max_length=300,
        help_text="A room and address, or how to join a video call.",
        error_messages={"required": "Enter where it will be held"},
    )
    reason = _text(
        "Why is it rearranged? (optional)",
        "",
        optional=True,
        help_text="Kept on the escalation's record. It is not put in the email.",
    )
    what = "new date of the meeting"


class CancelForm(VersionedForm):
    reason = _text(
        "Why is it cancelled?",
        "Say why it is cancelled",
        help_text="Kept on the escalation's record. It is not put in the email.",
    )


class RepresentationForm(VersionedForm):
    agency = forms.ChoiceField(
        label="For which agency?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the agency the representation is from"},
    )
    text = _text(
        "The written representation",
        "Enter the written representation",
        help_text="What your agency wants the meeting to know, and the outcome it asks for.",
    )

    def __init__(self, *args: Any, agencies: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "agency", agencies)


class HeldForm(VersionedForm):
    attended = forms.MultipleChoiceField(
        label="Who attended?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who attended"},
    )
    discussion = _text("What was discussed", "Enter what was discussed")
    decision = _text(
        "The decision",
        "",
        optional=True,
        help_text="Leave this empty if the decision will be recorded later.",
    )

    def __init__(
        self, *args: Any, members: Sequence[tuple[int, str]], decides: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "attended", members)
        if not decides:
            del self.fields["decision"]


class DecisionForm(VersionedForm):
    decision = _text("The decision", "Enter the decision")


class LearningForm(VersionedForm):
    kind = forms.ChoiceField(
        label="What do you want to record?",
        choices=LearningKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a lesson learnt, a training need or a gap in policy or procedure"
        },
    )
    text = _text(
        "Describe it",
        "Describe the lesson, training need or gap",
        help_text="Do not name the child: say what should change and for whom.",
    )


class DebriefForm(DateTimeMixin, VersionedForm):
    place = forms.CharField(
        label="Where will it be held?",
        max_length=300,
        error_messages={"required": "Enter where the debrief will be held"},
    )
    attendees = _text("Who is asked to come?", "Enter who is asked to come to the debrief")
    what = "date of the debrief"


class AnswerForm(forms.Form):
    answer = _text(
        "Your answer",
        "Enter the answer",
        help_text="What the partnership will do, or why nothing will change.",
    )


# Reports cover years Escalate can have records for (and dates around them can be counted).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodForm(forms.Form):
    start_day = forms.CharField(label="Day", required=False, max_length=2)
    start_month = forms.CharField(label="Month", required=False, max_length=2)
    start_year = forms.CharField(label="Year", required=False, max_length=4)
    end_day = forms.CharField(label="Day", required=False, max_length=2)
    end_month = forms.CharField(label="Month", required=False, max_length=2)
    end_year = forms.CharField(label="Year", required=False, max_length=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found: dict[str, dt.date] = {}
        for part, what in (("start", "first day of the period"), ("end", "last day")):
            try:
                found[part] = parse_date(
                    data.get(f"{part}_day", ""),
                    data.get(f"{part}_month", ""),
                    data.get(f"{part}_year", ""),
                    what,
                )
            except ValueError as error:
                self.add_error(f"{part}_day", str(error))
                continue
            if not FIRST_YEAR <= found[part].year <= LAST_YEAR:
                del found[part]
                self.add_error(
                    f"{part}_year",
                    f"The {what} must be in a year from {FIRST_YEAR} to {LAST_YEAR}",
                )
        if len(found) == 2:
            if found["end"] < found["start"]:
                self.add_error("end_day", "The last day must be the same as or after the first")
            elif (found["end"] - found["start"]).days > 366 * 10:
                self.add_error("end_day", "Choose a period of ten years or less")
            else:
                data["start"], data["end"] = found["start"], found["end"]
        return data
