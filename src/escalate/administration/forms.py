"""The person form of the administration pages; its choices are the partnership's own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms

# Digits with spaces, an optional leading + and an extension: "01632 960 123", "+44 1632 960123".
PHONE = re.compile(r"\+?[0-9][0-9 ]{5,24}(?: ext\.? ?[0-9]{1,6})?")

ACTIVE = [("yes", "Yes"), ("no", "No: they can no longer sign in")]


class PersonForm(forms.Form):
    agency = forms.ChoiceField(
        label="Agency", error_messages={"required": "Choose the agency they work for"}
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The job title must be 200 characters or fewer"},
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="Where Escalate sends their emails, and shown to colleagues as a contact.",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    phone = forms.CharField(
        label="Work telephone (optional)",
        required=False,
        max_length=30,
        help_text="Shown to colleagues where the policy names their role. For example, "
        "01632 960 123",
        error_messages={"max_length": "The telephone number must be 30 characters or fewer"},
    )
    line_manager = forms.ChoiceField(label="Line manager (optional)", required=False)
    active = forms.ChoiceField(
        label="Can they sign in?",
        choices=ACTIVE,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they can sign in"},
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What they do under the partnership's policies. Choose all that apply.",
        error_messages={"invalid_choice": "Choose roles from the list"},
    )

    def clean_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data.get("phone") or "").split())
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                "Enter a telephone number using digits, spaces and + only, like 01632 960 123"
            )
        return phone

    def __init__(
        self,
        *args: Any,
        agencies: Sequence[tuple[int, str]],
        managers: Sequence[tuple[int, str]],
        roles: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose an agency"), *agencies]  # type: ignore[attr-defined]
        self.fields["line_manager"].choices = [("", "Nobody"), *managers]  # type: ignore[attr-defined]
        self.fields["roles"].choices = list(roles)  # type: ignore[attr-defined]
