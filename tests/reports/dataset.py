"""A Brent data set whose report figures are known by construction.

The period is 1 April 2025 to 31 March 2026; the period before is 1 April 2024 to 31 March
2025. No bank holiday falls on a day that matters. Brent's stages 1 to 4 share a cap of one
working week from the day the escalation was raised (same working day at immediate risk);
the panel (stage 5) has no timescale.

    (wd: working days from raised to resolved)
    E1  2 Jun 2025  school -> social care  thresholds             stage 1, resolved 4 Jun (2 wd)
    E2  1 Jul 2025  school -> social care  thresholds, commun.    stage 2, resolved 16 Jul (11 wd)
    E3  1 Sep 2025  health -> school       roles, immediate risk  stage 2, resolved 2 Sep (1 wd)
    E4  1 Oct 2025  school -> social care  progressing plans      panel, decided 15 Oct (10 wd)
    E5  3 Nov 2025  school -> health       communication          withdrawn 5 Nov
    E6  2 Mar 2026  school -> social care  thresholds             still open at stage 2
    E7  1 Oct 2024  school -> social care  thresholds             resolved 4 Oct 2024 (3 wd)
    E8  3 Mar 2025  school -> social care  communication          resolved 1 Apr 2025 (21 wd)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cast import Cast, make_cast, person
from ladder import act, at, escalate_to, raise_one

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.partnerships.models import Agency
from escalate.reports import learning, services
from escalate.reports.models import LearningItem
from escalate.reports.period import Period

CHILD = "Ava Testington"
PERIOD = Period(at(2025, 4, 1).date(), at(2026, 3, 31).date())


@dataclass
class Data:
    cast: Cast
    police: Agency
    escalations: dict[str, Escalation]


def build() -> Data:
    cast = make_cast("brent")
    police = Agency.objects.create(partnership=cast.partnership, name="Police", kind="police")
    members = [
        person("bm.school", cast.school, "board-member"),
        person("bm.social", cast.social_care, "board-member"),
        person("bm.health", cast.health, "board-member"),
    ]
    e: dict[str, Escalation] = {}
    e["E7"] = raise_one(cast, now=at(2024, 10, 1))
    act(e["E7"], cast.raiser, "resolve", at(2024, 10, 4))
    lesson = _learn(e["E7"], cast, "lesson", "Older lesson.", at(2024, 10, 7))
    assert lesson.raised_at.year == 2024
    e["E8"] = raise_one(cast, now=at(2025, 3, 3), categories=["communication"])
    act(e["E8"], cast.raiser, "resolve", at(2025, 4, 1))

    e["E1"] = raise_one(cast, now=at(2025, 6, 2))
    act(e["E1"], cast.raiser, "resolve", at(2025, 6, 4))
    item = _learn(e["E1"], cast, "lesson", f"Ring {CHILD}'s school before closing.", at(2025, 6, 5))
    learning.learning_answer(
        item=item, actor=cast.officer, answer="Agreed; Ava's case shows why.", now=at(2025, 6, 6)
    )
    e["E2"] = raise_one(cast, now=at(2025, 7, 1), categories=["thresholds", "communication"])
    act(e["E2"], cast.raiser, "escalate", at(2025, 7, 3))
    act(e["E2"], cast.raiser, "resolve", at(2025, 7, 16))
    _learn(e["E2"], cast, "training-need", "Thresholds training.", at(2025, 7, 17))
    e["E3"] = raise_one(
        cast,
        now=at(2025, 9, 1),
        raiser=cast.outsider,
        receiving=cast.school,
        categories=["roles-and-responsibilities"],
        immediate_risk=True,
    )
    act(e["E3"], cast.outsider, "escalate", at(2025, 9, 1, 15))
    act(e["E3"], cast.outsider, "resolve", at(2025, 9, 2))
    e["E4"] = raise_one(cast, now=at(2025, 10, 1), categories=["progressing-plans"])
    times = [at(2025, 10, 1, h) for h in (11, 12, 13, 14)]
    escalate_to(e["E4"], cast.raiser, "resolution-panel", times)
    meeting = services.meeting_convene(
        escalation=e["E4"],
        actor=cast.officer,
        expected_version=e["E4"].version,
        members=members,
        chair=cast.chair,
        starts_at=at(2025, 10, 15, 14),
        place="Civic Centre",
        now=at(2025, 10, 2, 9),
    )
    e["E4"].refresh_from_db()
    services.meeting_record_held(
        meeting=meeting,
        actor=cast.officer,
        attended=members,
        discussion="Heard both agencies.",
        decision=f"Social care will assess {CHILD} within 5 working days.",
        expected_version=e["E4"].version,
        now=at(2025, 10, 15, 16),
    )
    _learn(e["E4"], cast, "policy-gap", "Nothing on panels in August.", at(2025, 10, 16))
    e["E5"] = raise_one(
        cast,
        now=at(2025, 11, 3),
        receiving=cast.health,
        receiving_professional=cast.outsider,
        categories=["communication"],
    )
    act(e["E5"], cast.raiser, "withdraw", at(2025, 11, 5))
    e["E6"] = raise_one(cast, now=at(2026, 3, 2))
    act(e["E6"], cast.raiser, "escalate", at(2026, 3, 3))
    _elsewhere(cast)
    for escalation in e.values():
        escalation.refresh_from_db()
    return Data(cast, police, e)


def _learn(
    escalation: Escalation, cast: Cast, kind: str, text: str, now: dt.datetime
) -> LearningItem:
    escalation.refresh_from_db()
    return learning.learning_record(
        escalation=escalation,
        actor=cast.raiser,
        kind=kind,
        text=text,
        expected_version=escalation.version,
        now=now,
    )


def _elsewhere(cast: Cast) -> None:
    """An escalation in another partnership (Haringey), in the same period: never counted."""
    assert cast.stranger.agency is not None
    haringey = cast.stranger.agency.partnership
    school = Agency.objects.create(partnership=haringey, name="Far school", kind="school")
    care = Agency.objects.create(
        partnership=haringey, name="Far care", kind="childrens-social-care"
    )
    teacher = person("far.teacher", school, "practitioner")
    escalation_raise(
        raiser=teacher,
        receiving_agency=care,
        child_name="Far Child",
        child_date_of_birth=at(2015, 1, 1).date(),
        child_status="none",
        categories=["threshold"],
        disagreement="x",
        outcome_wanted="y",
        immediate_risk=False,
        now=at(2025, 6, 2),
    )
