"""Anonymising one escalation: one transaction that erases the child's details and every
typed text from the escalation, its events, its messages, its meetings and learning, and its
stored documents, and records that it did (``Anonymisation``). The facts the Board report
counts are not touched: the escalation's version does not change, so its stored report facts
stay current and the report adds up the same afterwards.

This is the only code that writes ``EventUnlock`` rows, the one door through the events'
append-only guard (migration 0002 of this app).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import connection, transaction
from django.utils import timezone

from escalate.documents.models import IssuedDocument, PreparedRecord
from escalate.documents.pdf import sha256
from escalate.documents.services import document_render
from escalate.escalations.models import Escalation, Event, Status
from escalate.escalations.services import ActionRefused
from escalate.notifications.models import Notification
from escalate.partnerships.models import Person
from escalate.privacy import erase
from escalate.privacy.models import Anonymisation, EventUnlock, LegalHold, RetentionDue
from escalate.reports.models import Debrief, LearningItem, Meeting, Representation

log = logging.getLogger(__name__)


def _txid() -> int | None:
    if connection.vendor != "postgresql":
        return None  # SQLite: one writer at a time, and the row never outlives the transaction
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")
        row = cursor.fetchone()
    return int(row[0])


def refusal(escalation: Escalation) -> str | None:
    """Why ``escalation`` may not be anonymised now, in words; None if it may."""
    if escalation.status == Status.OPEN:
        return (
            f"{escalation.reference} is still open: an escalation is anonymised only once "
            "it has been resolved, withdrawn or decided"
        )
    if LegalHold.objects.filter(escalation=escalation, released_at__isnull=True).exists():
        return (
            f"{escalation.reference} is on legal hold: release the hold first if its "
            "details may now be removed"
        )
    if Anonymisation.objects.filter(escalation=escalation).exists():
        return f"{escalation.reference} has already been anonymised"
    return None


def _erase_events(escalation: Escalation, record: Anonymisation) -> int:
    unlock = EventUnlock.objects.create(
        anonymisation=record, escalation_id_unlocked=escalation.pk, txid=_txid()
    )
    changed = 0
    for pk, text, data in Event.objects.filter(escalation=escalation).values_list(
        "pk", "text", "data"
    ):
        new_text, new_data = erase.erased(text), erase.event_data(data)
        if (new_text, new_data) != (text, data):
            # Refused by the database unless ``unlock`` is in place (0002's trigger).
            Event._base_manager.filter(pk=pk).update(text=new_text, data=new_data)
            changed += 1
    EventUnlock.objects.filter(pk=unlock.pk).delete()
    return changed


def _erase_documents(escalation: Escalation) -> int:
    """Each stored document is made again from its fields with the family's details and the
    typed texts erased; the new bytes and their SHA-256 replace the old."""
    documents = IssuedDocument.objects.filter(escalation=escalation)
    for document in documents:
        fields = erase.document_fields(document.fields)
        pdf = document_render(document.kind, fields)  # type: ignore[arg-type]
        IssuedDocument._base_manager.filter(pk=document.pk).update(
            fields=fields, content=pdf, sha256=sha256(pdf), size=len(pdf)
        )
    return len(documents)


def _erase_records(escalation: Escalation) -> dict[str, int]:
    e = erase.ERASED
    counts = {
        "notifications": Notification.objects.filter(escalation=escalation).update(body=e),
        "meetings": 0,
        "representations": Representation.objects.filter(meeting__escalation=escalation).update(
            text=e
        ),
        "learning": 0,
        "debriefs": Debrief.objects.filter(escalation=escalation).update(place=e, attendees=e),
    }
    for meeting in Meeting.objects.filter(escalation=escalation):
        Meeting.objects.filter(pk=meeting.pk).update(
            place=erase.erased(meeting.place),
            discussion=erase.erased(meeting.discussion),
            decision=erase.erased(meeting.decision),
            exception_reason=erase.erased(meeting.exception_reason),
            warnings=[],
        )
        counts["meetings"] += 1
    for item in LearningItem.objects.filter(escalation=escalation):
        LearningItem.objects.filter(pk=item.pk).update(
            text=erase.erased(item.text), answer=erase.erased(item.answer)
        )
        counts["learning"] += 1
    return counts


def _involved(escalation: Escalation) -> dict[str, int]:
    """How many rows of each kind the anonymisation goes through (its record keeps these)."""
    return {
        "events": Event.objects.filter(escalation=escalation).count(),
        "notifications": Notification.objects.filter(escalation=escalation).count(),
        "documents": IssuedDocument.objects.filter(escalation=escalation).count(),
        "meetings": Meeting.objects.filter(escalation=escalation).count(),
        "representations": Representation.objects.filter(meeting__escalation=escalation).count(),
        "learning": LearningItem.objects.filter(escalation=escalation).count(),
        "debriefs": Debrief.objects.filter(escalation=escalation).count(),
    }


def escalation_anonymise(
    *, escalation: Escalation, by: Person | None, reason: str, now: dt.datetime | None = None
) -> Anonymisation:
    """Anonymise a closed escalation that is not on hold, all in one transaction; refused
    (``ActionRefused``, saying why) otherwise. ``by`` is None when the worker does it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        why_not = refusal(locked)
        if why_not:
            raise ActionRefused(why_not)
        record = Anonymisation(
            escalation=locked,
            partnership_id=locked.partnership_id,
            at=now,
            by=by,
            reason=reason[:400],
            counts=_involved(locked),
        )
        record.save()
        counts = {"events changed": _erase_events(locked, record)}
        Escalation.objects.filter(pk=locked.pk).update(
            child_name=erase.ANONYMISED_NAME,
            child_date_of_birth=None,
            child_reference="",
            parents_carers="",
            disagreement=erase.erased(locked.disagreement),
            outcome_wanted=erase.erased(locked.outcome_wanted),
            immediate_action=erase.erased(locked.immediate_action),
        )
        counts |= _erase_records(locked)
        counts["documents"] = _erase_documents(locked)
        PreparedRecord.objects.filter(escalation=locked).delete()  # made with the details
        RetentionDue.objects.filter(escalation=locked).delete()
    log.info(
        "Escalation anonymised",
        extra={"reference": locked.reference, "counts": counts, "by": by.pk if by else None},
    )
    return record
