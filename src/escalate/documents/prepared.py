"""The record for the child's file, made ahead: WeasyPrint takes half a second or more for a
long chronology, so the worker makes the record after each change and the "Make the record"
button is given it at once.

The writer marks the escalation as wanting a new record in the transaction that records
each event (``record_wanted``, an ``escalations.hooks`` listener). The worker's job makes
the marked ones, oldest first, for a few seconds a pass (``case_records_job``). When someone
asks for the record, ``ready_for`` gives the prepared one only if it covers every event and
says exactly what a record made at that moment would say (timescales can change with time
alone: a deadline passes); otherwise the record is made there and then, as before. A prepared
record says it was made by Escalate; the issue event says who asked for it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from escalate.documents.models import DocumentKind, IssuedDocument, PreparedRecord
from escalate.documents.pdf import pdf_for
from escalate.documents.record import record_content
from escalate.documents.selectors import events_of
from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.services import escalation_state

log = logging.getLogger(__name__)
TEMPLATE = "documents/pdf/record.html"
# The worker makes records for at most this long a pass, so sending is never starved.
JOB_SECONDS = 10.0
JOB_BATCH = 50
# What differs between a record made ahead and one made when asked.
WHO_AND_WHEN = ("made_at", "made_by")


def _is_record_issue(event: Event) -> bool:
    return (
        event.kind == EventKind.DOCUMENT_ISSUED
        and event.data.get("kind") == DocumentKind.CASE_RECORD
    )


def record_wanted(escalation: Escalation, event: Event) -> None:
    """Told of each new event in the transaction that records it: a new record is wanted
    (not for the record's own issue, which changes nothing the record says)."""
    if _is_record_issue(event):
        return
    rows = PreparedRecord.objects.filter(escalation_id=escalation.pk)
    if not rows.update(wanted_since=Coalesce(F("wanted_since"), event.at)):
        PreparedRecord.objects.get_or_create(
            escalation_id=escalation.pk, defaults={"wanted_since": event.at}
        )


def content_now(escalation: Escalation, now: dt.datetime) -> dict[str, Any]:
    """What a record made by Escalate at ``now`` says (a few milliseconds: no PDF)."""
    return record_content(
        escalation=escalation,
        policy=escalation.policy,
        state=escalation_state(escalation, now),
        events=events_of(escalation),
        made_by=None,
        now=now,
    )


def _same_record(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def what(content: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in content.items() if k not in WHO_AND_WHEN}

    return what(a) == what(b)


def ready_for(escalation: Escalation, now: dt.datetime) -> PreparedRecord | None:
    """The prepared record, if it covers every event and says what one made at ``now``
    would say."""
    prepared = PreparedRecord.objects.filter(
        escalation_id=escalation.pk, covers_sequence=escalation.version
    ).first()
    if prepared is None or not prepared.content:
        return None
    if not _same_record(prepared.fields, content_now(escalation, now)):
        return None
    return prepared


def prepare(escalation: Escalation, now: dt.datetime) -> bool:
    """Make the record as it stands; stored unless the escalation changed meanwhile (then it
    stays wanted). Nothing is made where the last issued record is still current."""
    escalation = Escalation.objects.select_related(
        "policy_version", "partnership", "raised_by", "raising_agency", "receiving_agency"
    ).get(pk=escalation.pk)
    version = escalation.version
    latest = (
        IssuedDocument.objects.filter(escalation=escalation, kind=DocumentKind.CASE_RECORD)
        .order_by("-created_at")
        .values_list("event__sequence", flat=True)
        .first()
    )
    content = None if latest == version else content_now(escalation, now)
    pdf = b"" if content is None else pdf_for(TEMPLATE, {"doc": content})
    with transaction.atomic():
        if not Escalation.objects.filter(pk=escalation.pk, version=version).exists():
            return False
        PreparedRecord.objects.filter(escalation_id=escalation.pk).update(
            wanted_since=None,
            covers_sequence=version if content is not None else None,
            content=pdf,
            fields=content or {},
            made_at=now if content is not None else None,
        )
    return content is not None


def case_records_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The worker's job: make the records wanted, oldest change first, for at most
    ``JOB_SECONDS``; one that cannot be made never holds up the rest."""
    counts = {"records made": 0, "errors": 0}
    stop_at = time.monotonic() + JOB_SECONDS
    wanted = PreparedRecord.objects.filter(wanted_since__isnull=False).order_by("wanted_since")
    for row in wanted.select_related("escalation")[:JOB_BATCH]:
        if time.monotonic() >= stop_at:
            break
        try:
            counts["records made"] += prepare(row.escalation, now)
        except Exception:  # The button makes it if the worker cannot.
            log.exception("Could not make the record for %s", row.escalation.reference)
            PreparedRecord.objects.filter(pk=row.pk).update(wanted_since=None)
            counts["errors"] += 1
    return counts
