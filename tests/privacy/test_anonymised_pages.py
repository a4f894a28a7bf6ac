"""An anonymised escalation shows no personal detail anywhere: its page, its learning and
meeting pages, the record for the child's file (page and PDF), its stored documents, the
notifications page and the emails still to be sent. Only officers may anonymise one, only
once it is closed, and an escalation is never deleted."""

from __future__ import annotations

import io
import re

import pytest
from dataset import Data, build
from django.core import mail
from django.http.response import HttpResponseBase
from django.test import Client
from ladder import at, signed_in
from pypdf import PdfReader

from escalate.documents.models import IssuedDocument
from escalate.documents.services import document_issue_case_record
from escalate.escalations.models import Escalation
from escalate.notifications.models import Notification
from escalate.notifications.sending import emails_job
from escalate.privacy.erase import ERASED
from escalate.privacy.models import Anonymisation
from escalate.reports.learning import debrief_schedule

pytestmark = pytest.mark.django_db

PERSONAL = [
    "Ava",
    "Testington",
    "4 May 2016",
    "2016-05-04",
    "04/05/2016",
    "RF-778812",
    "Acacia",
    "referral was closed without a visit",
    "assessment is started",
    "Heard both agencies",
    "Civic Centre",
    "Nothing on panels in August",
]


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def body(response: HttpResponseBase) -> bytes:
    assert response.status_code == 200
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined,no-any-return]


def assert_nothing_personal(text: str, where: str) -> None:
    """None of PERSONAL as words: as a bare substring "Ava" was found, now and then, inside
    a form's random CSRF token, failing a page that showed nothing personal."""
    found = [p for p in PERSONAL if re.search(rf"\b{re.escape(p)}\b", text, re.IGNORECASE)]
    assert not found, f"{where} still shows {found}"


@pytest.fixture
def e4() -> tuple[Data, Escalation]:
    """Brent's E4 (decided by the panel, with a lesson) with every personal detail: a child's
    reference, the parents, a debrief at an address, and a stored record for the file."""
    data = build()
    escalation = data.escalations["E4"]
    Escalation.objects.filter(pk=escalation.pk).update(
        child_reference="RF-778812", parents_carers="Jane Testington (mother)"
    )
    escalation.refresh_from_db()
    debrief_schedule(
        escalation=escalation,
        actor=data.cast.raiser,
        starts_at=at(2025, 10, 20, 10),
        place="12 Acacia Avenue",
        attendees="Jane Testington and Ava's teacher",
        expected_version=escalation.version,
        now=at(2025, 10, 16, 12),
    )
    document_issue_case_record(
        escalation=escalation, requester=data.cast.officer, now=at(2025, 10, 17)
    )
    escalation.refresh_from_db()
    return data, escalation


def pages(escalation: Escalation) -> list[str]:
    ref = escalation.reference
    return [
        f"/escalations/{ref}/",
        f"/escalations/{ref}/learning/",
        f"/escalations/{ref}/meeting/",
        f"/escalations/{ref}/documents/record/",
        "/partnership/learning/",
        "/partnership/report/?start_day=1&start_month=4&start_year=2025&end_day=31&end_month=3"
        "&end_year=2026",
        "/notifications/",
    ]


def test_officers_anonymise_a_closed_escalation_and_nothing_personal_is_left(
    e4: tuple[Data, Escalation],
) -> None:
    data, escalation = e4
    officer = signed_in(data.cast.officer)
    before = officer.get(f"/escalations/{escalation.reference}/").content.decode()
    assert "Ava Testington" in before
    assert "RF-778812" in before

    response = officer.post(
        "/partnership/data-protection/anonymise/",
        {"erase-reference": escalation.reference.lower(), "erase-reason": "Erasure request."},
    )
    assert response.status_code == 302
    record = Anonymisation.objects.get(escalation=escalation)
    assert record.by == data.cast.officer
    assert "Erasure request." in record.reason

    for viewer in (officer, signed_in(data.cast.raiser)):
        for url in pages(escalation):
            response = viewer.get(url)
            if response.status_code == 404:
                continue  # not this viewer's page
            assert response.status_code == 200, url
            assert_nothing_personal(response.content.decode(), url)
    page = officer.get(f"/escalations/{escalation.reference}/").content.decode()
    assert "This escalation has been anonymised" in page

    fresh = officer.post(f"/escalations/{escalation.reference}/documents/record/pdf/")
    assert_nothing_personal(pdf_text(body(officer.get(fresh["Location"]))), "a new record")
    for document in IssuedDocument.objects.filter(escalation=escalation):
        stored = officer.get(
            f"/escalations/{escalation.reference}/documents/{document.pk}/download/"
        )
        assert_nothing_personal(pdf_text(body(stored)), "a stored document")
        shown = officer.get(f"/escalations/{escalation.reference}/documents/{document.pk}/")
        assert_nothing_personal(body(shown).decode(), "a stored document's page")

    notifications = Notification.objects.filter(escalation=escalation)
    assert notifications.exists()
    for note in notifications:
        assert_nothing_personal(f"{note.subject}\n{note.body}", "a notification")
    emails_job(now=at(2025, 10, 20), worker="test")
    sent = [m for m in mail.outbox if escalation.reference in m.subject]
    assert sent
    for message in sent:
        assert_nothing_personal(f"{message.subject}\n{message.body}", "an email")

    escalation.refresh_from_db()
    assert escalation.child_name == "Anonymised"
    assert escalation.child_date_of_birth is None
    assert escalation.disagreement == ERASED


def test_an_open_escalation_is_refused_with_a_plain_message(e4: tuple[Data, Escalation]) -> None:
    data, _ = e4
    still_open = data.escalations["E6"]
    response = signed_in(data.cast.officer).post(
        "/partnership/data-protection/anonymise/",
        {"erase-reference": still_open.reference, "erase-reason": "Asked."},
    )
    assert response.status_code == 400
    assert "is still open" in response.content.decode()
    assert not Anonymisation.objects.exists()


def test_only_officers_of_the_partnership_see_or_use_the_page(
    e4: tuple[Data, Escalation],
) -> None:
    data, escalation = e4
    for person in (data.cast.raiser, data.cast.outsider):
        client = signed_in(person)
        assert client.get("/partnership/data-protection/").status_code == 404
        response = client.post(
            "/partnership/data-protection/anonymise/",
            {"erase-reference": escalation.reference, "erase-reason": "No."},
        )
        assert response.status_code == 404
    # Another partnership's officer has their own page, which knows nothing of Brent's.
    stranger = signed_in(data.cast.stranger)
    assert (
        escalation.reference not in stranger.get("/partnership/data-protection/").content.decode()
    )
    response = stranger.post(
        "/partnership/data-protection/anonymise/",
        {"erase-reference": escalation.reference, "erase-reason": "No."},
    )
    assert response.status_code == 400
    assert "No escalation in your partnership has that reference" in response.content.decode()
    assert not Anonymisation.objects.exists()
    assert Client().get("/partnership/data-protection/").status_code == 302


def test_deleting_a_closed_escalation_says_what_to_do_instead(
    e4: tuple[Data, Escalation],
) -> None:
    _, escalation = e4
    with pytest.raises(ValueError, match=r"never deleted.*Data protection page"):
        escalation.delete()
    with pytest.raises(ValueError, match="never deleted"):
        Escalation.objects.filter(pk=escalation.pk).delete()
