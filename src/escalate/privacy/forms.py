"""The data protection page's forms. Messages say what to do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BoundField

from escalate.escalations.forms import MAX_TEXT
from escalate.partnerships.models import AgencyKind
from escalate.reports.forms import parse_date

KINDS = [(k, label) for k, label in AgencyKind.choices if k != "partnership"]


def _years(label: str, *, required: bool, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        max_value=100,
        help_text=help_text,
        error_messages={
            "required": f"Enter {label.lower()}, in whole years",
            "invalid": f"{label} must be a whole number of years, like 6",
            "min_value": f"{label} must be at least 1 year",
            "max_value": f"{label} must be 100 years or fewer",
        },
    )


class SettingsForm(forms.Form):
    retention_years = _years(
        "Years kept after closing",
        required=True,
        help_text="For every escalation, unless an agency's kind below keeps it longer.",
    )
    suppress_below = forms.IntegerField(
        label="Smallest count shown in published tables",
        min_value=0,
        max_value=100,
        help_text="Counts under this are shown as '<N' in the Board report, its CSV and PDF. "
        "0 shows every count.",
        error_messages={
            "required": "Enter the smallest count shown, like 5",
            "invalid": "The smallest count shown must be a whole number, like 5",
            "min_value": "The smallest count shown must be 0 or more",
            "max_value": "The smallest count shown must be 100 or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in KINDS:
            self.fields[f"kind_{kind}"] = _years(
                f"{label}: years kept",
                required=False,
                help_text="Leave empty to use the partnership's default.",
            )

    def overrides(self) -> dict[str, int]:
        data = self.cleaned_data
        return {k: data[f"kind_{k}"] for k, _ in KINDS if data.get(f"kind_{k}") is not None}


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label="Escalation reference",
        max_length=20,
        help_text="Like BRE-2026-0001",
        error_messages={"required": "Enter the escalation's reference, like BRE-2026-0001"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason",
            "max_length": f"The reason must be {MAX_TEXT:,} characters or fewer",
        },
    )

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip().upper()


class ChildForm(forms.Form):
    """The child a subject access request is about: name and date of birth."""

    name = forms.CharField(
        label="Child's full name",
        max_length=200,
        error_messages={"required": "Enter the child's full name"},
    )
    day = forms.CharField(label="Day", required=False, max_length=2)
    month = forms.CharField(label="Month", required=False, max_length=2)
    year = forms.CharField(label="Year", required=False, max_length=4)

    @property
    def date_parts(self) -> list[BoundField]:
        return [self["day"], self["month"], self["year"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["born"] = parse_date(
                data.get("day", ""), data.get("month", ""), data.get("year", ""), "date of birth"
            )
        except ValueError as error:
            self.add_error("day", str(error))
        return data
