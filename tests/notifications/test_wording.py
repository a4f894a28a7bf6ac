"""What the messages say, read where people read them: the notifications page in the app and
the emails the worker sends. Subjects name the event and the reference; bodies say what
happened in plain words, with stage titles and the kind of outcome, never a policy's
internal keys and never the child's details."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from cast import make_cast
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from walk import LADDERS, hold_meeting, people, raise_through_wizard, signed_in, take, text_of

from escalate.escalations.models import Escalation
from escalate.notifications.models import Channel, Notification
from escalate.policy.schema import Policy
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
CHILD_DETAILS = ("Ava", "Testington", "2016", "closed without a visit", "An assessment is")


def internal_keys(policy: Policy) -> set[str]:
    """Every hyphenated key the policy file uses: stages, steps, notifications, roles,
    documents and triggers. None of them may reach a reader."""
    keys = {"stage-start", "stage-end", "step-done", "final-decision", "policy-gap"}
    for stage in policy.stages:
        keys |= {stage.key, *stage.documents}
        keys |= {step.key for step in stage.steps}
        keys |= {note.key for note in stage.notify}
        keys |= {party.role for party in stage.actors}
    keys |= {note.key for note in policy.notify}
    keys |= {action.key for action in policy.immediate_risk.actions}
    return {key for key in keys if "-" in key}


def assert_plain(escalation: Escalation, rows: list[Notification]) -> None:
    keys = internal_keys(escalation.policy_version.policy)
    for row in rows:
        assert row.subject.startswith(f"{escalation.reference}: "), row.subject
        for text in (row.subject, row.body):
            for key in keys:
                assert not re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text), (key, text)
            for secret in CHILD_DETAILS:
                assert secret not in text, (secret, text)


@pytest.mark.parametrize("policy_id", list(LADDERS))
def test_every_message_on_a_whole_ladder_is_in_plain_words(policy_id: str) -> None:
    cast = make_cast(policy_id)
    cast_people = people(cast, policy_id)
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    for who, action, step, _ in LADDERS[policy_id]:
        if action == "meeting-decision":
            hold_meeting(escalation, cast.officer, cast.chair)
        take(signed_in(cast_people[who]), escalation, action, step)
    rows = list(Notification.objects.filter(escalation=escalation, channel=Channel.APP))
    assert len(rows) > 10
    assert_plain(escalation, rows)
    # The raiser reads on the notifications page what happened at each stage.
    inbox = text_of(signed_in(cast.raiser).get("/notifications/"))
    policy = escalation.policy_version.policy
    assert f"escalated to {policy.stages[1].title}" in inbox
    assert "to-stage" not in inbox


def test_the_raiser_is_told_what_was_decided_when_a_stage_ends() -> None:
    cast = make_cast("brent")
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    take(signed_in(cast.raiser), escalation, "escalate")
    feedback = Notification.objects.get(
        escalation=escalation,
        recipient=cast.raiser,
        channel=Channel.APP,
        key__startswith="policy:decisions-to-raiser",
    )
    assert feedback.subject == (
        f"{escalation.reference}: Stage One – Involving your Line manager ended: it was "
        "escalated to Stage Two – involving the worker from other agency/service"
    )
    assert "Stage One – Involving your Line manager ended on " in feedback.body
    assert (
        "it was escalated to Stage Two – involving the worker from other agency/service."
        in feedback.body
    )
    take(signed_in(cast.other), escalation, "resolve")
    take(signed_in(cast.raiser), escalation, "resolve")  # both sides agree: resolved
    ended = Notification.objects.filter(
        escalation=escalation, recipient=cast.raiser, channel=Channel.APP
    ).order_by("-pk")
    bodies = " ".join(row.body for row in ended)
    assert "it was resolved: the parties agreed an outcome" in bodies
    subjects = [row.subject for row in ended]
    assert f"{escalation.reference}: resolved" in subjects


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_the_immediate_risk_alert_says_immediate_risk() -> None:
    cast = make_cast("brent")
    escalation = raise_through_wizard(signed_in(cast.raiser), cast, immediate_risk=True)
    alert = Notification.objects.get(escalation=escalation, recipient=cast.dsl, channel=Channel.APP)
    assert alert.subject == f"{escalation.reference}: child at immediate risk of harm: act now"
    assert "the child is at immediate risk of harm" in alert.body
    assert "Inform the designated safeguarding lead in your agency immediately." in alert.body
    inbox = text_of(signed_in(cast.dsl).get("/notifications/"))
    assert "child at immediate risk of harm: act now" in inbox
    run_pass(now=timezone.now() + dt.timedelta(minutes=1), me="test")
    [email] = [m for m in mail.outbox if m.to == [cast.dsl.email]]
    assert email.subject == f"[Escalate] {alert.subject}"
    assert_plain(escalation, [alert])


def test_an_escalation_email_names_both_stages_by_their_titles() -> None:
    cast = make_cast("brent")
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    take(signed_in(cast.raiser), escalation, "escalate")
    row = Notification.objects.get(
        escalation=escalation, recipient=cast.other, channel=Channel.APP, key="event:2"
    )
    assert row.subject == (
        f"{escalation.reference}: escalated to Stage Two – involving the worker from other "
        "agency/service"
    )
    assert (
        f"What happened: It was escalated by {cast.raiser.display_name} "
        f"({cast.school.name}) from Stage One – Involving your Line manager to Stage Two – "
        "involving the worker from other agency/service, "
    ) in row.body
    assert "Now at: Stage Two" in row.body
    assert f"From: Practitioner, {cast.school.name} and {cast.social_care.name}." in row.body
