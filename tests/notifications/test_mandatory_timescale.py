"""A mandatory timescale's overdue alert also goes to the partnership's business manager
(issue 14, item 13); one that says nothing does not (and one that says indicative sends
reminders only: test_indicative_reminders.py)."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
from cast import CHILD, make_cast
from timescales import with_timescales_unstated

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.notifications.models import Channel, Notification
from escalate.partnerships.models import PolicyVersion
from escalate.policy.clock import LONDON
from escalate.worker.loop import run_pass

pytestmark = pytest.mark.django_db
BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text("utf-8")


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def _overdue_people(mandatory: bool) -> tuple[set[str], str]:
    cast = make_cast("brent")
    if not mandatory:
        with_timescales_unstated(cast.partnership, "brent")
    if mandatory:
        text = BRENT.replace('version: "2"', 'version: "3"', 1).replace(
            "    within: 1 working week\n",
            "    within: 1 working week\n    timescale: mandatory\n",
            1,
        )
        assert "timescale: mandatory" in text
        PolicyVersion.objects.create(
            partnership=cast.partnership,
            version="3",
            effective_date=dt.date(2026, 1, 1),
            text=text,
        )
    now = london("2026-03-02T10:00")
    policy = cast.partnership.policy_in_force(now.date()).policy
    escalation: Escalation = escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        disagreement="The referral was closed without a visit.",
        outcome_wanted="An assessment.",
        immediate_risk=False,
        now=now,
        categories=[policy.categories[0].key],
        **CHILD,  # type: ignore[arg-type]
    )
    run_pass(now=london("2026-03-09T17:01"))
    rows = Notification.objects.filter(
        escalation=escalation, key__startswith="overdue:", channel=Channel.EMAIL
    )
    return {row.recipient.username for row in rows}, cast.officer.username


def test_a_mandatory_stage_alerts_the_business_manager_when_overdue() -> None:
    people, officer = _overdue_people(mandatory=True)
    assert officer in people


def test_a_stage_whose_timescale_is_not_stated_does_not() -> None:
    people, officer = _overdue_people(mandatory=False)
    assert people
    assert officer not in people
