"""The forms of the policy pages: the file uploaded, and the date a draft comes into force."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from escalate.policy.limits import MAX_POLICY_BYTES


class PolicyUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the policy file (YAML)",
        error_messages={
            "required": "Select the policy file to upload",
            "empty": "The file is empty",
        },
    )

    def clean_file(self) -> tuple[str, str]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_POLICY_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024:,.0f} KB. A policy file can be at most "
                f"{MAX_POLICY_BYTES // 1024} KB: check that this is the right file"
            )
        try:
            return str(upload.name or "policy.yaml")[:200], str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be UTF-8 text. Save it as UTF-8") from None


class PublishForm(forms.Form):
    """The day the draft comes into force: today or later."""

    day = forms.CharField(label="Day", required=False)
    month = forms.CharField(label="Month", required=False)
    year = forms.CharField(label="Year", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [(data.get(k) or "").strip() for k in ("day", "month", "year")]
        if not all(parts):
            self.add_error("day", "Enter the date the new version comes into force, like 5 1 2027")
            return data
        try:
            if len(parts[2]) != 4:
                raise ValueError("the year is not four digits")
            effective = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            self.add_error("day", "The date it comes into force must be a real date")
            return data
        today = timezone.localdate()
        if effective < today:
            self.add_error(
                "day", f"The date it comes into force must be today ({today:%-d %B %Y}) or later"
            )
        elif effective > today + dt.timedelta(days=3 * 366):
            self.add_error("day", "The date it comes into force must be within three years")
        data["effective_date"] = effective
        return data


def publish_initial(day: dt.date) -> dict[str, str]:
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
