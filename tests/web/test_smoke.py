"""Raise an escalation through every page, then take it up the ladder, as users would."""

from __future__ import annotations

import pytest
from agree import hold_panel
from cast import PASSWORD, make_cast
from django.test import Client

from escalate.escalations.models import Escalation, Event

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_raise_journey_and_escalate_to_a_binding_decision() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser.username)
    assert client.get("/raise/").status_code == 302
    page = client.post("/raise/immediate-risk/", {"immediate_risk": "no"})
    assert page["Location"] == "/raise/not-an-escalation/"
    page = client.post("/raise/not-an-escalation/", {"matter": "none"})
    assert page["Location"] == "/raise/agency/"
    page = client.post("/raise/agency/", {"agency": cast.social_care.pk})
    page = client.post("/raise/professional/", {"professional": cast.other.pk})
    assert page["Location"] == "/raise/child/"
    page = client.post(
        "/raise/child/",
        {
            "name": "Ava Testington",
            "day": "4",
            "month": "5",
            "year": "2016",
            "status": "child-in-need",
            "need_level": "specialist",
        },
    )
    assert page["Location"] == "/raise/category/"
    client.post("/raise/category/", {"categories": ["thresholds"]})
    client.post(
        "/raise/disagreement/", {"disagreement": "The referral was closed without a visit."}
    )
    page = client.post("/raise/outcome/", {"outcome_wanted": "An assessment is started."})
    assert page["Location"] == "/raise/check/"
    check = client.get("/raise/check/")
    assert b"Ava Testington" in check.content
    done = client.post("/raise/check/")
    escalation = Escalation.objects.get()
    assert done["Location"] == f"/raise/done/{escalation.reference}/"
    assert escalation.reference.startswith("BRE-")
    assert escalation.current_stage == "line-manager"

    detail = client.get(f"/escalations/{escalation.reference}/")
    assert detail.status_code == 200
    assert b"Stage One" in detail.content

    outsider = signed_in(cast.outsider.username)
    assert outsider.get(f"/escalations/{escalation.reference}/").status_code == 404
    stranger = signed_in(cast.stranger.username)
    assert stranger.get(f"/escalations/{escalation.reference}/").status_code == 404

    for _ in range(4):
        escalation.refresh_from_db()
        page = client.post(
            f"/escalations/{escalation.reference}/escalate/",
            {"version": escalation.version, "text": "Still not resolved."},
        )
        assert page.status_code == 302, page.content.decode()[:2000]
    escalation.refresh_from_db()
    assert escalation.current_stage == "resolution-panel"
    hold_panel(escalation)  # the panel decides, through its meeting's page
    escalation.refresh_from_db()
    chair = signed_in(cast.chair.username)
    page = chair.post(
        f"/escalations/{escalation.reference}/meeting/decision/",
        {"version": escalation.version, "decision": "An assessment will start within 5 days."},
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    escalation.refresh_from_db()
    assert escalation.status == "decided"
    assert Event.objects.filter(escalation=escalation).count() == 8
    page = client.get(f"/escalations/{escalation.reference}/escalate/")
    assert page.status_code == 404


def test_escalation_offered_after_a_deadline_is_one_click() -> None:
    import datetime as dt

    from cast import CHILD

    from escalate.escalations.raising import escalation_raise

    cast = make_cast("brent")
    escalation = escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        categories=["thresholds"],
        disagreement="A disagreement.",
        outcome_wanted="An outcome.",
        immediate_risk=False,
        now=dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC),
        **CHILD,  # type: ignore[arg-type]
    )
    client = signed_in(cast.raiser.username)
    form = client.get(f"/escalations/{escalation.reference}/escalate/")
    assert b"The deadline passed without the disagreement being resolved." in form.content
    page = client.post(
        f"/escalations/{escalation.reference}/escalate/",
        {"version": escalation.version, "text": form.context["form"].initial["text"]},
    )
    assert page.status_code == 302
    escalation.refresh_from_db()
    assert escalation.current_stage == "other-worker"


def test_the_raise_pages_back_links_work_without_javascript() -> None:
    cast = make_cast("brent")
    client = signed_in(cast.raiser.username)
    client.get("/raise/")
    assert client.get("/raise/immediate-risk/").context["back"] == "/"
    client.post("/raise/immediate-risk/", {"immediate_risk": "no"})
    assert client.get("/raise/not-an-escalation/").context["back"] == "/raise/immediate-risk/"
    client.post("/raise/immediate-risk/", {"immediate_risk": "yes"})
    assert client.get("/raise/not-an-escalation/").context["back"] == "/raise/immediate-action/"
