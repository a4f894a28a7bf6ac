"""Keeping the report's facts up to date: one engine replay per escalation per change.

Each escalation's facts carry the escalation's version (its number of events). They are
written by the writer: ``facts_on_event`` is told of every new event inside the transaction
that records it (``escalations.hooks``) and refreshes the facts and the dashboard's counters
(``counts``) there. Should that fail, the event is still recorded, the escalation is marked
``FactsPending`` and the worker's job tries again; the job also finds, by a comparison of
versions, any escalation whose facts were written some other way or not at all, and then
counts the partnership's counters again (the repair path: it looks at a slice of the
escalations a pass, going round, so a pass costs the same at any size; see
``escalations.sweep``). ``python -m django refresh_report_facts`` does the same in bulk.
Pages never write them: a report or dashboard counts what is stored and says how many
escalations are not counted yet (``facts_behind``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from escalate.escalations.history import engine_history, facts_for
from escalate.escalations.models import Escalation, Event
from escalate.escalations.sweep import Slice, window
from escalate.partnerships.models import Partnership
from escalate.policy.engine import calendar_for, evaluate
from escalate.reports import counts
from escalate.reports.models import CategoryFact, EscalationFacts, FactsPending, StageFact

log = logging.getLogger(__name__)
# Brought up to date before a page is counted; any more are left to the command.
REFRESH_LIMIT = 1000
# Brought up to date by the worker on each pass, per partnership.
JOB_BATCH = 200


def facts_refresh(*, escalation: Escalation, now: dt.datetime | None = None) -> EscalationFacts:
    """Replay ``escalation``'s events once and store what the report counts, moving the
    dashboard's counters with them (the escalation is locked, so two refreshes of one
    escalation never count its change twice)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Escalation.objects.select_for_update(of=("self",))
            .select_related("policy_version", "partnership")
            .get(pk=escalation.pk)
        )
        return _refresh(locked, now)


def _refresh(escalation: Escalation, now: dt.datetime) -> EscalationFacts:
    version = escalation.version
    policy = escalation.policy
    events = engine_history(
        list(escalation.events.filter(sequence__lte=version)), escalation.policy
    )
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
        "next_deadline": state.next_deadline if state.status == "open" else None,
    }
    old = EscalationFacts.objects.filter(escalation=escalation).first()
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
        counts.apply(old, facts)
        FactsPending.objects.filter(escalation=escalation).delete()
    return facts


def facts_on_event(escalation: Escalation, event: Event) -> None:
    """Told of each new event in the transaction that records it: the facts and counters
    follow. If they cannot be worked out the event still stands; the worker tries again."""
    try:
        with transaction.atomic():
            facts_refresh(escalation=escalation, now=event.at)
    except Exception:
        log.exception("Could not count escalation %s for the reports", escalation.reference)
        FactsPending.objects.get_or_create(
            escalation_id=escalation.pk,
            defaults={"partnership_id": escalation.partnership_id, "since": event.at},
        )


def stale(partnership: Partnership | None = None) -> QuerySet[Escalation]:
    """The partnership's (or every) escalations whose facts are missing or older than their
    events (a join over all of them: for the command and, a slice a pass, the worker's
    repair; never for a page)."""
    found = Escalation.objects.all()
    if partnership is not None:
        found = found.filter(partnership=partnership)
    return found.alias(facts_version=F("report_facts__version")).filter(
        Q(facts_version__isnull=True) | ~Q(facts_version=F("version"))
    )


def _stale_in(part: Slice) -> QuerySet[Escalation]:
    """``stale()`` among a slice of the sweep, oldest first: both tables read by the range
    of ids (as a join, PostgreSQL read every escalation's facts to match a slice's)."""
    current = EscalationFacts.objects.filter(
        part.of("escalation_id"), escalation=OuterRef("pk"), version=OuterRef("version")
    )
    return Escalation.objects.filter(part.of()).filter(~Exists(current)).order_by("pk")


def facts_behind(partnership: Partnership, limit: int = REFRESH_LIMIT) -> int:
    """How many of the partnership's escalations the writer could not count (at most
    ``limit``, to say so on a page). Reads only: the worker brings them up to date."""
    marked = FactsPending.objects.filter(partnership=partnership)
    return len(marked.values_list("pk", flat=True)[:limit])


def facts_refresh_stale(
    *, partnership: Partnership, limit: int | None = REFRESH_LIMIT, now: dt.datetime | None = None
) -> int:
    """Bring stale facts up to date, oldest change first, then count the partnership's
    counters again if any were found; returns how many are still stale."""
    pending = stale(partnership).order_by("pk")
    chosen = list(pending[:limit] if limit is not None else pending)
    for escalation in chosen:
        facts_refresh(escalation=escalation, now=now)
    if chosen:
        counts.rebuild(partnership.pk)
    if limit is None or len(chosen) < limit:
        return 0
    return stale(partnership).count()


def _refresh_each(escalations: list[Escalation], now: dt.datetime, tally: dict[str, int]) -> None:
    for escalation in escalations:
        try:
            facts_refresh(escalation=escalation, now=now)
        except Exception:  # The report can wait; the messages cannot.
            log.exception("Could not refresh report facts for %s", escalation.reference)
            tally["errors"] += 1
        else:
            tally["facts refreshed"] += 1


def facts_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The worker's job, the repair path: the escalations the writer could not count (a
    batch a partnership), then any whose facts are missing or behind their events among the
    next slice of the sweep (``escalations.sweep``), counting those partnerships' counters
    again after; one escalation that cannot be worked out never holds up the rest."""
    tally = {"facts refreshed": 0, "errors": 0}
    pending: list[int] = []
    for partnership in Partnership.objects.all():
        marked = FactsPending.objects.filter(partnership=partnership).order_by("since")
        pending += [row.escalation_id for row in marked[:JOB_BATCH]]
    _refresh_each(list(Escalation.objects.filter(pk__in=pending)), now, tally)
    found = list(_stale_in(window("report facts")).exclude(pk__in=pending)[:JOB_BATCH])
    _refresh_each(found, now, tally)
    for partnership_id in sorted({escalation.partnership_id for escalation in found}):
        counts.rebuild(partnership_id)
    return tally
