"""The policy pages (partnership administrators only): upload a draft, look at what it would
do, publish it with the date it comes into force. Anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from escalate.administration.policy_drafts import (
    default_effective_date,
    policy_draft_preview,
    policy_draft_publish,
    policy_draft_upload,
)
from escalate.administration.policy_forms import PolicyUploadForm, PublishForm, publish_initial
from escalate.administration.services import administers
from escalate.escalations.models import ChildStatus
from escalate.partnerships.models import Partnership, Person, PolicyDraft, PolicyVersion
from escalate.partnerships.services import PolicyRefused

SHOWN_DRAFTS = 20
SHOWN_VERSIONS = 50


def _partnership(request: HttpRequest) -> Partnership:
    partnership = administers(request.user)  # type: ignore[arg-type]
    if partnership is None:
        raise Http404("Not found")
    return partnership


def _versions(partnership: Partnership) -> list[tuple[PolicyVersion, str]]:
    """Each version, newest first, with what it is today: in force, to come, or replaced."""
    today = timezone.localdate()
    current = partnership.policy_in_force(today)
    rows = []
    versions = partnership.policy_versions.order_by("-effective_date", "-uploaded_at")
    for version in versions[:SHOWN_VERSIONS]:
        if current is not None and version.pk == current.pk:
            status = "In force"
        elif version.effective_date > today:
            status = f"Comes into force on {version.effective_date:%-d %B %Y}"
        else:
            status = "Replaced"
        rows.append((version, status))
    return rows


@login_required
def policy_upload(request: HttpRequest) -> HttpResponse:
    partnership = _partnership(request)
    person: Person = request.user  # type: ignore[assignment]
    posted = request.method == "POST"
    form = PolicyUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        name, text = form.cleaned_data["file"]
        try:
            draft = policy_draft_upload(actor=person, text=text, name=name, path=request.path)
        except PolicyRefused as refusal:
            for problem in refusal.messages:
                form.add_error("file", problem)
        else:
            messages.success(
                request,
                f"Version {draft.version} is checked and kept as a draft. Nothing changes until "
                "you publish it",
            )
            return redirect("policy-draft", pk=draft.pk)
    drafts = partnership.policy_drafts.filter(published__isnull=True).select_related("uploaded_by")
    return render(
        request,
        "partnerships/policy_upload.html",
        {
            "form": form,
            "versions": _versions(partnership),
            "drafts": drafts.order_by("-uploaded_at", "-pk")[:SHOWN_DRAFTS],
        },
    )


@login_required
def policy_draft(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request)
    draft = (
        PolicyDraft.objects.select_related("partnership", "published", "uploaded_by")
        .filter(pk=pk, partnership=partnership)
        .first()
    )
    if draft is None:
        raise Http404("Not found")
    policy = draft.policy
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        initial=publish_initial(default_effective_date(policy)),
    )
    if request.method == "POST" and draft.published_id is None and form.is_valid():
        try:
            version = policy_draft_publish(
                actor=request.user,  # type: ignore[arg-type]
                draft=draft,
                effective_date=form.cleaned_data["effective_date"],
                path=request.path,
            )
        except PolicyRefused as refusal:
            for problem in refusal.messages:
                form.add_error(None, problem)
        else:
            messages.success(
                request,
                f"Version {version.version} is published. It is in force from "
                f"{version.effective_date:%-d %B %Y}",
            )
            return redirect("policy-upload")
    preview = policy_draft_preview(draft)
    return render(
        request,
        "partnerships/policy_draft.html",
        {
            "draft": draft,
            "preview": preview,
            "policy": policy,
            "form": form,
            "statuses": dict(ChildStatus.choices),
        },
    )
