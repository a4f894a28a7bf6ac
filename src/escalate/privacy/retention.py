"""How long each closed escalation's personal details are kept, and the worker's job that
anonymises those past their date.

An escalation is kept for the longer of its two agencies' periods after it closed: each
agency's period is the partnership's override for its kind, or else the partnership's
default. The date is worked out from the Board report's stored facts (when it closed) and
kept in ``RetentionDue``, recomputed when the escalation or the settings change.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from escalate.documents.wording import long_date
from escalate.escalations.models import Escalation, Status
from escalate.escalations.sweep import window
from escalate.partnerships.models import Agency, AgencyKind, Partnership, Person
from escalate.privacy.anonymise import escalation_anonymise
from escalate.privacy.models import (
    LegalHold,
    PrivacySettings,
    RetentionDue,
    RetentionOverride,
)
from escalate.reports.models import EscalationFacts, PublishingRules

log = logging.getLogger(__name__)
JOB_BATCH = 200


def settings_for(partnership: Partnership) -> PrivacySettings:
    """The partnership's settings; the defaults (unsaved) if it has never set them."""
    found = PrivacySettings.objects.filter(partnership=partnership).first()
    return found or PrivacySettings(partnership=partnership)


def overrides_for(partnership: Partnership) -> dict[str, int]:
    return dict(
        RetentionOverride.objects.filter(partnership=partnership).values_list(
            "agency_kind", "years"
        )
    )


def add_years(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February, in a year that has none
        return moment.replace(year=moment.year + years, day=28)


def years_words(years: int) -> str:
    return "1 year" if years == 1 else f"{years} years"


def period_for(
    raising: Agency, receiving: Agency, default: int, overrides: dict[str, int]
) -> tuple[int, str]:
    """(years, why): the longer of the two agencies' periods, and the reason in words."""
    kinds = dict(AgencyKind.choices)
    periods = []
    for agency in (raising, receiving):
        if agency.kind in overrides:
            label = str(kinds.get(agency.kind, agency.kind)).lower()
            years = overrides[agency.kind]
            periods.append((years, f"{agency.name} is {label}: kept {years_words(years)}"))
        else:
            periods.append((default, f"the partnership's default: kept {years_words(default)}"))
    return max(periods, key=lambda period: period[0])


def _stale(partnership: Partnership | None = None) -> QuerySet[Escalation]:
    """Closed escalations (the partnership's, or all), not anonymised, whose report facts are
    current, with no retention date yet or one worked out at an older version."""
    found = Escalation.objects.all()
    if partnership is not None:
        found = found.filter(partnership=partnership)
    return (
        found.exclude(status=Status.OPEN)
        .filter(
            report_facts__version=F("version"),
            report_facts__ended_at__isnull=False,
            anonymisation__isnull=True,
        )
        .filter(Q(retention_due__isnull=True) | ~Q(retention_due__version=F("version")))
    )


def retention_refresh(*, partnership: Partnership, limit: int | None = JOB_BATCH) -> int:
    """Work out the retention date of closed escalations that need it; returns how many."""
    chosen = _stale(partnership).select_related("raising_agency", "receiving_agency")
    chosen = chosen.order_by("pk")
    return _work_out(partnership, list(chosen[:limit] if limit is not None else chosen))


def _swept_dates() -> int:
    """The retention dates still to work out among this pass's slice of the escalations
    (``escalations.sweep``: a date is needed years ahead, so the minutes a sweep takes to
    come round do not matter), for every partnership; returns how many."""
    chosen = (
        _stale()
        .filter(window("retention").of())
        .select_related("partnership", "raising_agency", "receiving_agency")
        .order_by("pk")[:JOB_BATCH]
    )
    by_partnership: dict[int, list[Escalation]] = {}
    for escalation in chosen:
        by_partnership.setdefault(escalation.partnership_id, []).append(escalation)
    return sum(_work_out(found[0].partnership, found) for found in by_partnership.values())


def _work_out(partnership: Partnership, escalations: list[Escalation]) -> int:
    """Store each escalation's retention date (closed, with current report facts)."""
    if not escalations:
        return 0
    settings = settings_for(partnership)
    overrides = overrides_for(partnership)
    closed = dict(
        EscalationFacts.objects.filter(escalation__in=escalations).values_list(
            "escalation_id", "ended_at"
        )
    )
    for escalation in escalations:
        years, because = period_for(
            escalation.raising_agency,
            escalation.receiving_agency,
            settings.retention_years,
            overrides,
        )
        closed_at = closed[escalation.pk]
        assert closed_at is not None  # chosen for their report facts' end
        RetentionDue.objects.update_or_create(
            escalation=escalation,
            defaults={
                "partnership": partnership,
                "closed_at": closed_at,
                "years": years,
                "because": because,
                "retain_until": add_years(closed_at, years),
                "version": escalation.version,
            },
        )
    return len(escalations)


def due_list(partnership: Partnership) -> QuerySet[RetentionDue]:
    """What is due for anonymising, soonest first: one indexed query, for a page at a time."""
    return (
        RetentionDue.objects.filter(partnership=partnership)
        .select_related("escalation")
        .annotate(
            held=Exists(
                LegalHold.objects.filter(
                    escalation=OuterRef("escalation"), released_at__isnull=True
                )
            )
        )
        .order_by("retain_until", "id")
    )


def _due_now(partnership: Partnership, now: dt.datetime) -> QuerySet[RetentionDue]:
    on_hold = LegalHold.objects.filter(released_at__isnull=True).values("escalation")
    return (
        RetentionDue.objects.filter(partnership=partnership, retain_until__lte=now)
        .filter(version=F("escalation__version"))
        .exclude(escalation__in=on_hold)
        .exclude(escalation__status=Status.OPEN)
        .select_related("escalation")
        .order_by("retain_until", "id")
    )


def retention_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The worker's job: work out retention dates, then anonymise every closed escalation
    past its date and not on legal hold, a batch a pass. One that fails never holds up the
    rest (it is tried again next pass)."""
    counts = {"retention dates": _swept_dates(), "anonymised": 0, "errors": 0}
    for partnership in Partnership.objects.all():
        for due in _due_now(partnership, now)[:JOB_BATCH]:
            reason = f"Retention period ended: closed {long_date(due.closed_at)}, {due.because}"
            try:
                escalation_anonymise(escalation=due.escalation, by=None, reason=reason, now=now)
            except Exception:  # One escalation must not stop the rest.
                log.exception("Could not anonymise %s", due.escalation.reference)
                counts["errors"] += 1
            else:
                counts["anonymised"] += 1
    return counts


def settings_update(
    *,
    partnership: Partnership,
    by: Person,
    retention_years: int,
    suppress_below: int,
    overrides: dict[str, int],
    now: dt.datetime | None = None,
) -> PrivacySettings:
    """Change the partnership's retention settings and the report's threshold for small
    counts; every retention date is worked out again."""
    now = now or timezone.now()
    with transaction.atomic():
        settings, _ = PrivacySettings.objects.update_or_create(
            partnership=partnership,
            defaults={"retention_years": retention_years, "updated_at": now, "updated_by": by},
        )
        PublishingRules.objects.update_or_create(
            partnership=partnership, defaults={"suppress_below": suppress_below}
        )
        RetentionOverride.objects.filter(partnership=partnership).exclude(
            agency_kind__in=list(overrides)
        ).delete()
        for kind, years in overrides.items():
            RetentionOverride.objects.update_or_create(
                partnership=partnership, agency_kind=kind, defaults={"years": years}
            )
        RetentionDue.objects.filter(partnership=partnership).delete()
        retention_refresh(partnership=partnership, limit=None)
    return settings
