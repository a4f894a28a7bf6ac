"""The escalation page's "By:" names everyone who acts at the stage, as the policy says;
the step due next, where the policy gives it to someone else, is named after it."""

from __future__ import annotations

import html
import re

import pytest
from cast import make_cast, raised_by_raiser
from walk import signed_in, text_of

from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db


def paragraph(page: str, starts: str) -> str:
    found = re.search(rf"<p class=\"govuk-body\">{re.escape(starts)}(.*?)</p>", page, re.S)
    assert found is not None, starts
    return html.unescape(found.group(1))


def test_by_names_the_stages_actors_and_the_next_step_its_own_people() -> None:
    """Haringey's Stage 2 is the Heads of Service's; its first step, referring to them, is
    the raising side's line manager's. The page used to say only the line manager."""
    cast = make_cast("haringey")
    escalation = raised_by_raiser(cast)
    escalation_act(
        escalation=escalation,
        actor=cast.manager,
        action="escalate",
        expected_version=escalation.version,
        text="Not resolved between the line managers.",
    )
    escalation.refresh_from_db()
    assert escalation.current_stage == "head-of-service"
    heads = [Person.objects.get(username=n) for n in ("head.haringey", "otherhead.haringey")]
    page = text_of(signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/"))
    by = paragraph(page, "By: ")
    assert by.startswith("Head of service (both agencies)")
    for head in heads:
        assert head.display_name in by
    assert cast.manager.display_name not in by
    following = paragraph(page, "Next, Refer to a Head of Service or equivalent, without delay: ")
    assert cast.manager.display_name in following


def test_by_is_the_stages_actors_alone_when_no_step_is_someone_elses() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    page = text_of(signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/"))
    by = paragraph(page, "By: ")
    assert cast.raiser.display_name in by
    assert cast.manager.display_name in by
    assert "Next, " not in page
