"""The agreed outcome as its own letter PDF (issue 15, item 11): made from the outcome page
by anyone party to the resolved escalation, kept as issued, and made again only when
something has happened since (a confirmation)."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import make_cast
from paperwork import MONDAY, act, flat, pdf_text, pdf_title, raise_one, signed_in

from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.services import outcome_confirm

pytestmark = pytest.mark.django_db

OUTCOME = "Social care will visit the family this week."
OUTSTANDING = "The school raises any new concern with the team manager."


def test_the_agreed_outcome_is_a_letter_for_both_agencies() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    base = f"/escalations/{escalation.reference}/documents/agreed-outcome/"
    raiser = signed_in(cast.raiser)
    assert raiser.post(f"{base}letter/").status_code == 404  # open: nothing agreed yet
    act(
        escalation,
        cast.raiser,
        "resolve",
        at=MONDAY + dt.timedelta(hours=1),
        text=OUTCOME,
        data={"outstanding": OUTSTANDING},
    )
    escalation.refresh_from_db()
    page = raiser.get(base).content.decode()
    assert f'action="{base}letter/"' in page
    assert "Download the agreed outcome as a letter (PDF)" in page
    response = raiser.post(f"{base}letter/")
    letter = IssuedDocument.objects.get(kind=DocumentKind.OUTCOME_LETTER)
    download = f"/escalations/{escalation.reference}/documents/{letter.pk}/download/"
    assert response["Location"] == download
    pdf = raiser.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert content == bytes(letter.content)
    assert pdf_title(content) == "Agreed outcome: escalation BRE-2026-0001"
    text = flat(pdf_text(content))
    for line in (
        "To: Oakfield Primary School and Children's Social Care",
        f"The agreed outcome {OUTCOME}",
        f"How any outstanding issue will be pursued {OUTSTANDING}",
        "Resolved on 2 March 2026",
        "Name of child or young person Ava Testington",
        "Oakfield Primary School Waiting for confirmation",
        "Children's Social Care Waiting for confirmation",
    ):
        assert line in text, line
    # Asked again with nothing new: the same letter, not another.
    assert raiser.post(f"{base}letter/")["Location"] == download
    assert IssuedDocument.objects.filter(kind=DocumentKind.OUTCOME_LETTER).count() == 1
    # The page of the issued letter says what it says.
    shown = signed_in(cast.other).get(f"/escalations/{escalation.reference}/documents/{letter.pk}/")
    assert OUTCOME in shown.content.decode()
    for someone in (cast.outsider, cast.stranger, cast.colleague):
        assert signed_in(someone).post(f"{base}letter/").status_code == 404
    assert raiser.get(f"{base}letter/")["Location"] == base  # a GET goes back to the page
    # Once the school confirms, the letter is made again and says so; the first is kept.
    escalation.refresh_from_db()
    outcome_confirm(
        escalation=escalation,
        person=cast.raiser,
        side="raising",
        expected_version=escalation.version,
    )
    again = raiser.post(f"{base}letter/")["Location"]
    assert again != download
    second = IssuedDocument.objects.filter(kind=DocumentKind.OUTCOME_LETTER).latest("created_at")
    text = flat(pdf_text(bytes(second.content)))
    assert "Oakfield Primary School Confirmed by Raiser Testperson" in text
    assert "Children's Social Care Waiting for confirmation" in text
    assert IssuedDocument.objects.filter(kind=DocumentKind.OUTCOME_LETTER).count() == 2
