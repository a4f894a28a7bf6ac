"""Query budgets of the meeting pages issue 15 added or changed (convene from the directory,
rearrange, cancel): the same count whether 5 or 50 rows stand behind the page."""

from __future__ import annotations

import pytest
from budget import assert_budget
from cast import Cast, make_cast, person
from django.test import Client
from ladder import at, escalate_to, raise_one, signed_in

from escalate.escalations.models import Escalation
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Agency, Person
from escalate.reports import services

pytestmark = pytest.mark.django_db

LADDER = [at(2026, 6, 1, 11), at(2026, 6, 1, 12), at(2026, 6, 1, 13), at(2026, 6, 1, 14)]


def at_the_panel() -> tuple[Cast, Escalation]:
    cast = make_cast("brent")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10))
    return cast, escalate_to(escalation, cast.raiser, "resolution-panel", LADDER)


def test_the_convene_page_keeps_its_budget_however_many_agencies_and_members() -> None:
    cast, escalation = at_the_panel()
    made: list[Person] = []

    def page(n: int) -> tuple[Client, str]:
        while len(made) < n:
            agency = Agency.objects.create(
                partnership=cast.partnership, name=f"Agency {len(made):02d}", kind="voluntary"
            )
            made.append(person(f"bm.{len(made)}", agency, "board-member"))
        return signed_in(cast.officer), f"/escalations/{escalation.reference}/meeting/convene/"

    assert_budget(page, limit=10)  # what it runs now (issue 10): one more fails


def convened(cast: Cast, escalation: Escalation) -> None:
    members = [
        person("bm.school", cast.school, "board-member"),
        person("bm.social", cast.social_care, "board-member"),
        person("bm.health", cast.health, "board-member"),
    ]
    services.meeting_convene(
        escalation=escalation,
        actor=cast.officer,
        expected_version=escalation.version,
        members=members,
        chair=cast.chair,
        starts_at=at(2026, 6, 8, 14),
        place="Civic Centre, room 3",
        now=at(2026, 6, 2, 9),
    )


@pytest.mark.parametrize("form", ["rearrange", "cancel"])
def test_rearrange_and_cancel_keep_their_budget_however_long_the_history(form: str) -> None:
    cast, escalation = at_the_panel()
    convened(cast, escalation)

    def page(n: int) -> tuple[Client, str]:
        escalation.refresh_from_db()
        while escalation.events.filter(kind="note").count() < n:
            escalation_act(
                escalation=escalation,
                actor=cast.officer,
                action="add-note",
                expected_version=escalation.version,
                text="A note.",
                now=at(2026, 6, 3, 9),
            )
            escalation.refresh_from_db()
        return signed_in(cast.officer), f"/escalations/{escalation.reference}/meeting/{form}/"

    assert_budget(page, limit=4)  # what it runs now (issue 10): one more fails
