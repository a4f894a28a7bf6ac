"""The Escalation Resolution form: under every policy once resolved or decided, pre-filled from
the events, each stage's timescale worked out by the engine, sent to the business manager."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from agree import decide
from cast import Cast, make_cast, person
from paperwork import (
    MONDAY,
    act,
    escalate_to,
    flat,
    pdf_text,
    pdf_title,
    raise_one,
    signed_in,
    squash,
)
from waits import clear_the_way

from escalate.documents.models import DocumentKind, IssuedDocument
from escalate.documents.resolution import main_reasons_for, resolution_initial
from escalate.documents.selectors import events_of
from escalate.documents.services import document_issue_resolution_form, late_stages
from escalate.escalations.models import Escalation
from escalate.escalations.services import ActionRefused, escalation_state
from escalate.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)
TUESDAY = dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC)  # a day after MONDAY
NEXT_TUESDAY = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)  # past 5 working days
NONE = "No timescale set by the policy"

# For each policy: when each escalation to the next stage happens, and what the form says
# about each stage's timescale. One stage is late; the others keep to their timescales; the
# stage it is resolved at has no timescale of its own. Under the first four the late stage is
# the last one the 5-working-day cap covers; St Helens' first stage has its own same-working-
# day deadline, so there the first stage is late and the next two (inside the week) are not.
SCHEDULES: dict[str, tuple[list[dt.datetime], list[str]]] = {
    "brent": (
        [MONDAY + 5 * MINUTE, MONDAY + 6 * MINUTE, MONDAY + 7 * MINUTE, NEXT_TUESDAY],
        ["Yes", "Yes", "Yes", "No", NONE],
    ),
    "bromley": (
        [MONDAY + 5 * MINUTE, MONDAY + 6 * MINUTE, NEXT_TUESDAY],
        ["Yes", "Yes", "No", NONE],
    ),
    "haringey": ([MONDAY + 5 * MINUTE, NEXT_TUESDAY], ["Yes", "No", NONE]),
    "lincolnshire": (
        [MONDAY + 5 * MINUTE, MONDAY + 6 * MINUTE, NEXT_TUESDAY],
        ["Yes", "Yes", "No", NONE],
    ),
    "st-helens": ([TUESDAY, TUESDAY + MINUTE, TUESDAY + 2 * MINUTE], ["No", "Yes", "Yes", NONE]),
}


def climb_and_resolve(cast: Cast, policy_id: str) -> Escalation:
    # Lincolnshire's Step 3 is escalated by a Senior Liaison Officer (its 'may').
    slo = person("slo.school", cast.school, "senior-liaison-officer")
    escalation = raise_one(cast)
    times, _ = SCHEDULES[policy_id]
    for moment in times:
        clear_the_way(escalation, moment)
        mover = slo if escalation.current_stage == "senior-liaison-officers" else cast.raiser
        act(escalation, mover, "escalate", at=moment, text="Still not resolved.")
    act(
        escalation,
        cast.other,
        "resolve",
        at=times[-1] + dt.timedelta(hours=1),
        text="An assessment starts on Monday.",
        data={"outstanding": "The school and social care review it together in 4 weeks."},
    )
    return escalation


def complete(cast: Cast, escalation: Escalation, **changes: Any) -> IssuedDocument:
    escalation.refresh_from_db()
    answers = resolution_initial(escalation, events_of(escalation))
    answers["lessons"] = "Agree thresholds by phone first."
    answers.update(changes.pop("answers", {}))
    reasons = {key: "The managers were on leave." for key, _ in late_stages(escalation)}
    arguments: dict[str, Any] = {
        "escalation": escalation,
        "author": cast.raiser,
        "answers": answers,
        "reasons": reasons,
        "expected_version": escalation.version,
        "now": dt.datetime(2026, 3, 11, 9, 30, tzinfo=dt.UTC),
    }
    arguments.update(changes)
    return document_issue_resolution_form(**arguments)


@pytest.mark.parametrize("policy_id", sorted(SCHEDULES))
def test_timescale_adherence_for_each_policy(policy_id: str) -> None:
    cast = make_cast(policy_id)
    escalation = climb_and_resolve(cast, policy_id)
    _, expected = SCHEDULES[policy_id]
    state = escalation_state(escalation)
    met = [visit.timescale_met for visit in state.history]
    assert met == [{"Yes": True, "No": False}.get(answer) for answer in expected]
    late = [title for _, title in late_stages(escalation)]
    assert late == [v.title for v, a in zip(state.history, expected, strict=True) if a == "No"]
    document = complete(cast, escalation)
    rows = document.fields["timescales"]
    assert [row["answer"] for row in rows] == expected
    for row in rows:
        assert row["reason"] == ("The managers were on leave." if row["answer"] == "No" else "")
    text = flat(pdf_text(bytes(document.content)))
    for visit in state.history:
        assert squash(visit.title) in squash(text)
    late_title = late[0]
    assert f"{late_title}" in text
    assert "No. Reason: The managers were on leave." in text
    emails = Notification.objects.filter(key=f"document:{document.pk}", channel=Channel.EMAIL)
    assert [row.recipient for row in emails] == [cast.officer]


def test_the_form_has_every_field_of_the_template() -> None:
    cast = make_cast("st-helens")
    escalation = climb_and_resolve(cast, "st-helens")
    document = complete(cast, escalation)
    content = bytes(document.content)
    assert pdf_title(content) == "Escalation Resolution form: escalation STH-2026-0001"
    text = flat(pdf_text(content))
    expected = [
        "Name of child Ava Testington",
        "Date of birth 4 May 2016",
        "Parents Jo Testington (mother)",
        "Lead practitioner and agency Other Testperson, Children's Social Care",
        "Continuum of need Specialist / child in need",
        "Procedures case managed under Child in need",
        "Stage of escalation Raised at Stage One – Consulting the Line Manager; reached "
        "Stage Four – Escalation to Safeguarding Leads or Senior Manager",
        "Stage escalation resolved Stage Four – Escalation to Safeguarding Leads or Senior "
        "Manager (resolved by agreement)",
        "Stage One – Consulting the Line Manager 2 March 2026, 17:00 3 March 2026, 10:00 No. "
        "Reason: The managers were on leave.",
        "Stage Two – Discussion between the Professionals 9 March 2026, 17:00 "
        "3 March 2026, 10:01 Yes",
        "Main reason for escalation Threshold conflict",
        "Action An assessment starts on Monday. Outstanding issues: The school and social care "
        "review it together in 4 weeks.",
        "Issues raised The referral was closed without a home visit.",
        "Date of resolution 3 March 2026",
        "Level of resolution Designated safeguarding lead, Service manager (Stage Four",
        "Lessons learnt Agree thresholds by phone first.",
        "Name of referrer Raiser Testperson, Teacher, Oakfield Primary School",
        "Practitioners informed Raiser Testperson, Teacher, Oakfield Primary School Other "
        "Testperson, Children's Social Care",
        "Date form completed 11 March 2026",
        "Completed by Raiser Testperson, Teacher, Oakfield Primary School",
        "Method of delivery Through Escalate (a secure link by email)",
        "Sent to Officer Testperson, Partnership team",
    ]
    for field in expected:
        assert field in text, field
    assert document.kind == DocumentKind.RESOLUTION_FORM
    assert document.event.data["sha256"] == document.sha256


def test_main_reasons_come_from_the_categories() -> None:
    assert main_reasons_for(["communication", "thresholds"]) == ["threshold", "communication"]
    assert main_reasons_for(["information-sharing"]) == ["communication"]
    assert main_reasons_for(["agreed-action-not-completed"]) == ["need-for-action"]
    assert main_reasons_for(["roles-and-responsibilities"]) == ["roles-and-responsibilities"]
    assert main_reasons_for(["allegation-management"]) == []


def test_a_late_stage_needs_a_reason() -> None:
    cast = make_cast("haringey")
    escalation = climb_and_resolve(cast, "haringey")
    with pytest.raises(ActionRefused, match="Enter why the timescale for Stage 2"):
        complete(cast, escalation, reasons={})


def test_only_once_resolved_or_decided() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    url = f"/escalations/{escalation.reference}/documents/resolution-form/"
    assert signed_in(cast.raiser).get(url).status_code == 404
    with pytest.raises(ActionRefused, match="once the escalation is resolved or decided"):
        complete(cast, escalation)
    escalate_to(escalation, cast.raiser, "resolution-panel", at=MONDAY + MINUTE)
    decide(escalation, cast.chair, "Assess now.", now=MONDAY + 9 * MINUTE)
    assert escalation.status == "decided"
    page = signed_in(cast.raiser).get(url)
    assert page.status_code == 200
    document = complete(cast, escalation)
    assert "(final binding decision)" in document.fields["stage_resolved"]
    assert document.fields["action"].startswith("Assess now.")


def test_the_form_is_pre_filled_and_its_errors_are_plain_and_keep_what_was_typed() -> None:
    cast = make_cast("haringey")
    escalation = climb_and_resolve(cast, "haringey")
    url = f"/escalations/{escalation.reference}/documents/resolution-form/"
    client = signed_in(cast.other)
    html = client.get(url).content.decode()
    assert "An assessment starts on Monday." in html
    assert 'value="threshold" checked' in html  # Haringey's 'threshold' category
    assert "Why was the timescale for Stage 2" in html
    page = client.post(url, {"version": escalation.version, "action": "Kept action"})
    html = page.content.decode()
    for message in (
        "Enter why the timescale for Stage 2",
        "Enter the lead practitioner and their agency",
        "Select the level on the continuum of need",
        "Enter the procedures the case is managed under",
        "Select the main reason for the escalation",
        "Enter the practitioners who were informed",
        "Select how the form is delivered",
        "Enter the issues raised",
        "Enter the lessons learnt, or write &#39;None&#39;",
    ):
        assert message in html, message
    assert "Kept action" in html
    assert not IssuedDocument.objects.exists()
    late_key = late_stages(escalation)[0][0]
    page = client.post(
        url,
        {
            "version": escalation.version,
            f"reason_{late_key}": "Head of service away",
            "lead_practitioner": "Other Testperson, Children's Social Care",
            "need_level": "child-protection",
            "procedures": "Child protection",
            "main_reasons": ["communication", "need-for-action"],
            "action": "Kept action",
            "practitioners_informed": "Both",
            "delivery": "secure-email",
            "issues": "Thresholds",
            "lessons": "None",
        },
    )
    document = IssuedDocument.objects.get()
    assert page["Location"] == f"/escalations/{escalation.reference}/documents/{document.pk}/"
    text = flat(pdf_text(bytes(document.content)))
    assert "Main reason for escalation Communication; Need for action" in text
    assert "Continuum of need Child protection" in text
    assert "Method of delivery Secure email" in text
    assert "No. Reason: Head of service away" in text
