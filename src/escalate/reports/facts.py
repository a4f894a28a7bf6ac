"""Keeping the report's facts up to date: one engine replay per escalation per change.

Each escalation's facts carry the escalation's version (its number of events). They are
recomputed when the reports' own services record an event (in the same transaction), and
otherwise found stale by a comparison of versions and brought up to date by the worker's
job, a batch a pass, or in bulk by ``python -m django refresh_report_facts``. Pages never
write them: a report or dashboard counts what is stored and says how many escalations
changed since (``facts_behind``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from escalate.escalations.history import engine_history, facts_for
from escalate.escalations.models import Escalation
from escalate.partnerships.models import Partnership
from escalate.policy.engine import calendar_for, evaluate
from escalate.reports.models import CategoryFact, EscalationFacts, StageFact

log = logging.getLogger(__name__)
# Brought up to date before a page is counted; any more are left to the command.
REFRESH_LIMIT = 1000
# Brought up to date by the worker on each pass, per partnership.
JOB_BATCH = 200


def facts_refresh(*, escalation: Escalation, now: dt.datetime | None = None) -> EscalationFacts:
    """Replay ``escalation``'s events once and store what the report counts."""
    now = now or timezone.now()
    escalation = Escalation.objects.select_related("policy_version", "partnership").get(
        pk=escalation.pk
    )
    version = escalation.version
    policy = escalation.policy_version.policy
    events = engine_history(list(escalation.events.filter(sequence__lte=version)))
    state = evaluate(policy, facts_for(escalation), events, max(now, escalation.raised_at))
    keys = [stage.key for stage in policy.stages]
    current = state.current
    ended = state.status != "open"
    ended_at = current.ended_at if ended else None
    days = None
    if state.status in ("resolved", "decided") and ended_at is not None:
        days = calendar_for(policy).working_days_between(escalation.raised_at, ended_at)
    values = {
        "partnership_id": escalation.partnership_id,
        "policy_version_id": escalation.policy_version_id,
        "version": version,
        "raised_at": escalation.raised_at,
        "raising_agency_id": escalation.raising_agency_id,
        "receiving_agency_id": escalation.receiving_agency_id,
        "immediate_risk": escalation.immediate_risk,
        "status": state.status,
        "stage_reached": current.key,
        "stage_reached_position": keys.index(current.key),
        "ended_at": ended_at,
        "ended_stage": current.key if ended else "",
        "working_days": days,
    }
    with transaction.atomic():
        try:
            with transaction.atomic():
                facts, _ = EscalationFacts.objects.update_or_create(
                    escalation=escalation, defaults=values
                )
        except IntegrityError:  # made by someone else at the same moment
            EscalationFacts.objects.filter(escalation=escalation).update(**values)
            facts = EscalationFacts.objects.get(escalation=escalation)
        StageFact.objects.filter(facts=facts).delete()
        StageFact.objects.bulk_create(
            StageFact(
                facts=facts,
                partnership_id=escalation.partnership_id,
                stage=visit.key,
                position=keys.index(visit.key),
                started_at=visit.started_at,
                ended_at=visit.ended_at,
                deadline=visit.deadline,
                met=visit.timescale_met,
            )
            for visit in state.history
        )
        CategoryFact.objects.filter(facts=facts).delete()
        CategoryFact.objects.bulk_create(
            CategoryFact(
                facts=facts,
                partnership_id=escalation.partnership_id,
                raised_at=escalation.raised_at,
                category=category,
            )
            for category in dict.fromkeys(escalation.categories)
        )
    return facts


def stale(partnership: Partnership) -> QuerySet[Escalation]:
    """The partnership's escalations whose facts are missing or older than their events."""
    return (
        Escalation.objects.filter(partnership=partnership)
        .alias(facts_version=F("report_facts__version"))
        .filter(Q(facts_version__isnull=True) | ~Q(facts_version=F("version")))
    )


def facts_behind(partnership: Partnership, limit: int = REFRESH_LIMIT) -> int:
    """How many of the partnership's escalations changed since their facts were stored (at
    most ``limit``, to say so on a page). Reads only: the worker brings them up to date."""
    return len(stale(partnership).values_list("pk", flat=True)[:limit])


def facts_refresh_stale(
    *, partnership: Partnership, limit: int | None = REFRESH_LIMIT, now: dt.datetime | None = None
) -> int:
    """Bring stale facts up to date, oldest change first; returns how many are still stale."""
    pending = stale(partnership).order_by("pk")
    chosen = list(pending[:limit] if limit is not None else pending)
    for escalation in chosen:
        facts_refresh(escalation=escalation, now=now)
    if limit is None or len(chosen) < limit:
        return 0
    return stale(partnership).count()


def facts_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The worker's job: keep the Board report's stored facts up to date with the events, a
    batch a pass; one escalation that cannot be worked out never holds up the rest."""
    counts = {"facts refreshed": 0, "errors": 0}
    for partnership in Partnership.objects.all():
        for escalation in stale(partnership).order_by("pk")[:JOB_BATCH]:
            try:
                facts_refresh(escalation=escalation, now=now)
            except Exception:  # The report can wait; the messages cannot.
                log.exception("Could not refresh report facts for %s", escalation.reference)
                counts["errors"] += 1
            else:
                counts["facts refreshed"] += 1
    return counts
