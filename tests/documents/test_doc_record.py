"""The record for the child's file: every event (who, when, what was decided), as a page and
as a PDF made once for each state of the history."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import Cast, make_cast
from django.utils import timezone
from paperwork import MONDAY, act, flat, pdf_text, pdf_title, raise_one, signed_in, squash

from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.escalations.models import Escalation, Event

pytestmark = pytest.mark.django_db


def history(cast: Cast) -> Escalation:
    escalation = raise_one(cast)
    act(
        escalation,
        cast.raiser,
        "record-discussion",
        at=MONDAY + dt.timedelta(minutes=20),
        text="We could not agree on the threshold.",
        data={
            "who": "Raiser and the social worker",
            "method": "phone",
            "agreed": "The child needs support",
            "disagreed": "Whether a visit is needed",
        },
    )
    act(escalation, cast.raiser, "escalate", at=MONDAY + dt.timedelta(hours=1), text="No visit.")
    act(
        escalation,
        cast.other_manager,
        "resolve",
        at=MONDAY + dt.timedelta(hours=3),
        text="A visit is booked for Wednesday.",
        data={"outstanding": "None"},
    )
    return escalation


def test_the_page_shows_every_event() -> None:
    cast = make_cast("brent")
    escalation = history(cast)
    page = signed_in(cast.other).get(f"/escalations/{escalation.reference}/documents/record/")
    html = page.content.decode()
    for event in Event.objects.filter(escalation=escalation):
        assert event.get_kind_display() in html
        if event.text:
            assert event.text in html
    assert "Raiser Testperson, Teacher, Oakfield Primary School" in html
    assert "Othermanager Testperson" in html
    assert "2 March 2026, 10:20" in html
    assert "With: Raiser and the social worker (Phone)" in html
    assert "Disagreed: Whether a visit is needed" in html
    assert "To: Stage Two – involving the worker from other agency/service" in html


def test_the_pdf_has_every_event_and_is_made_once_per_state_of_the_history() -> None:
    cast = make_cast("brent")
    escalation = history(cast)
    client = signed_in(cast.other)
    made = client.post(f"/escalations/{escalation.reference}/documents/record/pdf/")
    document = IssuedDocument.objects.get(kind=DocumentKind.CASE_RECORD)
    assert made["Location"] == (
        f"/escalations/{escalation.reference}/documents/{document.pk}/download/"
    )
    content = bytes(document.content)
    assert pdf_title(content) == "Record for the child's file: escalation BRE-2026-0001"
    text = flat(pdf_text(content))
    for expected in (
        "Name Ava Testington",
        "Date of birth 4 May 2016",
        "Raised by Raiser Testperson, Teacher, Oakfield Primary School",
        "What was disagreed The referral was closed without a home visit.",
        "1 2 March 2026, 10:00 Raiser Testperson, Teacher, Oakfield Primary School Raised at",
        "We could not agree on the threshold.",
        "With: Raiser and the social worker (Phone)",
        "Agreed: The child needs support",
        "No visit.",
        "Othermanager Testperson",
        "Resolved at",
        "A visit is booked for Wednesday.",
        "How any outstanding issue will be pursued: None",
        "It records events 1 to 5.",
    ):
        assert expected in text, expected
    assert document.covers_sequence == 5
    assert document.event.sequence == 6
    # Nothing has happened since: the same document, the same bytes.
    again = signed_in(cast.raiser).post(
        f"/escalations/{escalation.reference}/documents/record/pdf/"
    )
    assert again["Location"] == made["Location"]
    assert IssuedDocument.objects.filter(kind=DocumentKind.CASE_RECORD).count() == 1
    # Something has: a new record, which includes the first one's issue.
    escalation.refresh_from_db()
    later = timezone.now()  # the first PDF was made a moment ago
    act(escalation, cast.raiser, "add-note", at=later, text="Visit done.")
    client.post(f"/escalations/{escalation.reference}/documents/record/pdf/")
    records = IssuedDocument.objects.filter(kind=DocumentKind.CASE_RECORD).order_by("created_at")
    assert records.count() == 2
    newer = flat(pdf_text(bytes(records[1].content)))
    assert "Visit done." in newer
    assert "Document issued" in newer
    assert records[0].filename in squash(newer)
    assert records[0].sha256 in squash(newer)


def test_a_get_of_the_pdf_address_makes_nothing() -> None:
    cast = make_cast("brent")
    escalation = history(cast)
    page = signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/documents/record/pdf/")
    assert page["Location"] == f"/escalations/{escalation.reference}/documents/record/"
    assert not IssuedDocument.objects.exists()
