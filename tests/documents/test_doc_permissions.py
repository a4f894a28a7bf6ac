"""Who may open the documents: anyone who may not see the escalation gets 404 at every
document address; downloads serve the stored bytes, the same every time."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from cast import Cast, make_cast
from paperwork import MONDAY, act, escalate_to, raise_one, signed_in

from escalate.audit.models import AuditEntry, Outcome
from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.resolution import resolution_initial
from escalate.documents.selectors import events_of
from escalate.documents.services import (
    document_issue_case_record,
    document_issue_notice,
    document_issue_resolution_form,
)
from escalate.escalations.models import Escalation

pytestmark = pytest.mark.django_db

NOT_PARTY = ["outsider", "colleague", "stranger"]


def with_every_document(cast: Cast) -> Escalation:
    """St Helens, at Stage Four with its notice issued, then resolved with the resolution
    form and a record for the child's file."""
    escalation = raise_one(cast)
    escalate_to(escalation, cast.raiser, "safeguarding-leads", at=MONDAY + dt.timedelta(minutes=1))
    escalation.refresh_from_db()
    document_issue_notice(
        escalation=escalation,
        signer=cast.manager,
        stage="safeguarding-leads",
        information="Concern",
        signer_role="Deputy head",
        expected_version=escalation.version,
        now=MONDAY + dt.timedelta(hours=1),
    )
    act(
        escalation,
        cast.raiser,
        "resolve",
        at=MONDAY + dt.timedelta(hours=2),
        text="Agreed.",
        data={"outstanding": "None"},
    )
    answers = resolution_initial(escalation, events_of(escalation))
    answers["lessons"] = "None"
    document_issue_resolution_form(
        escalation=escalation,
        author=cast.raiser,
        answers=answers,
        reasons={},
        expected_version=escalation.version,
        now=MONDAY + dt.timedelta(hours=3),
    )
    escalation.refresh_from_db()
    document_issue_case_record(
        escalation=escalation, requester=cast.other, now=MONDAY + dt.timedelta(hours=4)
    )
    return escalation


def addresses(escalation: Escalation) -> list[tuple[str, str]]:
    base = f"/escalations/{escalation.reference}/documents"
    paths = [
        f"{base}/notice/safeguarding-leads/",
        f"{base}/resolution-form/",
        f"{base}/agreed-outcome/",
        f"{base}/record/",
        f"{base}/record/pdf/",
    ]
    for document in IssuedDocument.objects.filter(escalation=escalation):
        paths += [f"{base}/{document.pk}/", f"{base}/{document.pk}/download/"]
    return [(method, path) for path in paths for method in ("get", "post")]


@pytest.mark.parametrize("who", NOT_PARTY)
def test_everyone_not_party_gets_404_at_every_document_address(who: str) -> None:
    cast = make_cast("st-helens")
    escalation = with_every_document(cast)
    assert IssuedDocument.objects.count() == 3
    client = signed_in(getattr(cast, who))
    found = {
        f"{method} {path}": getattr(client, method)(path).status_code
        for method, path in addresses(escalation)
    }
    assert set(found.values()) == {404}, found
    mine = AuditEntry.objects.filter(person=getattr(cast, who))
    assert not mine.filter(outcome=Outcome.SHOWN).exists()
    assert mine.filter(outcome=Outcome.REFUSED).count() == len(found)


def test_signed_out_people_are_asked_to_sign_in() -> None:
    cast = make_cast("st-helens")
    escalation = with_every_document(cast)
    client = signed_in(cast.raiser)
    client.logout()
    for method, path in addresses(escalation):
        page = getattr(client, method)(path)
        assert page.status_code == 302
        assert page["Location"].startswith("/sign-in/")


def test_a_document_of_another_escalation_is_not_found_under_this_one() -> None:
    cast = make_cast("st-helens")
    escalation = with_every_document(cast)
    other = raise_one(cast, now=MONDAY + dt.timedelta(days=1))
    document = IssuedDocument.objects.filter(escalation=escalation).first()
    assert document is not None
    client = signed_in(cast.raiser)
    assert client.get(f"/escalations/{other.reference}/documents/{document.pk}/").status_code == 404
    wrong = f"/escalations/{escalation.reference}/documents/{'0' * 8}-0000-0000-0000-{'0' * 12}/"
    assert client.get(wrong).status_code == 404


@pytest.mark.parametrize("who", ["raiser", "manager", "dsl", "other", "other_manager", "officer"])
def test_download_twice_gives_the_stored_bytes(who: str) -> None:
    cast = make_cast("st-helens")
    escalation = with_every_document(cast)
    client = signed_in(getattr(cast, who))
    for document in IssuedDocument.objects.filter(escalation=escalation):
        url = f"/escalations/{escalation.reference}/documents/{document.pk}/download/"
        first, second = client.get(url), client.get(url)
        assert first.status_code == 200
        assert first["Content-Type"] == "application/pdf"
        assert first["Content-Disposition"] == f'attachment; filename="{document.filename}"'
        assert first.content == second.content == bytes(document.content)
        digest = hashlib.sha256(first.content).hexdigest()
        assert digest == document.sha256 == document.event.data["sha256"]
        assert first.content.startswith(b"%PDF-")
        page = client.get(f"/escalations/{escalation.reference}/documents/{document.pk}/")
        assert page.status_code == 200
        assert document.sha256 in page.content.decode()
    logged = AuditEntry.objects.filter(person=getattr(cast, who), escalation=escalation)
    assert logged.filter(path__endswith="/download/").count() == 6


def test_the_issued_page_shows_what_the_document_says() -> None:
    cast = make_cast("st-helens")
    escalation = with_every_document(cast)
    client = signed_in(cast.other)
    for kind, words in (
        (DocumentKind.ESCALATION_NOTICE, "Agency issuing Escalation Notice"),
        (DocumentKind.RESOLUTION_FORM, "Stage escalation resolved"),
        (DocumentKind.CASE_RECORD, "What happened and what was decided"),
    ):
        document = IssuedDocument.objects.get(escalation=escalation, kind=kind)
        page = client.get(f"/escalations/{escalation.reference}/documents/{document.pk}/")
        html = page.content.decode()
        assert words in html
        assert "Ava Testington" in html
        assert "Download the PDF" in html
