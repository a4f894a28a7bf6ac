"""Whole journeys through the test client, for each shipped policy: the raiser raises through
the wizard, the right people take it up the ladder using the links on the escalation page,
and it ends with the final binding decision, or with a resolution where the policy has none."""

from __future__ import annotations

import pytest
from cast import make_cast
from walk import (
    DECISION,
    IMMEDIATE_ACTION,
    LADDERS,
    RESOLUTION,
    hold_meeting,
    links,
    people,
    raise_through_wizard,
    signed_in,
    take,
    text_of,
)

from escalate.escalations.models import Event
from escalate.policy.durations import parse_duration
from escalate.policy.engine import calendar_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("policy_id", list(LADDERS))
def test_journey_from_raising_to_the_end(policy_id: str) -> None:
    cast = make_cast(policy_id)
    cast_people = people(cast, policy_id)
    raiser = signed_in(cast.raiser)
    escalation = raise_through_wizard(raiser, cast)
    assert escalation.current_stage == LADDERS[policy_id][0][3]
    page = None
    for who, action, step, stage_after in LADDERS[policy_id]:
        if action == "meeting-decision":
            hold_meeting(escalation, cast.officer, cast.chair)
        client = signed_in(cast_people[who])
        before = escalation.version
        page = take(client, escalation, action, step)
        assert escalation.current_stage == stage_after, (who, action)
        assert escalation.version == before + 1 == escalation.events.count()
    assert page is not None
    shown = text_of(page)
    kinds = list(escalation.events.values_list("kind", flat=True))
    assert kinds.count("discussion") == 1
    assert "With The two practitioners and their managers (phone)." in shown
    assert "Agreed: The child needs an assessment." in shown
    assert kinds.count("step-done") == sum(1 for m in LADDERS[policy_id] if m[2])
    assert "escalate" not in links(page, escalation)
    binding = LADDERS[policy_id][-1][1] in ("record-decision", "meeting-decision")
    if binding:
        assert escalation.status == "decided"
        assert kinds[-1] == "decision"
        assert "Final binding decision made" in shown
        assert DECISION in shown
        assert Event.objects.get(escalation=escalation, kind="decision").data["binding"] is True
    else:
        assert escalation.status == "resolved"
        assert kinds[-1] == "resolved"
        assert "Final binding decision made" not in shown
        assert RESOLUTION["text"] in shown
        assert f"Outstanding issues: {RESOLUTION['outstanding']}" in shown
    assert escalation.next_deadline is None
    # Nobody can take it further: not the raiser, not an officer.
    for someone in (cast.raiser, cast.officer):
        client = signed_in(someone)
        detail = client.get(f"/escalations/{escalation.reference}/")
        assert detail.status_code == 200
        assert not {"escalate", "resolve", "record-decision"} & set(links(detail, escalation))
        assert client.get(f"/escalations/{escalation.reference}/escalate/").status_code == 404
    # The raiser sees the outcome on their home page's closed list, with the others kept out.
    home = raiser.get("/?status=closed")
    assert escalation.reference in text_of(home)
    for outsider in (cast.outsider, cast.stranger):
        detail = signed_in(outsider).get(f"/escalations/{escalation.reference}/")
        assert detail.status_code == 404


@pytest.mark.parametrize(
    ("policy_id", "allowed", "not_allowed"),
    [
        # Where the stage has a meeting or panel, nobody: see test_binding_decisions.py.
        ("st-helens", ["chair", "officer"], ["raiser", "director", "head"]),
    ],
)
def test_only_the_deciders_are_offered_the_decision(
    policy_id: str, allowed: list[str], not_allowed: list[str]
) -> None:
    cast = make_cast(policy_id)
    cast_people = people(cast, policy_id)
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    for who, action, step, _ in LADDERS[policy_id][:-1]:
        if action not in ("resolve", "record-decision"):
            take(signed_in(cast_people[who]), escalation, action, step)
    url = f"/escalations/{escalation.reference}/record-decision/"
    for who in allowed:
        client = signed_in(cast_people[who])
        detail = client.get(f"/escalations/{escalation.reference}/")
        assert [h.split("?")[0] for h in links(detail, escalation)["record-decision"]] == [url]
        assert client.get(url).status_code == 200
    for who in not_allowed:
        client = signed_in(cast_people[who])
        detail = client.get(f"/escalations/{escalation.reference}/")
        assert "record-decision" not in links(detail, escalation)
        assert client.get(url).status_code == 404
        refused = client.post(url, {"version": escalation.version, "text": DECISION})
        assert refused.status_code == 404
    escalation.refresh_from_db()
    assert escalation.status == "open"


def test_lincolnshire_group_recommendation_does_not_close_the_case() -> None:
    cast = make_cast("lincolnshire")
    cast_people = people(cast, "lincolnshire")
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    for who, action, step, _ in LADDERS["lincolnshire"][:-2]:
        if action == "meeting-decision":
            hold_meeting(escalation, cast.officer, cast.chair)
        take(signed_in(cast_people[who]), escalation, action, step)
    assert escalation.status == "open"
    page = signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/")
    shown = text_of(page)
    assert DECISION in shown
    assert "Final binding decision made" not in shown
    assert "resolve" in links(page, escalation)


def test_bromley_immediate_risk_journey_records_the_mash_referral() -> None:
    cast = make_cast("bromley")
    cast_people = people(cast, "bromley")
    raiser = signed_in(cast.raiser)
    escalation = raise_through_wizard(raiser, cast, immediate_risk=True)
    assert escalation.immediate_risk
    assert escalation.immediate_action == IMMEDIATE_ACTION
    detail = raiser.get(f"/escalations/{escalation.reference}/")
    shown = text_of(detail)
    assert "Immediate risk" in shown
    assert IMMEDIATE_ACTION in shown
    assert links(detail, escalation)["mash-referral"] == [
        f"/escalations/{escalation.reference}/mash-referral/"
    ]
    escalation.refresh_from_db()
    stage, deadline = escalation.current_stage, escalation.next_deadline
    # At immediate harm the stage is due the same working day, not in the usual week.
    calendar = calendar_for(escalation.policy_version.policy)
    assert deadline == parse_duration("same working day").due(calendar, escalation.raised_at)
    page = raiser.post(
        f"/escalations/{escalation.reference}/mash-referral/",
        {"version": escalation.version, "text": "Referral made at 10:05, MASH reference M-4471."},
        follow=True,
    )
    assert page.redirect_chain == [(f"/escalations/{escalation.reference}/", 302)]
    shown = text_of(page)
    assert "MASH referral recorded" in shown
    assert "Referral made at 10:05, MASH reference M-4471." in shown
    escalation.refresh_from_db()
    event = escalation.events.order_by("-sequence").first()
    assert event is not None
    assert (event.kind, event.actor, event.sequence) == ("mash-referral", cast.raiser, 2)
    assert (escalation.current_stage, escalation.next_deadline) == (stage, deadline)
    # The rest of the ladder still runs to the Chair's binding decision.
    for who, action, step, stage_after in LADDERS["bromley"]:
        if action == "meeting-decision":
            hold_meeting(escalation, cast.officer, cast.chair)
        take(signed_in(cast_people[who]), escalation, action, step)
        assert escalation.current_stage == stage_after
    assert escalation.status == "decided"
    final = text_of(raiser.get(f"/escalations/{escalation.reference}/"))
    assert "Final binding decision made" in final
    assert "Referral made at 10:05, MASH reference M-4471." in final
