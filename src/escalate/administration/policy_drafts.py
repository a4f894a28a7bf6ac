"""Authoring a new version of the partnership's policy without fear: a file the loader
accepts is kept as a draft, which its administrator looks at (the ladder, the worst case of a
sample case, the differences from the version in force) and then publishes with an effective
date, today or later. The version in force is worked out from the effective dates whenever it
is read (``Partnership.policy_in_force``), so a version published for a later date comes into
force on that date by itself, with nothing written then. Escalations stay on the version
they were raised under. Uploading and publishing are in the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from escalate.administration.services import administers
from escalate.audit.models import Outcome
from escalate.audit.services import audit_record
from escalate.partnerships.models import Partnership, Person, PolicyDraft, PolicyVersion
from escalate.partnerships.services import PolicyRefused, policy_check, policy_version_create
from escalate.policy.differences import Change, Part, differences, parts
from escalate.policy.samples import RouteSamples, Sample, route_samples, sample_start, samples
from escalate.policy.schema import Policy


def _partnership(actor: Person) -> Partnership:
    partnership = administers(actor)
    if partnership is None:
        raise PolicyRefused(["Only a partnership administrator can change the policy"])
    return partnership


def policy_draft_upload(*, actor: Person, text: str, name: str, path: str = "") -> PolicyDraft:
    """Keep ``text`` as a draft if the loader accepts it; else ``PolicyRefused`` with every
    problem, and nothing kept. Either way the upload is in the audit log."""
    partnership = _partnership(actor)
    try:
        policy = policy_check(partnership=partnership, text=text, name=name)
    except PolicyRefused:
        audit_record(
            person=actor,
            what=f"Policy file refused: {name}",
            outcome=Outcome.DONE,
            method="POST",
            path=path,
        )
        raise
    with transaction.atomic():
        draft = PolicyDraft.objects.create(
            partnership=partnership,
            version=policy.version,
            file_name=name[:200],
            text=text,
            uploaded_by=actor,
        )
        audit_record(
            person=actor,
            what=f"Policy draft uploaded: version {policy.version} ({name})",
            outcome=Outcome.DONE,
            method="POST",
            path=path,
        )
    return draft


@transaction.atomic
def policy_draft_publish(
    *, actor: Person, draft: PolicyDraft, effective_date: dt.date, path: str = ""
) -> PolicyVersion:
    """Publish ``draft`` as a version in force from ``effective_date`` (today or later)."""
    partnership = _partnership(actor)
    draft = PolicyDraft.objects.select_for_update().get(pk=draft.pk, partnership=partnership)
    if draft.published_id is not None:
        raise PolicyRefused(
            [f"This draft was published already, as version {draft.published.version}"]  # type: ignore[union-attr]
        )
    today = timezone.localdate()
    if effective_date < today:
        raise PolicyRefused(
            [
                f"The date it comes into force must be today ({today:%-d %B %Y}) or later: "
                "escalations already raised stay on the version they were raised under, so a "
                "version cannot start in the past"
            ]
        )
    version = policy_version_create(
        partnership=partnership,
        text=draft.text,
        name=draft.file_name,
        effective_date=effective_date,
        uploaded_by=actor,
    )
    draft.published = version
    draft.save(update_fields=["published"])
    audit_record(
        person=actor,
        what=f"Policy version {version.version} published, in force from "
        f"{effective_date:%-d %B %Y}",
        outcome=Outcome.DONE,
        method="POST",
        path=path,
    )
    return version


@dataclass(frozen=True)
class Preview:
    """What a draft would do, beside the version in force on the day it would start."""

    draft: PolicyDraft
    policy: Policy
    in_force: PolicyVersion | None
    start: dt.datetime
    samples: list[Sample]
    changes: list[Change]
    routes: list[RouteSamples]

    @property
    def grouped_changes(self) -> list[tuple[str, list[str]]]:
        """The changes under the part of the policy each is in, in order."""
        groups: dict[str, list[str]] = {}
        for change in self.changes:
            groups.setdefault(change.where, []).append(change.what)
        return list(groups.items())

    @property
    def ladder(self) -> list[Part]:
        return parts(self.policy)


def default_effective_date(policy: Policy) -> dt.date:
    """The file's own effective date, or today when that has passed."""
    return max(policy.effective_date, timezone.localdate())


def _in_force(draft: PolicyDraft, day: dt.date) -> PolicyVersion | None:
    """The version an escalation raised on ``day`` would be under, the draft left out."""
    versions = draft.partnership.policy_versions.exclude(pk=draft.published_id or 0)
    versions = versions.order_by("-effective_date", "-uploaded_at")
    return versions.filter(effective_date__lte=day).first() or versions.last()


def policy_draft_preview(draft: PolicyDraft, day: dt.date | None = None) -> Preview:
    """The draft's ladder, its worst cases for a sample case raised on ``day`` (by default
    the day it would come into force) and its differences from the version in force then."""
    policy = draft.policy
    if day is None:
        published = draft.published
        day = published.effective_date if published else default_effective_date(policy)
    in_force = _in_force(draft, day)
    old = in_force.policy if in_force is not None else None
    start = sample_start(day)
    return Preview(
        draft=draft,
        policy=policy,
        in_force=in_force,
        start=start,
        samples=samples(policy, old, start),
        changes=[] if old is None else differences(old, policy),
        routes=route_samples(policy, old, start),
    )
