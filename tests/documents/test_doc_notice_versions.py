"""The Escalation Notice issued again (issue 15, items 3 and 11): a corrected notice that
supersedes the first, both kept; and the template's second part (date and level of
resolution, issues raised, lessons learnt) completed when the escalation is resolved."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from budget import assert_budget
from cast import make_cast
from django.test import Client
from many import notes_on
from paperwork import MONDAY, act, escalate_to, flat, pdf_text, raise_one, signed_in

from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.services import document_issue_notice
from escalate.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db

STAGE = "safeguarding-leads"
STAGE_TITLE = "Stage Four \N{EN DASH} Escalation to Safeguarding Leads or Senior Manager"
SIGNED_AT = dt.datetime(2026, 3, 3, 14, 30, tzinfo=dt.UTC)  # Tuesday


def text(page: object) -> str:
    return html.unescape(page.content.decode())  # type: ignore[attr-defined]


def _with_notice():  # type: ignore[no-untyped-def]
    cast = make_cast("st-helens")
    escalation = raise_one(cast)
    escalate_to(escalation, cast.raiser, STAGE, at=MONDAY + dt.timedelta(minutes=5))
    escalation.refresh_from_db()
    first = document_issue_notice(
        escalation=escalation,
        signer=cast.manager,
        stage=STAGE,
        information="No home visit was made.",
        signer_role="Deputy headteacher",
        expected_version=escalation.version,
        now=SIGNED_AT,
    )
    escalation.refresh_from_db()
    return cast, escalation, first


def _emailed(document: IssuedDocument) -> set[str]:
    rows = Notification.objects.filter(key=f"document:{document.pk}", channel=Channel.EMAIL)
    return {row.recipient.username for row in rows}


def test_a_corrected_notice_supersedes_the_first_and_both_are_kept() -> None:
    cast, escalation, first = _with_notice()
    base = f"/escalations/{escalation.reference}/"
    url = f"{base}documents/notice/{STAGE}/correct/"
    manager = signed_in(cast.manager)
    assert url in text(manager.get(base))
    for someone in (cast.other, cast.other_manager, cast.outsider):
        assert signed_in(someone).get(url).status_code == 404
    page = manager.get(url)
    assert "No home visit was made." in text(page)  # what it said, to change
    refused = manager.post(url, {"version": escalation.version, "information": "x", "role": "DH"})
    assert "Enter what the correction is and why" in text(refused)
    assert "Confirm that you have checked the notice and sign it" in text(refused)
    fields = {
        "version": escalation.version,
        "reason": "The first notice named the wrong school year.",
        "information": "No home visit was made after the school's referral in Year 4.",
        "role": "Deputy headteacher",
        "signed": "yes",
    }
    response = manager.post(url, fields)
    second = IssuedDocument.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"{base}documents/{second.pk}/"
    assert IssuedDocument.objects.filter(kind=DocumentKind.ESCALATION_NOTICE).count() == 2
    assert second.supersedes == first
    assert bytes(IssuedDocument.objects.get(pk=first.pk).content) == bytes(first.content)
    pdf = flat(pdf_text(bytes(second.content)))
    assert "This notice corrects the Escalation Notice issued" in pdf
    assert "The first notice named the wrong school year." in pdf
    assert "after the school's referral in Year 4" in pdf
    # The first is marked superseded, on its page and in the escalation's list.
    old = text(manager.get(f"{base}documents/{first.pk}/"))
    assert "Superseded" in old
    assert f"{base}documents/{second.pk}/" in old
    assert "Superseded" not in text(manager.get(f"{base}documents/{second.pk}/"))
    assert "(superseded)" in text(manager.get(base))
    assert _emailed(second) == {"otherhead.sthelens", "officer.sthelens"}


def test_the_second_part_is_completed_when_the_escalation_is_resolved() -> None:
    cast, escalation, first = _with_notice()
    base = f"/escalations/{escalation.reference}/"
    url = f"{base}documents/notice/{STAGE}/resolution/"
    raiser = signed_in(cast.raiser)
    assert raiser.get(url).status_code == 404  # still open: nothing to complete
    assert url not in text(raiser.get(base))
    # The notice as first signed says its second part is still to come.
    assert "To be completed when the escalation is resolved" in flat(pdf_text(bytes(first.content)))
    act(
        escalation,
        cast.raiser,
        "resolve",
        at=dt.datetime(2026, 3, 4, 11, 0, tzinfo=dt.UTC),
        text="An assessment starts on Monday.",
        data={"outstanding": "None"},
    )
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    assert url in text(raiser.get(base))
    for someone in (cast.other, cast.outsider):
        assert signed_in(someone).get(url).status_code == 404
    page = text(raiser.get(url))
    assert "4 March 2026" in page
    assert STAGE_TITLE in page
    refused = raiser.post(url, {"version": escalation.version, "issues": "", "lessons": ""})
    assert "Enter the issues raised" in text(refused)
    assert "Enter the lessons learnt" in text(refused)
    fields = {
        "version": escalation.version,
        "issues": "A referral closed without a home visit.",
        "lessons": "Agree thresholds by phone before closing a referral.",
    }
    response = raiser.post(url, fields)
    completed = IssuedDocument.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"{base}documents/{completed.pk}/"
    assert completed.supersedes == first
    pdf = flat(pdf_text(bytes(completed.content)))
    for line in (
        "Date of resolution 4 March 2026",
        f"Level of resolution {STAGE_TITLE}",
        "Issues raised A referral closed without a home visit.",
        "Lessons learnt Agree thresholds by phone before closing a referral.",
        "Information of concern No home visit was made.",  # the first part, as signed
        "Signed Manager Testperson",
    ):
        assert line in pdf, line
    assert "To be completed when the escalation is resolved" not in pdf
    assert _emailed(completed) == {"otherhead.sthelens", "officer.sthelens"}
    # Once completed, it is not completed (or corrected) again.
    assert raiser.get(url).status_code == 404
    assert url not in text(raiser.get(base))
    officer = signed_in(cast.officer)
    assert officer.get(f"{base}documents/notice/{STAGE}/correct/").status_code == 404


def test_the_pages_keep_their_query_budget() -> None:
    cast, escalation, _ = _with_notice()
    base = f"/escalations/{escalation.reference}/documents/notice/{STAGE}/"

    def correcting(n: int) -> tuple[Client, str]:
        notes_on(escalation, n)
        return signed_in(cast.manager), f"{base}correct/"

    assert_budget(correcting, limit=7)  # what it runs now (issue 10): one more fails
    act(
        escalation,
        cast.raiser,
        "resolve",
        at=dt.datetime(2026, 3, 4, 11, 0, tzinfo=dt.UTC),
        text="An assessment starts on Monday.",
        data={"outstanding": "None"},
    )

    def completing(n: int) -> tuple[Client, str]:
        notes_on(escalation, n)
        return signed_in(cast.raiser), f"{base}resolution/"

    assert_budget(completing, limit=6)  # what it runs now (issue 10): one more fails
