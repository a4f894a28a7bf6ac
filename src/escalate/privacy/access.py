"""Subject access: everything Escalate holds about one child (found by name and date of
birth across the partnership's escalations), as plain values for a PDF and a JSON file.

Every value that names someone else (a professional, a parent or carer) or that somebody
typed (which may name anyone) is marked for review, so the partnership can redact third
parties' details before release. Each export is logged (``SubjectAccessExport``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.utils import timezone

from escalate.audit.models import AuditEntry, Outcome
from escalate.documents.models import IssuedDocument
from escalate.documents.wording import long_date, short_datetime
from escalate.escalations.models import Escalation, Event
from escalate.notifications.models import Notification
from escalate.partnerships.models import Partnership, Person
from escalate.privacy.models import Anonymisation, LegalHold, SubjectAccessExport
from escalate.reports.models import Debrief, LearningItem, Meeting, Representation

THIRD_PARTY = "Names a third party: check before release"
THIRD = THIRD_PARTY
TYPED = "Typed text: may name a third party; check before release"
Field = dict[str, str]


def normalised(name: str) -> str:
    return " ".join(name.split()).casefold()


def search_key(name: str, born: dt.date) -> str:
    return hashlib.sha256(f"{normalised(name)}|{born.isoformat()}".encode()).hexdigest()


def matches(partnership: Partnership, name: str, born: dt.date) -> list[Escalation]:
    """The partnership's escalations about the child with this name and date of birth (the
    name compared without regard to case or spacing), oldest first."""
    same_day = Escalation.objects.filter(
        partnership=partnership, child_date_of_birth=born
    ).select_related("raised_by", "raising_agency", "receiving_agency", "receiving_professional")
    wanted = normalised(name)
    return sorted(
        (e for e in same_day if normalised(e.child_name) == wanted), key=lambda e: e.raised_at
    )


def _f(label: str, value: object, review: str = "") -> Field:
    if isinstance(value, dt.datetime):
        text = short_datetime(value)
    elif isinstance(value, dt.date):
        text = long_date(value)
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    else:
        text = "" if value is None else str(value)
    return {"label": label, "value": text, "review": review if text else ""}


def _person(person: Person | None) -> str:
    if person is None:
        return "Escalate"
    agency = f", {person.agency}" if person.agency_id else ""
    return f"{person.display_name}{agency}"


def _summary(e: Escalation) -> list[Field]:
    return [
        _f("Reference", e.reference),
        _f("Raised", e.raised_at),
        _f("Raised by", _person(e.raised_by), THIRD_PARTY),
        _f("Raising agency", e.raising_agency.name),
        _f("Receiving agency", e.receiving_agency.name),
        _f("Professional it is with", e.receiving_professional_display, THIRD_PARTY),
        _f("Child's name", e.child_name),
        _f("Date of birth", e.child_date_of_birth),
        _f("Agency reference", e.child_reference),
        _f("Child's status", e.get_child_status_display()),
        _f("Level of need", e.get_need_level_display()),
        _f("Parents or carers", e.parents_carers, THIRD_PARTY),
        _f("About", ", ".join(e.categories)),
        _f("The disagreement", e.disagreement, TYPED),
        _f("Outcome wanted", e.outcome_wanted, TYPED),
        _f("At immediate risk", "Yes" if e.immediate_risk else "No"),
        _f("Done about the immediate risk", e.immediate_action, TYPED),
        _f("Status", e.get_status_display()),
        _f("Stage", e.current_stage),
    ]


def _records(e: Escalation) -> dict[str, list[list[Field]]]:
    events = Event.objects.filter(escalation=e).select_related("actor__agency")
    meetings = Meeting.objects.filter(escalation=e).prefetch_related("members__person")
    return {
        "History (every event)": [
            [
                _f("Number", ev.sequence),
                _f("When", ev.at),
                _f("What", ev.get_kind_display()),
                _f("Stage", ev.stage),
                _f("By", _person(ev.actor), THIRD_PARTY),
                _f("Text", ev.text, TYPED),
                _f("Details", ev.data, TYPED),
            ]
            for ev in events
        ],
        "Meetings and panels": [
            [
                _f("Meeting", m.name),
                _f("When", m.starts_at),
                _f("Where", m.place, TYPED),
                _f(
                    "Members",
                    ", ".join(p.person.display_name for p in m.members.all()),
                    THIRD_PARTY,
                ),
                _f("Discussion", m.discussion, TYPED),
                _f("Decision", m.decision, TYPED),
            ]
            for m in meetings
        ],
        "Written representations": [
            [
                _f("From", r.agency.name),
                _f("Given by", _person(r.submitted_by), THIRD_PARTY),
                _f("When", r.submitted_at),
                _f("Text", r.text, TYPED),
            ]
            for r in Representation.objects.filter(meeting__escalation=e).select_related(
                "agency", "submitted_by__agency"
            )
        ],
        "Lessons, training needs and gaps in policy": [
            [
                _f("Kind", item.get_kind_display()),
                _f("When", item.raised_at),
                _f("Recorded by", _person(item.raised_by), THIRD_PARTY),
                _f("Text", item.text, TYPED),
                _f("Sent to", item.queue),
                _f("Answer", item.answer, TYPED),
            ]
            for item in LearningItem.objects.filter(escalation=e).select_related(
                "raised_by__agency"
            )
        ],
        "Debriefs": [
            [
                _f("When", d.starts_at),
                _f("Where", d.place, TYPED),
                _f("Asked to come", d.attendees, THIRD_PARTY),
                _f("Arranged by", _person(d.scheduled_by), THIRD_PARTY),
            ]
            for d in Debrief.objects.filter(escalation=e).select_related("scheduled_by__agency")
        ],
        "Documents issued": [
            [
                _f("Document", doc.get_kind_display()),
                _f("File", doc.filename),
                _f("Issued", doc.created_at),
                _f("By", _person(doc.created_by), THIRD_PARTY),
                _f("SHA-256", doc.sha256),
                _f("What it says", doc.fields, TYPED),
            ]
            for doc in IssuedDocument.objects.filter(escalation=e).select_related(
                "created_by__agency"
            )
        ],
        "Messages sent about it": [
            [
                _f("To", _person(n.recipient), THIRD_PARTY),
                _f("How", n.get_channel_display()),
                _f("Made", n.created_at),
                _f("Sent", n.sent_at),
                _f("Subject", n.subject),
                _f("Message", n.body, THIRD_PARTY),
            ]
            for n in Notification.objects.filter(escalation=e).select_related("recipient__agency")
        ],
        "Who has looked at it": [
            [_f("Who", _person(v.person), THIRD_PARTY), _f("When", v.at), _f("Page", v.path)]
            for v in AuditEntry.objects.filter(escalation=e, outcome=Outcome.SHOWN).select_related(
                "person__agency"
            )
        ],
        "Legal holds and anonymisation": [
            *(
                [
                    _f("Legal hold", h.reason, TYPED),
                    _f("Placed", h.placed_at),
                    _f("Released", h.released_at),
                ]
                for h in LegalHold.objects.filter(escalation=e)
            ),
            *(
                [_f("Anonymised", a.at), _f("Why", a.reason, TYPED)]
                for a in Anonymisation.objects.filter(escalation=e)
            ),
        ],
    }


def export_content(
    *, partnership: Partnership, name: str, born: dt.date, by: Person, now: dt.datetime
) -> dict[str, Any]:
    """Everything about the child, as plain values (the JSON file as it is; the PDF shows it)."""
    found = matches(partnership, name, born)
    escalations: list[dict[str, Any]] = []
    flagged = 0
    for escalation in found:
        summary, records = _summary(escalation), _records(escalation)
        every = [*summary, *(f for rows in records.values() for row in rows for f in row)]
        flagged += sum(1 for f in every if f["review"])
        escalations.append(
            {"reference": escalation.reference, "summary": summary, "records": records}
        )
    return {
        "title": "Subject access export",
        "partnership": partnership.name,
        "child_name": " ".join(name.split()),
        "child_date_of_birth": long_date(born),
        "made_at": short_datetime(now),
        "made_by": _person(by),
        "escalations": escalations,
        "to_review": flagged,
        "note": (
            "Every value marked for review names a third party or is text someone typed: "
            "check it, and redact other people's details, before this is released."
        ),
    }


def export_log(
    *,
    partnership: Partnership,
    by: Person,
    name: str,
    born: dt.date,
    content: dict[str, Any],
    kind: str,
    now: dt.datetime | None = None,
) -> SubjectAccessExport:
    return SubjectAccessExport.objects.create(
        partnership=partnership,
        by=by,
        at=now or timezone.now(),
        search_key=search_key(name, born),
        references=[e["reference"] for e in content["escalations"]],
        format=kind,
    )
