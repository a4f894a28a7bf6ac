"""A warning set days before a deadline (``warn_before``) goes out when it comes, not on the
deadline's day: the writer stores the next warning's moment on the escalation and the
deadline scan finds escalations whose next warning has come (issue 14, item 12)."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
from cast import make_cast, raised_by_raiser

from escalate.escalations.models import Escalation
from escalate.notifications.deadlines import deadlines_job, due_escalation_ids
from escalate.notifications.models import Notification
from escalate.partnerships.models import PolicyVersion
from escalate.policy.clock import LONDON

pytestmark = pytest.mark.django_db
RAISED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)  # a Monday
SECOND = dt.timedelta(seconds=1)


def warned_policy(partnership_id: int) -> None:
    """Brent's policy with a warning two working days before every deadline."""
    text = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text("utf-8")
    text = text.replace('version: "2"', 'version: "2-warned"').replace(
        "nation: england\n", "nation: england\nwarn_before: 2 working days\n"
    )
    PolicyVersion.objects.create(
        partnership_id=partnership_id,
        version="2-warned",
        effective_date=dt.date(2014, 12, 3),
        text=text,
    )


def warnings_sent() -> int:
    return Notification.objects.filter(key__startswith="policy:warning:").count()


def test_a_warning_days_before_the_deadline_goes_out_at_its_moment() -> None:
    cast = make_cast("brent")
    warned_policy(cast.partnership.pk)
    escalation = raised_by_raiser(cast, now=RAISED)
    assert escalation.policy_version.version == "2-warned"
    stored = Escalation.objects.get(pk=escalation.pk)
    assert stored.next_warning is not None
    assert stored.next_deadline is not None
    warn_at = stored.next_warning
    assert stored.next_deadline - warn_at >= dt.timedelta(days=2)  # days ahead
    assert warnings_sent() == 0

    assert due_escalation_ids(warn_at - SECOND) == []
    deadlines_job(now=warn_at - SECOND, worker="w")
    assert warnings_sent() == 0
    assert [pk for _, pk in due_escalation_ids(warn_at)] == [escalation.pk]
    deadlines_job(now=warn_at, worker="w")
    sent = warnings_sent()
    assert sent > 0
    after = Escalation.objects.get(pk=escalation.pk)
    assert after.next_warning is None or after.next_warning > warn_at  # moved on
    # Once sent, the next pass neither finds it again nor sends it twice.
    assert due_escalation_ids(warn_at + SECOND) == []
    deadlines_job(now=warn_at + SECOND, worker="w")
    assert warnings_sent() == sent
