"""Forms for signing the notice, completing the resolution form and confirming the agreed
outcome. Every message says what to do: "Enter the information of concern"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from escalate.documents.resolution import DELIVERY, MAIN_REASONS
from escalate.escalations.forms import MAX_TEXT, VersionedForm
from escalate.escalations.models import NeedLevel


def _text(
    label: str, required: str, name: str, *, help_text: str = "", optional: bool = False
) -> Any:
    return forms.CharField(
        label=label,
        required=not optional,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea,
        error_messages={
            "required": required,
            "max_length": f"{name} must be {MAX_TEXT:,} characters or fewer",
        },
    )


def _line(label: str, required: str, name: str, *, limit: int = 200, optional: bool = False) -> Any:
    return forms.CharField(
        label=label,
        required=not optional,
        max_length=limit,
        error_messages={
            "required": required,
            "max_length": f"{name} must be {limit:,} characters or fewer",
        },
    )


def _declaration(label: str, required: str) -> Any:
    """A single checkbox (as a one-choice list, so it renders like every other checkbox)."""
    return forms.MultipleChoiceField(
        label="Declaration",
        choices=[("yes", label)],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": required},
    )


class NoticeForm(VersionedForm):
    information = _text(
        "Information of concern",
        "Enter the information of concern",
        "The information of concern",
        help_text=(
            "What the notice records: the issue raised and why it leaves the child unsafe. "
            "It starts as what was written when the escalation was raised; change it as needed."
        ),
    )
    role = _line("Your role", "Enter your role", "Your role")
    signed = _declaration(
        "I have checked this notice and I sign it",
        "Confirm that you have checked the notice and sign it",
    )


class NoticeCorrectionForm(NoticeForm):
    reason = _text(
        "What is corrected, and why",
        "Enter what the correction is and why",
        "What is corrected",
        help_text="The corrected notice says this, and that it replaces the one issued before.",
    )


class NoticeCompletionForm(VersionedForm):
    issues = _text(
        "Issues raised",
        "Enter the issues raised",
        "The issues raised",
        help_text="It starts as the notice's information of concern; change it as needed.",
    )
    lessons = _text("Lessons learnt", "Enter the lessons learnt", "The lessons learnt")


class ResolutionForm(VersionedForm):
    parents = _line("Parents (optional)", "", "Parents", limit=400, optional=True)
    lead_practitioner = _line(
        "Lead practitioner and agency",
        "Enter the lead practitioner and their agency",
        "Lead practitioner and agency",
        limit=400,
    )
    need_level = forms.ChoiceField(
        label="Continuum of need",
        choices=NeedLevel.choices,
        error_messages={"required": "Select the level on the continuum of need"},
    )
    procedures = _line(
        "Procedures the case is managed under",
        "Enter the procedures the case is managed under",
        "Procedures the case is managed under",
        limit=400,
    )
    main_reasons = forms.MultipleChoiceField(
        label="Main reason for escalation",
        help_text="Select all that apply.",
        choices=MAIN_REASONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the main reason for the escalation"},
    )
    action = _text("Action", "Enter the action agreed", "The action")
    practitioners_informed = _text(
        "Practitioners informed",
        "Enter the practitioners who were informed",
        "Practitioners informed",
    )
    delivery = forms.ChoiceField(
        label="Method of delivery",
        choices=DELIVERY,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the form is delivered"},
    )
    issues = _text("Issues raised", "Enter the issues raised", "Issues raised")
    lessons = _text(
        "Lessons learnt",
        "Enter the lessons learnt, or write 'None'",
        "Lessons learnt",
    )

    def __init__(self, *args: Any, late: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late = list(late)
        for key, title in self.late:
            self.fields[f"reason_{key}"] = _text(
                f"Why was the timescale for {title} not met?",
                f"Enter why the timescale for {title} was not met",
                "The reason",
            )

    def reasons(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"reason_{key}", "") for key, _ in self.late}


class ConfirmForm(VersionedForm):
    side = forms.ChoiceField(
        label="You are confirming for",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which agency you are confirming for"},
    )
    confirmed = _declaration(
        "I confirm this is the outcome we agreed, and how any outstanding issue will be pursued",
        "Confirm that this is the outcome you agreed",
    )

    def __init__(self, *args: Any, sides: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["side"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(sides)
        if len(sides) == 1:
            field.initial = sides[0][0]
            field.widget = forms.HiddenInput()
