"""Legal holds: while one is in force the escalation is never anonymised, whatever its date
(litigation, a safeguarding practice review, an inquiry, a subject's complaint)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from escalate.escalations.models import Escalation
from escalate.escalations.services import ActionRefused
from escalate.partnerships.models import Person
from escalate.privacy.models import Anonymisation, LegalHold


def hold_place(
    *, escalation: Escalation, by: Person, reason: str, now: dt.datetime | None = None
) -> LegalHold:
    if not reason.strip():
        raise ActionRefused("Enter why the escalation must be kept (the reason for the hold)")
    if Anonymisation.objects.filter(escalation=escalation).exists():
        raise ActionRefused(f"{escalation.reference} has already been anonymised")
    try:
        with transaction.atomic():
            return LegalHold.objects.create(
                escalation=escalation,
                reason=reason.strip(),
                placed_by=by,
                placed_at=now or timezone.now(),
            )
    except IntegrityError:
        raise ActionRefused(f"{escalation.reference} is already on legal hold") from None


def hold_release(*, hold: LegalHold, by: Person, now: dt.datetime | None = None) -> LegalHold:
    updated = LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
        released_at=now or timezone.now(), released_by=by
    )
    if not updated:
        raise ActionRefused("That hold has already been released")
    hold.refresh_from_db()
    return hold
