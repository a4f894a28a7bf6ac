"""Raise drafts are kept on the server for the person raising, never in their session, and
expire: the answers so far survive signing in again, are private to their author, are gone
once raised or abandoned, and the worker deletes expired drafts and expired sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cast import PASSWORD, Cast, make_cast
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from escalate.escalations.drafts import draft_answers, draft_save, drafts_purge_expired
from escalate.escalations.models import Escalation, RaiseDraft
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db

CHILD = {
    "name": "Ava Testington",
    "day": "4",
    "month": "5",
    "year": "2016",
    "reference": "EH-55123",
    "status": "child-in-need",
    "need_level": "specialist",
    "parents_carers": "Mia Testington (mother)",
}


def signed_in(cast: Cast) -> Client:
    client = Client()
    assert client.login(username=cast.raiser.username, password=PASSWORD)
    return client


def answer_up_to_child(client: Client, cast: Cast) -> None:
    steps: list[tuple[str, dict[str, Any]]] = [
        ("immediate-risk", {"immediate_risk": "no"}),
        ("not-an-escalation", {"matter": "none"}),
        ("agency", {"agency": cast.social_care.pk}),
        ("professional", {"professional": cast.other.pk}),
        ("child", CHILD),
    ]
    assert client.get("/raise/").status_code == 302
    for page, data in steps:
        assert client.post(f"/raise/{page}/", data).status_code == 302, page


def answer_the_rest(client: Client) -> None:
    for page, data in [
        ("category", {"categories": ["thresholds"]}),
        ("disagreement", {"disagreement": "The referral was closed without a visit."}),
        ("outcome", {"outcome_wanted": "An assessment is started."}),
    ]:
        assert client.post(f"/raise/{page}/", data).status_code == 302, page


def test_the_childs_details_are_kept_on_the_server_and_never_in_the_session() -> None:
    cast = make_cast("brent")
    client = signed_in(cast)
    answer_up_to_child(client, cast)

    stored = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    for detail in ("Ava Testington", "2016-05-04", "EH-55123", "Mia Testington", "child"):
        assert detail not in stored
    draft = RaiseDraft.objects.get(person=cast.raiser)
    assert draft.answers["child"]["name"] == "Ava Testington"
    assert draft.answers["child"]["date_of_birth"] == "2016-05-04"


def test_the_draft_survives_signing_in_again_and_is_raised_from_the_server() -> None:
    cast = make_cast("brent")
    first = signed_in(cast)
    answer_up_to_child(first, cast)
    first.post("/sign-out/")

    again = signed_in(cast)  # a new session, as after lunch or on another PC
    assert again.get("/raise/child/").status_code == 200
    assert "Ava Testington" in again.get("/raise/child/").content.decode()
    answer_the_rest(again)
    done = again.post("/raise/check/")
    escalation = Escalation.objects.get()
    assert done["Location"] == f"/raise/done/{escalation.reference}/"
    assert (escalation.child_name, escalation.child_reference) == ("Ava Testington", "EH-55123")
    assert not RaiseDraft.objects.exists()


def test_a_draft_belongs_to_its_author_only() -> None:
    cast = make_cast("brent")
    answer_up_to_child(signed_in(cast), cast)
    colleague = Client()
    assert colleague.login(username=cast.colleague.username, password=PASSWORD)
    page = colleague.get("/raise/child/").content.decode()
    assert "Ava Testington" not in page
    assert colleague.get("/raise/check/")["Location"] == "/raise/immediate-risk/"


def test_starting_again_or_stopping_at_another_procedure_discards_the_draft() -> None:
    cast = make_cast("brent")
    client = signed_in(cast)
    answer_up_to_child(client, cast)
    client.get("/raise/")
    assert not RaiseDraft.objects.exists()

    answer_up_to_child(client, cast)
    client.post("/raise/not-an-escalation/", {"matter": "conduct"})
    assert client.get("/raise/not-an-escalation/conduct/").status_code == 200
    assert not RaiseDraft.objects.exists()


@override_settings(RAISE_DRAFT_HOURS=24)
def test_a_draft_expires_a_lifetime_after_its_last_answer() -> None:
    cast = make_cast("brent")
    saved_at = timezone.now()
    draft_save(person=cast.raiser, answers={"immediate_risk": "no"}, now=saved_at)
    expires = saved_at + dt.timedelta(hours=24)
    assert RaiseDraft.objects.get().expires_at == expires

    just_before = expires - dt.timedelta(microseconds=1)
    assert draft_answers(person=cast.raiser, now=just_before) == {"immediate_risk": "no"}
    assert draft_answers(person=cast.raiser, now=expires) == {}
    assert drafts_purge_expired(now=just_before) == 0
    assert drafts_purge_expired(now=expires) == 1
    assert not RaiseDraft.objects.exists()


def test_an_expired_draft_is_not_offered_back_and_the_journey_starts_again() -> None:
    cast = make_cast("brent")
    client = signed_in(cast)
    answer_up_to_child(client, cast)
    RaiseDraft.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert "Ava Testington" not in client.get("/raise/child/").content.decode()
    assert client.get("/raise/check/")["Location"] == "/raise/immediate-risk/"
    # Answering again replaces the expired draft with a fresh one.
    assert client.post("/raise/immediate-risk/", {"immediate_risk": "no"}).status_code == 302
    draft = RaiseDraft.objects.get()
    assert draft.answers == {"immediate_risk": "no"}
    assert draft.expires_at > timezone.now()


def test_the_worker_deletes_expired_drafts_and_sessions_and_keeps_live_ones() -> None:
    cast = make_cast("brent")
    now = timezone.now()
    draft_save(
        person=cast.raiser, answers={"child": {"name": "Ava"}}, now=now - dt.timedelta(days=2)
    )
    draft_save(person=cast.colleague, answers={"immediate_risk": "no"}, now=now)
    live = signed_in(cast)
    stale = Client()
    assert stale.login(username=cast.colleague.username, password=PASSWORD)
    Session.objects.filter(session_key=stale.session.session_key).update(
        expire_date=now - dt.timedelta(minutes=1)
    )

    report = run_pass(now=now)

    assert not report.errors
    assert (report.counts["drafts deleted"], report.counts["sessions deleted"]) == (1, 1)
    assert list(RaiseDraft.objects.values_list("person", flat=True)) == [cast.colleague.pk]
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session.session_key]
