"""Uploading a new version of the partnership's policy (partnership administrators only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from escalate.partnerships.models import Person
from escalate.partnerships.services import PolicyRefused, policy_upload
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
            return str(upload.name or "policy.yaml"), str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be UTF-8 text. Save it as UTF-8") from None


@login_required
def policy_upload_view(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    if person.agency is None or "partnership-administrator" not in person.role_keys():
        raise Http404("Not found")
    partnership = person.agency.partnership
    if request.method == "POST":
        form = PolicyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            name, text = form.cleaned_data["file"]
            try:
                version = policy_upload(
                    partnership=partnership,
                    text=text,
                    name=name,
                    uploaded_by=person,
                )
            except PolicyRefused as refusal:
                for problem in refusal.messages:
                    form.add_error("file", problem)
            else:
                messages.success(request, f"Version {version.version} of the policy is saved")
                return redirect("policy-upload")
    else:
        form = PolicyUploadForm()
    return render(
        request,
        "partnerships/policy_upload.html",
        {
            "form": form,
            "versions": partnership.policy_versions.order_by("-effective_date"),
        },
    )
