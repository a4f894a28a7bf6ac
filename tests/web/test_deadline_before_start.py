"""A stage can begin after its deadline has passed: Brent gives its first four stages one
working week together (a cap), so a stage reached after that week has a deadline before its
start. The escalation page says why instead of showing the dates as if they were wrong
(BRE-2026-0005 in the demo)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from cast import make_cast, raised_by_raiser
from walk import signed_in, text_of

from escalate.escalations.services import escalation_act

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
EXPLAINED = (
    "the time the policy allows for stages 1 to 4 together (5 working days) had run out "
    "before this stage began"
)


def rung(page: str, title: str) -> str:
    start = page.index(f"<strong>{title}</strong>")
    return html.unescape(re.sub(r"<[^>]+>", " ", page[start : page.index("</li>", start)]))


def test_a_stage_begun_after_the_cap_ran_out_says_so() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast, now=MONDAY)
    policy = escalation.policy_version.policy
    for days, actor in ((1, cast.raiser), (2, cast.other), (9, cast.other_manager)):
        escalation_act(
            escalation=escalation,
            actor=actor,
            action="escalate",
            expected_version=escalation.version,
            text="Not resolved.",
            now=MONDAY + dt.timedelta(days=days),
        )
        escalation.refresh_from_db()
    assert escalation.current_stage == "safeguarding-leads"
    page = text_of(signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/"))
    late = rung(page, policy.stage("safeguarding-leads").title)
    assert "Started 11 Mar 2026" in late
    assert "deadline 9 Mar 2026" in late
    assert EXPLAINED in late
    assert f"({EXPLAINED}: act as soon as the child's safety needs)" in page
    early = rung(page, policy.stage("line-managers").title)
    assert "had run out" not in early  # begun within the week: its dates speak for themselves
