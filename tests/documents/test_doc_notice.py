"""The Escalation Notice: asked for by the stage, pre-filled, signed in the app, sent to whom
the policy says through the outbox, and stored as issued."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
import yaml
from cast import Cast, make_cast
from paperwork import MONDAY, escalate_to, flat, pdf_text, pdf_title, raise_one, signed_in

from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.services import document_issue_notice
from escalate.escalations.models import Escalation, Event
from escalate.escalations.services import ActionRefused, escalation_state
from escalate.notifications.models import Channel, Notification
from escalate.partnerships.models import PolicyVersion

pytestmark = pytest.mark.django_db

STAGE = "safeguarding-leads"
AT_STAGE_FOUR = MONDAY + dt.timedelta(minutes=5)
SIGNED_AT = dt.datetime(2026, 3, 3, 14, 30, tzinfo=dt.UTC)  # Tuesday


def at_stage_four(cast: Cast) -> Escalation:
    escalation = raise_one(cast)
    escalate_to(escalation, cast.raiser, STAGE, at=AT_STAGE_FOUR)
    return escalation


def issue(cast: Cast, escalation: Escalation, **changes: Any) -> IssuedDocument:
    escalation.refresh_from_db()
    answers: dict[str, Any] = {
        "escalation": escalation,
        "signer": cast.manager,
        "stage": STAGE,
        "information": "No home visit was made.\nThe child told her teacher she is scared.",
        "signer_role": "Deputy headteacher",
        "expected_version": escalation.version,
        "now": SIGNED_AT,
    }
    answers.update(changes)
    return document_issue_notice(**answers)


def test_the_notice_has_every_field_of_the_template() -> None:
    cast = make_cast("st-helens")
    document = issue(cast, at_stage_four(cast))
    content = bytes(document.content)
    text = flat(pdf_text(content))
    assert pdf_title(content) == "Escalation Notice: escalation STH-2026-0001"
    expected = [
        "St Helens Safeguarding Children Board",
        "Escalation Notice",
        "Agency issuing Escalation Notice Oakfield Primary School",
        "Agency receiving Escalation Notice Children's Social Care",
        "Name of child or young person Ava Testington",
        "Date of birth 4 May 2016",
        "Agency reference CSC-4471",
        "Information of concern No home visit was made. The child told her teacher she is scared.",
        "Signed Manager Testperson",
        "Role Deputy headteacher",
        "Dated 3 March 2026",
        "Forwarded to Service manager, Children's Social Care (Otherhead Testperson)",
        "Copy to St Helens Safeguarding Children Board Partnership business manager, "
        "St Helens Safeguarding Children Board (Officer Testperson)",
        "Date copy sent 3 March 2026",
        "Due by (the policy's deadline) Monday 9 March 2026, 17:00",
        "Stage Four – Escalation to Safeguarding Leads or Senior Manager",
    ]
    for field in expected:
        assert field in text, field
    assert document.fields["on_time"] is True
    assert document.filename == "STH-2026-0001-escalation-notice-2026-03-03.pdf"


def test_issuing_stores_the_bytes_records_the_event_and_sends_through_the_outbox() -> None:
    cast = make_cast("st-helens")
    escalation = at_stage_four(cast)
    document = issue(cast, escalation)
    event = document.event
    assert event.kind == "document-issued"
    assert event.actor == cast.manager
    assert event.data["document"] == str(document.pk)
    assert event.data["sha256"] == document.sha256
    assert document.sha256 == hashlib.sha256(bytes(document.content)).hexdigest()
    assert document.kind == DocumentKind.ESCALATION_NOTICE
    assert document.stage == STAGE
    assert document.created_by == cast.manager
    emails = Notification.objects.filter(key=f"document:{document.pk}", channel=Channel.EMAIL)
    to = {row.recipient.username: row for row in emails}
    assert set(to) == {"otherhead.sthelens", "officer.sthelens"}
    assert "(copy)" in to["officer.sthelens"].subject
    assert "(copy)" not in to["otherhead.sthelens"].subject
    for row in emails:
        assert "Ava" not in row.body
        assert "Testington" not in row.body
        assert "2016" not in row.body
        assert f"/escalations/{escalation.reference}/documents/{document.pk}/" in row.body
        assert "Escalation Notice issued by Manager Testperson" in row.body
    # The stage's step that sends the notice is done: the manager forwards it.
    state = escalation_state(escalation, SIGNED_AT)
    step = next(s for s in state.current.steps if s.key == "send-escalation-notice")
    assert step.done_at == SIGNED_AT


def test_only_where_the_policy_asks_and_only_once() -> None:
    cast = make_cast("st-helens")
    escalation = raise_one(cast)
    with pytest.raises(ActionRefused, match="does not ask for an Escalation Notice"):
        issue(cast, escalation)
    escalate_to(escalation, cast.raiser, STAGE, at=AT_STAGE_FOUR)
    issue(cast, escalation)
    with pytest.raises(ActionRefused, match="was issued on 3 March 2026"):
        issue(cast, escalation, now=SIGNED_AT + dt.timedelta(hours=1))


def test_signed_by_the_raising_agency_by_someone_who_may_act() -> None:
    cast = make_cast("st-helens")
    escalation = at_stage_four(cast)
    for someone in (cast.other, cast.other_manager, cast.officer, cast.chair):
        with pytest.raises(ActionRefused, match="Only someone in the raising agency"):
            issue(cast, escalation, signer=someone)
    document = issue(cast, escalation, signer=cast.raiser, signer_role="Teacher")
    assert document.fields["signed_by"] == "Raiser Testperson"


def test_the_form_is_pre_filled_and_its_errors_are_plain_and_keep_what_was_typed() -> None:
    cast = make_cast("st-helens")
    escalation = at_stage_four(cast)
    url = f"/escalations/{escalation.reference}/documents/notice/{STAGE}/"
    client = signed_in(cast.manager)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "The referral was closed without a home visit." in html  # the disagreement
    assert "Otherhead Testperson" in html
    assert "Officer Testperson" in html
    assert "Monday 9 March 2026, 17:00" in html  # the due date from the engine's step
    page = client.post(url, {"version": escalation.version, "information": "", "role": ""})
    html = page.content.decode()
    assert "Enter the information of concern" in html
    assert "Enter your role" in html
    assert "Confirm that you have checked the notice and sign it" in html
    page = client.post(
        url,
        {"version": escalation.version, "information": "Kept this", "role": "Deputy head"},
    )
    html = page.content.decode()
    assert "Kept this" in html
    assert 'value="Deputy head"' in html
    assert not IssuedDocument.objects.exists()
    page = client.post(
        url,
        {
            "version": escalation.version,
            "information": "Kept this",
            "role": "Deputy head",
            "signed": "yes",
        },
    )
    document = IssuedDocument.objects.get()
    assert page["Location"] == f"/escalations/{escalation.reference}/documents/{document.pk}/"
    assert "Kept this" in pdf_text(bytes(document.content))
    # Once issued, the address shows the issued notice.
    assert client.get(url)["Location"] == page["Location"]


def test_someone_else_acting_first_keeps_what_was_typed() -> None:
    cast = make_cast("st-helens")
    escalation = at_stage_four(cast)
    seen = escalation.version
    url = f"/escalations/{escalation.reference}/documents/notice/{STAGE}/"
    signed_in(cast.other).post(
        f"/escalations/{escalation.reference}/add-note/", {"version": seen, "text": "A note."}
    )
    page = signed_in(cast.manager).post(
        url, {"version": seen, "information": "My words", "role": "Head", "signed": "yes"}
    )
    html = page.content.decode()
    assert "changed while you were working on it" in html
    assert "My words" in html
    assert not IssuedDocument.objects.exists()


def test_the_escalation_page_shows_the_notice_due_and_who_may_sign() -> None:
    cast = make_cast("st-helens")
    escalation = at_stage_four(cast)
    page = signed_in(cast.manager).get(f"/escalations/{escalation.reference}/").content.decode()
    assert "Escalation Notice" in page
    assert "due by 9 Mar 2026 17:00" in page
    assert "Review and sign the Escalation Notice" in page
    page = signed_in(cast.other).get(f"/escalations/{escalation.reference}/").content.decode()
    assert "due by 9 Mar 2026 17:00" in page
    assert "Review and sign the Escalation Notice" not in page
    url = f"/escalations/{escalation.reference}/documents/notice/{STAGE}/"
    assert signed_in(cast.other).get(url).status_code == 404


def test_no_notice_where_the_policy_names_none() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    escalate_to(escalation, cast.raiser, "safeguarding-leads", at=AT_STAGE_FOUR)
    client = signed_in(cast.manager)
    page = client.get(f"/escalations/{escalation.reference}/").content.decode()
    assert "Escalation Notice" not in page
    url = f"/escalations/{escalation.reference}/documents/notice/safeguarding-leads/"
    assert client.get(url).status_code == 404


def test_any_policy_that_names_the_notice_gets_it() -> None:
    """Brent with a notice at its third stage, sent to the receiving team manager."""
    cast = make_cast("brent")
    version = PolicyVersion.objects.get(partnership=cast.partnership)
    data = yaml.safe_load(version.text)
    stage = next(s for s in data["stages"] if s["key"] == "line-managers")
    stage["documents"] = ["escalation-notice"]
    stage["notify"] = [
        {
            "key": "notice",
            "to": ["team-manager@receiving"],
            "when": "stage-start",
            "within": "2 working days",
            "document": "escalation-notice",
            "text": "The notice goes to the team manager within two working days.",
        }
    ]
    data["version"] = "2-with-notice"
    PolicyVersion.objects.create(
        partnership=cast.partnership,
        version="2-with-notice",
        effective_date=version.effective_date,
        text=yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
    )
    escalation = raise_one(cast)
    assert escalation.policy_version.version == "2-with-notice"
    escalate_to(escalation, cast.raiser, "line-managers", at=AT_STAGE_FOUR)
    document = issue(cast, escalation, stage="line-managers")
    text = flat(pdf_text(bytes(document.content)))
    assert "Forwarded to Team manager, Children's Social Care (Othermanager Testperson)" in text
    assert "No copy asked for by the policy" in text
    assert "Due by (the policy's deadline) Wednesday 4 March 2026, 17:00" in text
    to = Notification.objects.filter(key=f"document:{document.pk}", channel=Channel.EMAIL)
    assert [row.recipient for row in to] == [cast.other_manager]
    assert Event.objects.filter(escalation=escalation, kind="document-issued").count() == 1
