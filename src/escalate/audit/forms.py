"""The audit log's filters: who, which escalation, from and to which day, refused only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms

from escalate.policy.clock import LONDON


@dataclass(frozen=True)
class AuditFilter:
    who: str = ""
    reference: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None  # exclusive
    refused_only: bool = False


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LONDON)


class AuditFilterForm(forms.Form):
    who = forms.CharField(
        label="Person",
        required=False,
        max_length=150,
        help_text="Their username, or part of their name",
    )
    reference = forms.CharField(
        label="Escalation reference",
        required=False,
        max_length=40,
        help_text="For example BRE-2026-0001",
    )
    since = forms.DateField(
        label="From",
        required=False,
        help_text="The first day, for example 2026-12-01",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the first day as a date, like 2026-12-01"},
    )
    until = forms.DateField(
        label="To",
        required=False,
        help_text="The last day, for example 2026-12-31",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the last day as a date, like 2026-12-31"},
    )
    refused = forms.BooleanField(label="Only refused attempts", required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, dt.date) and isinstance(until, dt.date) and until < since:
            self.add_error("until", "The last day must be the same as or after the first day")
        return data

    def wanted(self) -> AuditFilter:
        """What was asked for; a wrong field is left out (and its message shown)."""
        if not self.is_bound:
            return AuditFilter()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        since = data.get("since")
        until = data.get("until")
        return AuditFilter(
            who=(data.get("who") or "").strip(),
            reference=(data.get("reference") or "").strip().upper(),
            since=_day_start(since) if since else None,
            until=_day_start(until + dt.timedelta(days=1))
            if until and "until" not in self.errors
            else None,
            refused_only=bool(data.get("refused")),
        )
