"""The main journeys end to end in Chromium, for each kind of user, with axe-core on every page
they reach: raising (with and without an immediate risk, and the stop for a matter that is not
an escalation), acting at a stage, signing the Escalation Notice, confirming the agreed
outcome, convening a meeting, recording a panel's decision, answering learning, and the Board
report with its CSV and PDF. Each runs with JavaScript on and again with it off; raising and
one action are also done with the keyboard alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from browsing import Site, Visit
from journeys import Walk, fill_date

MODES = [pytest.param(True, id="js"), pytest.param(False, id="nojs")]


def _mode(javascript: bool) -> str:
    return "js" if javascript else "nojs"


def _walk(visit: Visit, site: Site, user: str, javascript: bool, *, keyboard: bool = False) -> Walk:
    page = visit(user, javascript=javascript, fresh=keyboard)
    return Walk(page, site.base, by_keyboard=keyboard, javascript=javascript)


def _clean(walk: Walk) -> None:
    assert not walk.found, "axe found, on the pages visited:\n" + "\n".join(walk.found)


def raise_one(walk: Walk, *, immediate_risk: bool) -> str:
    """Raise a Brent escalation about a child, from the first question to the reference."""
    walk.go("/raise/")
    assert walk.heading() == "Is the child at immediate risk of harm?"
    walk.choose("Yes" if immediate_risk else "No")
    walk.press("Continue")
    if immediate_risk:
        assert walk.heading() == "Act now to keep the child safe"
        walk.fill("What have you done to keep the child safe?", "Told the DSL at 09:10.")
        walk.press("Continue")
    walk.choose("No, it is a disagreement about what another agency is doing for a child")
    walk.press("Continue")
    walk.select("Which agency do you disagree with?", "Test Children's Social Care")
    walk.press("Continue")
    walk.choose("Other Testperson")
    walk.press("Continue")
    assert walk.heading() == "About the child"
    walk.fill("Child's full name", "Ava Testington")
    fill_date(walk, 3, 4, 2016)
    walk.fill("Your agency's reference for the child (optional)", "OAK-2231")
    walk.choose("Child in need")
    walk.select("Level on the continuum of need", "Targeted")
    walk.fill("Parents or carers (optional)", "Sam Testington (mother)")
    walk.press("Continue")
    walk.choose(walk.page.locator("main .govuk-checkboxes__label").first.inner_text().strip())
    walk.press("Continue")
    walk.fill("What do you disagree about?", "The referral was closed without a home visit.")
    walk.press("Continue")
    assert walk.heading() == "When did the disagreement arise?"
    walk.press("Continue")  # today, as the page suggests
    walk.fill("What outcome do you want for the child?", "A child and family assessment.")
    walk.press("Continue")
    assert walk.heading() == "Check your answers before raising the escalation"
    walk.shows("3 April 2016", "OAK-2231", "Sam Testington (mother)")
    walk.press("Raise the escalation")
    assert walk.heading() == "Escalation raised", walk.errors()
    return walk.page.locator(".govuk-panel__body strong").inner_text()


@pytest.mark.parametrize("javascript", MODES)
def test_raise_without_and_with_immediate_risk(visit: Visit, site: Site, javascript: bool) -> None:
    walk = _walk(visit, site, "raiser.brent", javascript)
    calm = raise_one(walk, immediate_risk=False)
    urgent = raise_one(walk, immediate_risk=True)
    walk.follow("Go to the escalation")
    walk.shows(urgent, "Immediate risk", "Told the DSL at 09:10.")
    assert calm != urgent
    _clean(walk)


@pytest.mark.parametrize("javascript", MODES)
def test_a_matter_for_another_procedure_stops_the_raise(
    visit: Visit, site: Site, javascript: bool
) -> None:
    walk = _walk(visit, site, "raiser.brent", javascript)
    walk.go("/raise/")
    walk.choose("No")
    walk.press("Continue")
    walk.choose("A complaint about a professional's behaviour or conduct")
    walk.press("Continue")
    assert walk.heading().endswith("is not an escalation")
    walk.shows("the allegations procedure (the LADO)")
    walk.follow("Return to your escalations")
    _clean(walk)


def test_raise_with_the_keyboard_alone(visit: Visit, site: Site) -> None:
    walk = _walk(visit, site, "raiser.brent", True, keyboard=True)
    reference = raise_one(walk, immediate_risk=True)
    assert reference.startswith("BRE-")
    _clean(walk)


def _record_discussion(walk: Walk, reference: str) -> None:
    walk.go(f"/escalations/{reference}/")
    walk.press("Record a discussion")  # the next step: a link that looks like a button
    walk.fill("Who took part?", "Both line managers")
    walk.choose("Phone")
    walk.fill("Outcome of the discussion", "Not agreed: the case stays closed.")
    walk.press("Save the discussion")
    walk.shows("Discussion recorded", "Not agreed: the case stays closed.")


@pytest.mark.parametrize("javascript", MODES)
def test_act_at_a_stage_then_escalate(visit: Visit, site: Site, javascript: bool) -> None:
    reference = site.refs[f"act_{_mode(javascript)}"]
    manager = _walk(visit, site, "manager.brent", javascript)
    _record_discussion(manager, reference)
    raiser = _walk(visit, site, "raiser.brent", javascript, keyboard=javascript)
    raiser.go(f"/escalations/{reference}/")
    raiser.follow("Escalate to Stage Two – involving the worker from other agency/service")
    raiser.fill("Why are you escalating it?", "The discussion did not resolve it.")
    raiser.press("Escalate")
    raiser.shows("Escalated", "Stage Two")
    _clean(manager)
    _clean(raiser)


@pytest.mark.parametrize("javascript", MODES)
def test_sign_and_send_the_escalation_notice(visit: Visit, site: Site, javascript: bool) -> None:
    walk = _walk(visit, site, "manager.sthelens", javascript)
    walk.go(f"/escalations/{site.refs[f'notice_{_mode(javascript)}']}/")
    walk.follow("Review and sign the Escalation Notice")
    walk.fill("Your role", "Head of year")
    walk.choose("I have checked this notice and I sign it")
    walk.press("Sign and send the notice")
    assert not walk.errors(), walk.errors()
    walk.shows("Head of year")
    _clean(walk)


@pytest.mark.parametrize("javascript", MODES)
def test_confirm_the_agreed_outcome(visit: Visit, site: Site, javascript: bool) -> None:
    reference = site.refs[f"resolved_{_mode(javascript)}"]
    walk = _walk(visit, site, "raiser.brent", javascript)
    walk.go("/outcomes/to-confirm/")
    walk.follow(reference)
    walk.shows("You are confirming for Elmbridge Test School.")
    walk.choose(
        "I confirm this is the outcome we agreed, and how any outstanding issue will be pursued"
    )
    walk.press("Confirm the agreed outcome")
    assert not walk.errors(), walk.errors()
    walk.go(f"/escalations/{reference}/")
    walk.shows("Elmbridge Test School: confirmed by Raiser Testperson")
    _clean(walk)


@pytest.mark.parametrize("javascript", MODES)
def test_convene_a_meeting(visit: Visit, site: Site, javascript: bool) -> None:
    walk = _walk(visit, site, "officer.haringey", javascript)
    walk.go(f"/escalations/{site.refs[f'convene_{_mode(javascript)}']}/")
    walk.page.get_by_role("link", name="Convene the").first.click()
    walk.check()
    for box in walk.page.locator("main input[name=members]").all():
        box.check()
    chair = walk.page.get_by_label("Who will chair it?")
    chair.select_option(index=1)
    when = dt.datetime.now(tz=dt.UTC).date() + dt.timedelta(days=7)
    fill_date(walk, when.day, when.month, when.year)
    walk.fill("Time", "14:30")
    walk.fill("Where will it be held?", "Civic Centre, room 2")
    walk.page.locator("main form button[type=submit]").last.click()
    walk.check()
    assert not walk.errors(), walk.errors()
    walk.shows("Civic Centre, room 2")
    _clean(walk)


@pytest.mark.parametrize("javascript", MODES)
def test_record_the_panels_decision(visit: Visit, site: Site, javascript: bool) -> None:
    reference = site.refs[f"panel_{_mode(javascript)}"]
    walk = _walk(visit, site, "chair.brent", javascript)
    walk.go(f"/escalations/{reference}/meeting/")  # a panel's decision is recorded there
    walk.press("Record the decision", role="link")
    walk.fill("The decision", "Children's social care will assess within 10 working days.")
    walk.press("Record the decision")
    assert not walk.errors(), walk.errors()
    walk.go(f"/escalations/{reference}/")
    walk.shows("Final binding decision made")
    _clean(walk)


@pytest.mark.parametrize("javascript", MODES)
def test_answer_learning(visit: Visit, site: Site, javascript: bool) -> None:
    walk = _walk(visit, site, "officer.brent", javascript)
    walk.go(f"/partnership/learning/{site.refs[f'lesson_{_mode(javascript)}']}/answer/")
    walk.fill("Your answer", "Panel timescales go into the managers' course in March.")
    walk.press("Save the answer")
    assert not walk.errors(), walk.errors()
    walk.go("/partnership/learning/?status=answered")
    walk.shows("Panel timescales go into the managers' course in March.")
    _clean(walk)


@pytest.mark.parametrize("javascript", MODES)
def test_the_board_report_and_its_csv_and_pdf(visit: Visit, site: Site, javascript: bool) -> None:
    walk = _walk(visit, site, "officer.brent", javascript)
    walk.go("/partnership/report/")
    with walk.page.expect_download() as csv:
        walk.page.get_by_role("link", name="Download this table (CSV)").first.click()
    text = Path(csv.value.path()).read_text(encoding="utf-8-sig")
    assert "," in text.splitlines()[0], text[:200]
    with walk.page.expect_download() as pdf:
        walk.page.get_by_role("link", name="Download the whole report (PDF)").click()
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"
    _clean(walk)


@pytest.mark.parametrize("javascript", MODES)
def test_an_administrator_gives_someone_a_role(visit: Visit, site: Site, javascript: bool) -> None:
    who = "Colleague Testperson" if javascript else "Dsl Testperson"
    walk = _walk(visit, site, "officer.brent", javascript)
    walk.go("/")
    walk.follow("Administration")
    walk.follow("People, their roles and line managers")
    walk.fill("Search by name, username or email", who)
    walk.press("Search")
    walk.page.get_by_role("link", name=who).click()
    walk.check()
    walk.choose("Team manager (team-manager)")
    walk.press("Save their details")
    walk.shows(f"{who}'s details are saved")
    row = " ".join(walk.page.get_by_role("row").filter(has_text=who).inner_text().split())
    assert "Team manager" in row, row
    _clean(walk)
