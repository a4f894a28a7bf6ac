"""Forms for raising an escalation (one question per page) and for acting on one.

Every message says what to do, in the GOV.UK style: "Enter the child's full name".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from escalate.escalations.models import ChildStatus, NeedLevel
from escalate.escalations.professionals import Professionals

YES_NO = [("yes", "Yes"), ("no", "No")]
NOT_LISTED = "not-listed"
MAX_TEXT = 5000


def _set_choices(form: forms.Form, name: str, choices: Sequence[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _too_long(name: str) -> str:
    return f"{name} must be {MAX_TEXT:,} characters or fewer"


def _long_text(
    label: str, required: str, *, name: str = "", help_text: str = "", optional: bool = False
) -> Any:
    """A long answer; ``name`` is how messages call it (the label may be a question)."""
    return forms.CharField(
        label=label,
        required=not optional,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea,
        error_messages={
            "required": required,
            "max_length": _too_long(name or label),
        },
    )


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive",
        "inactive": "This account has been closed. Ask your partnership's administrator",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ImmediateRiskForm(forms.Form):
    immediate_risk = forms.ChoiceField(
        label="Is the child at immediate risk of harm?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required("Select yes if the child is at immediate risk of harm"),
    )


class ImmediateActionForm(forms.Form):
    immediate_action = _long_text(
        "What have you done to keep the child safe?",
        "Enter what you have done to keep the child safe",
        name="What you have done",
        help_text="For example, who you told and when, and any referral you made.",
    )


class NotEscalationForm(forms.Form):
    matter = forms.ChoiceField(
        label="Is your concern about one of these?",
        help_text="These are dealt with by other procedures, not by an escalation.",
        widget=forms.RadioSelect,
        error_messages=_required("Select whether your concern is about one of these"),
    )

    def __init__(self, *args: Any, matters: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self,
            "matter",
            [
                *matters,
                ("none", "No, it is a disagreement about what another agency is doing for a child"),
            ],
        )


class AgencyForm(forms.Form):
    agency = forms.ChoiceField(
        label="Which agency do you disagree with?",
        error_messages=_required("Select the agency you disagree with"),
    )

    def __init__(self, *args: Any, agencies: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "agency", [("", "Choose an agency"), *agencies])


class ProfessionalForm(forms.Form):
    professional = forms.ChoiceField(
        label="Who in that agency do you disagree with?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the professional, or select 'They are not listed'",
            "invalid_choice": "Select a professional from the list, or select 'They are not "
            "listed' and enter their name",
        },
    )
    name = forms.CharField(
        label="If they are not listed, their name and role",
        required=False,
        max_length=200,
        error_messages={"max_length": "Name and role must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, found: Professionals, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.found = found  # the page says when more match than are listed
        _set_choices(self, "professional", [*found.choices, (NOT_LISTED, "They are not listed")])
        if found.more:
            self.fields["professional"].help_text = (
                f"The first {len(found.choices)} by surname. If they are not here, search "
                "for them by name or job title below."
            )
        elif found.searched and not found.choices:
            self.fields["professional"].help_text = (
                f"Nobody in the agency matches '{found.searched}'. Search again below, or "
                "select 'They are not listed' and enter their name and role."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("professional") == NOT_LISTED and not (data.get("name") or "").strip():
            self.add_error("name", "Enter the professional's name and role")
        return data


class ChildForm(forms.Form):
    name = forms.CharField(
        label="Child's full name",
        max_length=200,
        error_messages={
            "required": "Enter the child's full name",
            "max_length": "Child's name must be 200 characters or fewer",
        },
    )
    day = forms.CharField(label="Day", required=False)
    month = forms.CharField(label="Month", required=False)
    year = forms.CharField(label="Year", required=False)
    reference = forms.CharField(
        label="Your agency's reference for the child (optional)",
        required=False,
        max_length=60,
        error_messages={"max_length": "Reference must be 60 characters or fewer"},
    )
    status = forms.ChoiceField(
        label="Is the child on any of these?",
        choices=ChildStatus.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the child's status, or 'None of these'"),
    )
    need_level = forms.ChoiceField(
        label="Level on the continuum of need",
        choices=NeedLevel.choices,
        initial=NeedLevel.NOT_KNOWN,
        error_messages=_required("Select the level of need, or 'Not known'"),
    )
    parents_carers = forms.CharField(
        label="Parents or carers (optional)",
        required=False,
        max_length=400,
        error_messages={"max_length": "Parents or carers must be 400 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [(data.get(k) or "").strip() for k in ("day", "month", "year")]
        if not any(parts):
            self.add_error("day", "Enter the child's date of birth")
            return data
        if not all(parts):
            missing = [
                n for n, p in zip(("a day", "a month", "a year"), parts, strict=True) if not p
            ]
            self.add_error("day", f"Date of birth must include {' and '.join(missing)}")
            return data
        try:
            if len(parts[2]) != 4 or len(parts[1]) > 2 or len(parts[0]) > 2:
                raise ValueError("a part is the wrong length")
            born = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            self.add_error("day", "Date of birth must be a real date, like 27 3 2015")
            return data
        if born > timezone.localdate():
            self.add_error("day", "Date of birth must be today or in the past")
        elif born.year < 1990:
            self.add_error("day", "Date of birth must be after 1990: check the year")
        data["date_of_birth"] = born
        return data


class AroseForm(forms.Form):
    """When the disagreement arose: a date, today unless the raiser says otherwise."""

    day = forms.CharField(label="Day", required=False)
    month = forms.CharField(label="Month", required=False)
    year = forms.CharField(label="Year", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [(data.get(k) or "").strip() for k in ("day", "month", "year")]
        if not all(parts):
            self.add_error("day", "Enter the date the disagreement arose, like 27 3 2026")
            return data
        try:
            if len(parts[2]) != 4 or len(parts[1]) > 2 or len(parts[0]) > 2:
                raise ValueError("a part is the wrong length")
            arose = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            self.add_error("day", "The date the disagreement arose must be a real date")
            return data
        today = timezone.localdate()
        if arose > today:
            self.add_error("day", "The date the disagreement arose must be today or in the past")
        elif arose < today - dt.timedelta(days=366):
            self.add_error("day", "The disagreement must have arisen within the last year")
        data["arose_on"] = arose
        return data


class RouteForm(forms.Form):
    route = forms.ChoiceField(
        label="Which procedure are you following?",
        help_text="Your partnership's policy has more than one procedure for this child.",
        widget=forms.RadioSelect,
        error_messages={
            **_required("Select the procedure you are following"),
            "invalid_choice": "Select one of the procedures listed",
        },
    )

    def __init__(self, *args: Any, routes: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "route", routes)


class CategoryForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label="What is the disagreement about?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Select what the disagreement is about"),
    )

    def __init__(self, *args: Any, categories: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "categories", categories)


class DisagreementForm(forms.Form):
    disagreement = _long_text(
        "What do you disagree about?",
        "Describe what you disagree about",
        name="What you disagree about",
        help_text=(
            "Say what the other agency has done, not done or decided, and why you think it "
            "leaves the child unsafe. Keep to what the disagreement is about."
        ),
    )


class OutcomeForm(forms.Form):
    outcome_wanted = _long_text(
        "What outcome do you want for the child?",
        "Enter the outcome you want for the child",
        name="The outcome you want",
    )


# -- acting on an escalation -------------------------------------------------------------


class VersionedForm(forms.Form):
    """Carries the version of the escalation the person was looking at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DiscussionForm(VersionedForm):
    who = forms.CharField(
        label="Who took part?",
        max_length=500,
        error_messages={
            "required": "Enter who took part in the discussion",
            "max_length": "Who took part must be 500 characters or fewer",
        },
    )
    method = forms.ChoiceField(
        label="How did you talk?",
        choices=[
            ("phone", "Phone"),
            ("meeting", "Face to face meeting"),
            ("video", "Video call"),
            ("email", "Email"),
        ],
        widget=forms.RadioSelect,
        error_messages=_required("Select how you talked"),
    )
    agreed = _long_text("Areas of agreement", "", optional=True)
    disagreed = _long_text("Areas of disagreement", "", optional=True)
    text = _long_text("Outcome of the discussion", "Enter the outcome of the discussion")


class ReasonForm(VersionedForm):
    text = _long_text("Why?", "Enter the reason")

    def __init__(
        self, *args: Any, label: str, required: str, name: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].error_messages["required"] = required
        self.fields["text"].error_messages["max_length"] = _too_long(name or label.rstrip("?"))


class PauseForm(VersionedForm):
    """Pausing the clock: what the escalation waits for, chosen from the policy's
    ``pause_reasons``, and a note of what was asked for."""

    reason = forms.ChoiceField(
        label="What is the escalation waiting for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the escalation is waiting for",
            "invalid_choice": "Select what the escalation is waiting for from the list",
        },
    )
    text = _long_text(
        "Note",
        "Enter a note: what was asked for, of whom, and when it is expected",
        name="The note",
        help_text="What was asked for, of whom, and when it is expected.",
    )

    def __init__(self, *args: Any, reasons: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "reason", reasons)


class ResolveForm(VersionedForm):
    text = _long_text(
        "The agreed outcome",
        "Enter the agreed outcome, as confirmed between the parties",
    )
    outstanding = _long_text(
        "How any outstanding issue will be pursued",
        "Enter how any outstanding issue will be pursued, or write 'None'",
    )


def outcome_label(key: str) -> str:
    """A step's outcome as people read it: 'not-agreed' is 'Not agreed'."""
    return key.replace("-", " ").capitalize()


class StepDoneForm(VersionedForm):
    """Recording a step as done where the policy lists the ways it can end (``outcomes``)."""

    outcome = forms.ChoiceField(
        label="What was the outcome?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome",
            "invalid_choice": "Select one of the outcomes listed",
        },
    )
    text = _long_text("What was done", "Enter what was done", name="What was done")

    def __init__(self, *args: Any, outcomes: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "outcome", [(key, outcome_label(key)) for key in outcomes])
