"""The filters on a list of escalations: a GET form that works without JavaScript.

Officers and managers narrow their list by status, stage, agency and overdue, and search by
reference, the child's name or date of birth, all in one box. A value that is not one of the
choices (an old bookmark, a hand-typed address) is named in a plain message and left out;
the rest of the filters still apply.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms

from escalate.escalations.models import Status

OPEN, CLOSED, ANY = "open", "closed", "any"
STATUSES = [
    (OPEN, "Open"),
    (CLOSED, "Closed (any way)"),
    (Status.RESOLVED.value, "Resolved"),
    (Status.WITHDRAWN.value, "Withdrawn"),
    (Status.DECIDED.value, "Final decision made"),
    (ANY, "Open or closed"),
]
CLOSED_STATUSES = (Status.RESOLVED, Status.WITHDRAWN, Status.DECIDED)

_REFERENCE = re.compile(r"^[A-Za-z]{3}-\d{4}-\d{1,6}$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Search:
    """What the search box asked for: one of a reference, a date of birth or a name."""

    reference: str = ""
    born: dt.date | None = None
    name: str = ""


@dataclass(frozen=True)
class Wanted:
    """The filters, checked: what the list shows."""

    status: str = OPEN
    stage: str = ""
    agency_id: int | None = None
    overdue: bool = False
    search: Search = Search()

    @property
    def narrowed(self) -> bool:
        """Anything beyond the default (open escalations)?"""
        return self != Wanted()


@dataclass(frozen=True)
class Select:
    """A drop-down list of the filters: the field, and each option's value, label and
    whether it is selected."""

    field: forms.BoundField
    options: list[tuple[str, str, bool]]


def _date_parts(text: str) -> tuple[int, int, int] | None:
    if found := _NUMERIC_DATE.match(text):
        return int(found[3]), int(found[2]), int(found[1])
    if found := _ISO_DATE.match(text):
        return int(found[1]), int(found[2]), int(found[3])
    if (found := _WORDS_DATE.match(text)) and found[2].lower() in _MONTHS:
        return int(found[3]), _MONTHS[found[2].lower()], int(found[1])
    return None


def read_search(text: str) -> Search:
    """A reference (BRE-2026-0001), a date of birth (4/5/2016, 4 May 2016, 2016-05-04) or
    part of the child's name."""
    text = " ".join(text.split())
    if not text:
        return Search()
    if _REFERENCE.match(text):
        return Search(reference=text.upper())
    parts = _date_parts(text)
    if parts is not None:
        try:
            return Search(born=dt.date(*parts))
        except ValueError:
            raise forms.ValidationError(
                "Enter a real date of birth, for example 4/5/2016 or 4 May 2016"
            ) from None
    if any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text):
        raise forms.ValidationError(
            "Enter a reference like BRE-2026-0001, a date of birth like 4/5/2016, "
            "or part of the child's name"
        )
    if len(text) < 2:
        raise forms.ValidationError("Enter at least 2 letters of the child's name")
    return Search(name=text)


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=STATUSES,
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        error_messages={"invalid_choice": "Choose a stage from the list"},
    )
    agency = forms.ChoiceField(
        label="Agency (raising or receiving)",
        required=False,
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    overdue = forms.BooleanField(label="Only overdue escalations", required=False)
    q = forms.CharField(
        label="Reference, child's name or date of birth",
        required=False,
        max_length=100,
        error_messages={"max_length": "Enter 100 characters or fewer in the search box"},
    )

    def __init__(
        self,
        data: Any,
        *,
        stages: Sequence[tuple[str, str]],
        agencies: Sequence[tuple[int, str]],
    ) -> None:
        super().__init__(data)
        stage = self.fields["stage"]
        agency = self.fields["agency"]
        assert isinstance(stage, forms.ChoiceField)
        assert isinstance(agency, forms.ChoiceField)
        self._choices: dict[str, list[tuple[str, str]]] = {
            "status": STATUSES,
            "stage": [("", "Any stage"), *stages],
            "agency": [("", "Any agency"), *((str(pk), name) for pk, name in agencies)],
        }
        stage.choices = self._choices["stage"]
        agency.choices = self._choices["agency"]

    def selects(self) -> list[Select]:
        """The status, stage and agency lists as the page draws them, each option marked
        selected or not here, once, rather than by the template for every option."""
        shown = []
        for name, choices in self._choices.items():
            bound = self[name]
            chosen = "" if bound.value() is None else str(bound.value())
            options = [(value, label, value == chosen) for value, label in choices]
            shown.append(Select(bound, options))
        return shown

    def clean_q(self) -> Search:
        return read_search(self.cleaned_data.get("q") or "")

    def wanted(self) -> Wanted:
        """The filters that were right; any that were not are in ``errors``."""
        self.is_valid()
        data = self.cleaned_data
        agency = data.get("agency")
        return Wanted(
            status=data.get("status") or OPEN,
            stage=data.get("stage") or "",
            agency_id=int(agency) if agency else None,
            overdue=bool(data.get("overdue")),
            search=data.get("q") or Search(),
        )
