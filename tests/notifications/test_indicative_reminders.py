"""Indicative means reminders only (issue 14, item 13, as the lead decided): where a policy,
a stage or a cap over it says ``timescale: indicative`` in so many words, a deadline passing
sends the morning reminder to whoever must act and no overdue alert, to nobody's managers nor
the business manager; ``mandatory`` alerts as before and the business manager too; a file that
says nothing alerts whoever must act, their managers and the raiser, as before."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import CHILD, Cast, make_cast
from timescales import STATED, publish, shipped_text, unstated

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.notifications.models import Channel, Notification
from escalate.policy.clock import LONDON
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db

RAISED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)  # Monday; the cap ends 17:00 Monday 9th
DEADLINE = dt.datetime(2026, 3, 9, 17, 0, tzinfo=LONDON)
CAP_TIMESCALE = "    within: 1 working week\n    timescale: indicative\n"


def raise_one(cast: Cast) -> Escalation:
    policy = cast.partnership.policy_in_force(RAISED.date()).policy
    return escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        disagreement="The referral was closed without a visit.",
        outcome_wanted="An assessment.",
        immediate_risk=False,
        now=RAISED,
        categories=[policy.categories[0].key],
        **CHILD,  # type: ignore[arg-type]
    )


def emailed(escalation: Escalation, prefix: str) -> set[str]:
    rows = Notification.objects.filter(
        escalation=escalation, key__startswith=prefix, channel=Channel.EMAIL
    )
    return {row.recipient.username for row in rows}


def after_the_deadline(cast: Cast) -> tuple[Escalation, set[str], set[str]]:
    """Raise one, run the worker from a minute before its deadline to the next morning:
    who had the overdue alert, and who the morning reminder."""
    escalation = raise_one(cast)
    assert escalation.next_deadline == DEADLINE
    run_pass(now=DEADLINE - dt.timedelta(minutes=1))
    assert not emailed(escalation, "overdue:")
    run_pass(now=DEADLINE)
    run_pass(now=DEADLINE + dt.timedelta(seconds=1))
    run_pass(now=dt.datetime(2026, 3, 10, 9, 0, tzinfo=LONDON))
    return escalation, emailed(escalation, "overdue:"), emailed(escalation, "reminder:2026-03-10")


@pytest.mark.parametrize("policy_id", ["brent", "bromley", "haringey", "lincolnshire", "st-helens"])
def test_no_shipped_file_calls_its_timescales_indicative_so_managers_are_alerted(
    policy_id: str,
) -> None:
    # The lead's decision: a shipped timescale is the most the partnership expects, so when it
    # passes the managers hear of it; a partnership opts in to reminders only in so many words.
    assert not STATED.search(shipped_text(policy_id))


def test_shipped_brent_alerts_the_managers_when_the_week_passes() -> None:
    cast = make_cast("brent")
    _, alerted, _ = after_the_deadline(cast)
    head = cast.manager.line_manager
    assert head is not None
    assert {cast.raiser.username, cast.manager.username, head.username} <= alerted


def test_a_file_that_says_nothing_alerts_as_before() -> None:
    cast = make_cast("brent")
    publish(cast.partnership, unstated("brent"), "3")
    _, alerted, reminded = after_the_deadline(cast)
    head = cast.manager.line_manager
    assert head is not None
    assert {cast.raiser.username, cast.manager.username, head.username} <= alerted
    assert cast.officer.username not in alerted
    assert reminded == set()  # the alert is that morning's one message


@pytest.mark.parametrize(
    "where",
    [
        pytest.param("cap", id="said-by-the-cap"),
        pytest.param("target", id="said-by-the-policys-target"),
        pytest.param("stage", id="said-by-the-stage"),
    ],
)
def test_indicative_said_once_anywhere_over_the_stage_is_reminders_only(where: str) -> None:
    cast = make_cast("brent")
    text = unstated("brent")
    if where == "cap":
        text = text.replace("    within: 1 working week\n", CAP_TIMESCALE, 1)
    elif where == "target":
        text = text.replace(
            "  within: 1 working week\n", "  within: 1 working week\n  timescale: indicative\n", 1
        )
    else:
        actors = "    actors: [practitioner@raising, line-manager@raising]\n"
        text = text.replace(actors, actors + "    timescale: indicative\n", 1)
    assert len(STATED.findall(text)) == 1
    publish(cast.partnership, text, "3")
    _, alerted, reminded = after_the_deadline(cast)
    assert alerted == set()
    assert reminded == {cast.raiser.username, cast.manager.username}


def test_mandatory_alerts_the_managers_and_the_business_manager_even_under_indicative() -> None:
    cast = make_cast("brent")
    text = shipped_text("brent").replace(
        "  within: 1 working week\n", "  within: 1 working week\n  timescale: indicative\n", 1
    )
    text = text.replace(
        "    within: 1 working week\n", "    within: 1 working week\n    timescale: mandatory\n", 1
    )
    assert STATED.search(text)
    assert "timescale: mandatory" in text
    publish(cast.partnership, text, "3")
    _, alerted, _ = after_the_deadline(cast)
    head = cast.manager.line_manager
    assert head is not None
    assert {cast.raiser.username, cast.manager.username, head.username} <= alerted
    assert cast.officer.username in alerted
