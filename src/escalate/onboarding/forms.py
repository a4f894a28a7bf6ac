"""The import page's form."""

from __future__ import annotations

from django import forms

from escalate.onboarding.services import KINDS
from escalate.onboarding.table import MAX_BYTES


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file list?",
        choices=[(key, kind.label) for key, kind in KINDS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the file lists"},
    )
    file = forms.FileField(
        label="Upload the CSV file",
        error_messages={"required": "Select the CSV file to upload", "empty": "The file is empty"},
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB: split it in two")
        return bytes(upload.read())
