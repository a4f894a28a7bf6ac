"""Item 6 of issue 15: contacts, not just names. The directory holds each role holder's job
title, work telephone and email; they are shown where the policy names the role (the
agency's Senior Liaison Officer at Lincolnshire's step 3, the LADO and the agency's
whistleblowing lead on the not-an-escalation pages, MASH for immediate risk, Bromley's BSCB
administrator at stage 3), and administrators keep them up to date in the administration
pages."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from cast import PASSWORD, Cast, make_cast, person
from django.test import Client

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Person
from escalate.policy.clock import LONDON

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return re.sub(r" ([,.;:])", r"\1", words)


def signed_in(someone: Person) -> Client:
    client = Client()
    assert client.login(username=someone.username, password=PASSWORD)
    return client


def with_contact(someone: Person, phone: str) -> Person:
    someone.phone = phone
    someone.save(update_fields=["phone"])
    return someone


def raised(cast: Cast, *, immediate_risk: bool = False) -> Escalation:
    return escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        child_name="Ava Testington",
        child_date_of_birth=dt.date(2016, 5, 4),
        child_status="child-in-need",
        categories=[cast.partnership.policy_versions.get().policy.categories[0].key],
        disagreement="The referral was closed without a visit.",
        outcome_wanted="An assessment is started.",
        immediate_risk=immediate_risk,
        immediate_action="Told our DSL and rang MASH." if immediate_risk else "",
        now=dt.datetime(2026, 6, 1, 10, tzinfo=LONDON),
    )


def climb(escalation: Escalation, actor: Person, times: int) -> None:
    for _ in range(times):
        escalation.refresh_from_db()
        escalation_act(
            escalation=escalation,
            actor=actor,
            action="escalate",
            expected_version=escalation.version,
            text="Not resolved.",
        )
    escalation.refresh_from_db()


def test_lincolnshire_step_three_shows_each_agencys_senior_liaison_officer() -> None:
    cast = make_cast("lincolnshire")
    school_slo = with_contact(
        person("slo.school", cast.school, "senior-liaison-officer", title="Deputy head"),
        "01632 960 101",
    )
    social_slo = with_contact(
        person("slo.social", cast.social_care, "senior-liaison-officer", title="Service lead"),
        "01632 960 102",
    )
    elsewhere = person("slo.health", cast.health, "senior-liaison-officer")
    escalation = raised(cast)
    climb(escalation, cast.raiser, 2)
    assert escalation.current_stage == "senior-liaison-officers"
    page = text(signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/"))
    contacts = page[page.index("Contact details") :]
    for slo, agency in ((school_slo, cast.school), (social_slo, cast.social_care)):
        assert (
            f"{slo.display_name}, {slo.job_title}, {agency.name} Telephone: {slo.phone} "
            f"Email: {slo.email}"
        ) in contacts
    assert elsewhere.username not in contacts  # not one of the agencies in dispute
    body = signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/").content.decode()
    assert 'href="tel:01632960101"' in body
    assert f'href="mailto:{school_slo.email}"' in body


def test_the_not_an_escalation_pages_give_the_lado_and_your_own_whistleblowing_lead() -> None:
    cast = make_cast("brent")
    lado = with_contact(person("lado.brent", cast.team, "lado", title="LADO"), "01632 960 201")
    own = with_contact(
        person("wb.school", cast.school, "whistleblowing-lead", title="Business manager"),
        "01632 960 202",
    )
    other = person("elsewhere.social", cast.social_care, "whistleblowing-lead")
    client = signed_in(cast.raiser)
    conduct = text(client.get("/raise/not-an-escalation/conduct/"))
    assert "Who to contact" in conduct
    assert f"{lado.display_name}, LADO, {cast.team.name} Telephone: 01632 960 201" in conduct
    whistle = text(client.get("/raise/not-an-escalation/whistleblowing/"))
    assert f"The agency's whistleblowing lead, {cast.school.name}" in whistle
    assert f"{own.display_name}, Business manager, {cast.school.name}" in whistle
    assert f"Email: {own.email}" in whistle
    assert other.display_name not in whistle  # another agency's lead is not yours
    # Immediate risk: Brent names the designated safeguarding lead and its Head of
    # Safeguarding; with nobody in that role yet, the page says so.
    assert "Contacts if a child is at immediate risk" in whistle
    assert "Nobody is in the directory in this role yet" in whistle


def test_bromley_stage_three_gives_the_bscb_administrator() -> None:
    cast = make_cast("bromley")
    administrator = with_contact(
        person("bscb.admin", cast.team, "board-administrator", title="BSCB administrator"),
        "01632 960 301",
    )
    escalation = raised(cast)
    climb(escalation, cast.raiser, 2)
    assert escalation.current_stage == "senior-managers"
    page = text(signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/"))
    assert (
        f"BSCB administrator (the safeguarding partnership) {administrator.display_name}, "
        "BSCB administrator"
    ) in page
    assert "Telephone: 01632 960 301" in page


def test_an_administrator_keeps_the_phone_and_email_up_to_date() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.officer)
    url = f"/partnership/administration/people/{cast.dsl.pk}/"
    form = client.get(url)
    assert "Work telephone (optional)" in text(form)
    data = {
        "agency": cast.dsl.agency_id,
        "job_title": "Deputy head",
        "email": "dsl.oakfield@example.org",
        "phone": "01632  960 401",
        "line_manager": cast.dsl.line_manager_id or "",
        "active": "yes",
        "roles": sorted(cast.dsl.role_keys()),
    }
    wrong = client.post(url, {**data, "phone": "call reception", "email": "not an email"})
    assert "Enter a telephone number using digits, spaces and + only" in text(wrong)
    assert "Enter an email address like name@example.org" in text(wrong)
    assert client.post(url, data).status_code == 302
    cast.dsl.refresh_from_db()
    assert (cast.dsl.phone, cast.dsl.email) == ("01632 960 401", "dsl.oakfield@example.org")


def test_the_demo_gives_every_role_holder_a_fictional_phone_and_email() -> None:
    from escalate.demo.load import DEMO_PASSWORD, load_demo

    load_demo(now=dt.datetime(2025, 3, 12, 14, 30, tzinfo=LONDON))
    people = Person.objects.filter(role_holdings__isnull=False).distinct()
    assert people.count() > 100
    for someone in people:
        assert re.fullmatch(r"01632 960 \d{3}", someone.phone), someone.username
        assert someone.email.endswith("@example.org"), someone.username
    for slug in ("brent", "bromley", "haringey", "lincolnshire"):
        assert Person.objects.filter(agency__partnership__slug=slug, role_holdings__role="lado")
    assert Person.objects.filter(
        agency__partnership__slug="bromley", role_holdings__role="board-administrator"
    ).exists()
    client = Client()
    assert client.login(username="brent.practitioner.gp", password=DEMO_PASSWORD)
    page = text(client.get("/raise/not-an-escalation/whistleblowing/"))
    assert "Nobody is in the directory in this role yet" not in page.split("If a child")[0]
    assert "Telephone: 01632 960" in page


def test_an_immediate_risk_escalation_gives_the_mash_contact() -> None:
    cast = make_cast("bromley")
    mash = with_contact(
        person("mash.bromley", cast.team, "mash", title="MASH duty"), "01632 960 501"
    )
    quiet = raised(cast)
    page = text(signed_in(cast.raiser).get(f"/escalations/{quiet.reference}/"))
    assert mash.display_name not in page
    urgent = raised(cast, immediate_risk=True)
    page = text(signed_in(cast.raiser).get(f"/escalations/{urgent.reference}/"))
    assert f"{mash.display_name}, MASH duty, {cast.team.name} Telephone: 01632 960 501" in page
