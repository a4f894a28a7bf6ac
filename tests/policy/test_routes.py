"""Several procedures in one policy file: routes (issue 14, item 10; issue 15, item 8)."""

from __future__ import annotations

from importlib import resources

import pytest
from policy_ladder import ladder, london, policy

from escalate.cli import main
from escalate.policy.case import CaseFacts, Event
from escalate.policy.engine import evaluate
from escalate.policy.loader import PolicyError, shipped_policies
from escalate.policy.render import policy_text
from escalate.policy.routing import GENERAL, on_route, routes_open

RAISED = london("2026-03-02T10:00")

IRO_ROUTE = """
route_title: The general ladder
routes:
  - key: iro-dispute
    title: An Independent Reviewing Officer's dispute about a looked-after child's plan
    text: The IRO raises it with the team manager, then the head of service.
    started_by: [iro]
    if: {child_status: [looked-after]}
    stages:
      - key: team-manager
        number: 1
        title: Stage A - the team manager
        guidance: The IRO and the team manager talk.
        actors: [iro@raising, team-manager@receiving]
        deadline: 3 working days
      - key: head-of-service
        number: 2
        title: Stage B - the head of service
        guidance: The head of service decides.
        actors: [head-of-service@receiving]
        deadline: 5 working days
    target: {text: Ten days in all., within: 10 working days}
    notify:
      - key: tell-the-iro-manager
        to: [line-manager@raising]
        when: raised
        text: Tell the IRO's manager.
"""


def test_every_shipped_policy_without_routes_is_its_one_general_route() -> None:
    for key, shipped in shipped_policies().items():
        assert on_route(shipped, GENERAL) is shipped
        if key != "haringey":
            assert shipped.routes == []
            assert [c.key for c in routes_open(shipped, roles={"iro"}, facts=CaseFacts())] == [
                GENERAL
            ]


def test_a_route_is_offered_only_to_its_starters_and_for_its_children() -> None:
    ladder = policy(top=IRO_ROUTE)
    looked_after = CaseFacts(child_status="looked-after")
    assert [c.key for c in routes_open(ladder, roles={"iro"}, facts=looked_after)] == [
        GENERAL,
        "iro-dispute",
    ]
    assert [c.key for c in routes_open(ladder, roles={"practitioner"}, facts=looked_after)] == [
        GENERAL
    ]
    on_plan = CaseFacts(child_status="cp-plan")
    assert [c.key for c in routes_open(ladder, roles={"iro"}, facts=on_plan)] == [GENERAL]
    titles = [c.title for c in routes_open(ladder, roles={"iro"}, facts=looked_after)]
    assert titles == [
        "The general ladder",
        "An Independent Reviewing Officer's dispute about a looked-after child's plan",
    ]


def test_the_engine_runs_the_routes_own_ladder_target_and_notices() -> None:
    ladder = policy(top=IRO_ROUTE)
    on = on_route(ladder, "iro-dispute")
    facts = CaseFacts(child_status="looked-after")
    state = evaluate(on, facts, [Event("raised", RAISED)], RAISED)
    assert state.current.key == "team-manager"
    # 3 working days from Monday: the end of Thursday; the route's own target of 10 days.
    assert state.current.deadline == london("2026-03-05T17:00")
    assert state.target_due == london("2026-03-16T17:00")
    assert "tell-the-iro-manager" in {n.key for n in state.notifications_due}
    escalated = evaluate(
        on, facts, [Event("raised", RAISED), Event("escalated", RAISED)], RAISED
    ).current
    assert escalated.key == "head-of-service"
    # The general ladder is untouched: its first stage, its 2 days, no route notice.
    general = evaluate(ladder, facts, [Event("raised", RAISED)], RAISED)
    assert general.current.key == "workers"
    assert "tell-the-iro-manager" not in {n.key for n in general.notifications_due}
    with pytest.raises(KeyError):
        on_route(ladder, "no-such-route")


def _problems(top: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        policy(top=top)
    return [f"line {p.line}: {p.message}" for p in caught.value.problems]


def test_a_routes_stages_are_checked_like_the_ladders_with_the_line() -> None:
    broken = IRO_ROUTE.replace("actors: [head-of-service@receiving]", "actors: [nobody@both]")
    (problem,) = _problems(broken)
    assert "'nobody' is not a role Escalate knows" in problem
    line = next(n for n, text in enumerate(policy_lines(broken), 1) if "nobody@both" in text)
    assert problem.startswith(f"line {line}:")


def policy_lines(top: str) -> list[str]:
    return ladder(top=top).splitlines()


def test_a_route_named_general_twice_or_started_by_an_unknown_role_is_refused() -> None:
    twice = IRO_ROUTE + IRO_ROUTE.split("routes:\n", 1)[1]
    assert any("the route 'iro-dispute' is defined twice" in p for p in _problems(twice))
    general = IRO_ROUTE.replace("key: iro-dispute", "key: general")
    assert any("'general' is the key of the ladder in 'stages'" in p for p in _problems(general))
    unknown = IRO_ROUTE.replace("started_by: [iro]", "started_by: [reviewer]")
    assert any("'reviewer' is not a role Escalate knows" in p for p in _problems(unknown))


def test_a_route_without_a_target_of_its_own_needs_the_policys_target_to_fit() -> None:
    text = IRO_ROUTE.replace("    target: {text: Ten days in all., within: 10 working days}\n", "")
    # The policy's target counts from its stage 'managers', which the route does not have.
    with pytest.raises(PolicyError) as caught:
        policy(top=text, target="1 working week, from: managers")
    assert any(
        "the policy's target counts from 'managers', which is not a stage of this route"
        in p.message
        for p in caught.value.problems
    )


def test_policy_show_prints_each_route_with_its_starters_and_ladder() -> None:
    shown = policy_text(policy(top=IRO_ROUTE))
    assert "Stages (The general ladder):" in shown
    assert (
        "Route iro-dispute: An Independent Reviewing Officer's dispute about a looked-after "
        "child's plan"
    ) in shown
    assert "Started by: Independent reviewing officer. For: child's status looked-after" in shown
    assert "1. Stage A - the team manager   [team-manager]" in shown


def test_haringey_conference_request_convened_within_15_working_days_of_the_request() -> None:
    haringey = shipped_policies()["haringey"]
    facts = CaseFacts(raising_agency="school", receiving_agency="childrens-social-care")
    assert [c.key for c in routes_open(haringey, roles={"practitioner"}, facts=facts)] == [
        GENERAL,
        "cp-conference",
    ]
    with_police = CaseFacts(raising_agency="school", receiving_agency="police")
    assert [c.key for c in routes_open(haringey, roles=set(), facts=with_police)] == [GENERAL]
    on = on_route(haringey, "cp-conference")
    requested = london("2026-03-09T16:59")
    events = [
        Event("raised", RAISED),
        Event("escalated", london("2026-03-06T10:00"), stage="conference-request"),
        Event("step-done", requested, step="request-conference"),
    ]
    state = evaluate(on, facts, events, requested)
    assert state.current.key == "conference-request"
    convene = next(s for s in state.current.steps if s.key == "convene-conference")
    # 15 working days from Monday 9 March 16:59: the end of Monday 30 March (after the
    # clock change: 17:00 British Summer Time).
    assert convene.due == london("2026-03-30T17:00")
    assert state.next_deadline == convene.due
    told = {n.key: n for n in state.notifications_due}
    assert {p.role for p in told["request-to-childrens-social-care"].to} == {
        "team-manager",
        "head-of-service",
    }
    assert all(p.side == "receiving" for p in told["request-to-childrens-social-care"].to)
    assert "request-to-raiser" in told
    on_time = evaluate(on, facts, events, london("2026-03-30T17:00"))
    assert not on_time.current.steps[1].overdue
    late = evaluate(on, facts, events, london("2026-03-30T17:01"))
    assert late.current.steps[1].overdue
    done = evaluate(
        on,
        facts,
        [*events, Event("step-done", london("2026-03-20T10:00"), step="convene-conference")],
        london("2026-03-20T10:00"),
    )
    assert "conference-convened" in {n.key for n in done.notifications_due}


def test_policy_timeline_runs_a_route_and_names_the_routes_when_one_is_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    start = ["--start", "2026-03-02T10:00"]
    assert main(["policy", "timeline", "haringey", "--route", "cp-conference", *start]) == 0
    out = capsys.readouterr().out
    assert "starts  Formal request that Children's Social Care convene a child protection" in out
    assert main(["policy", "timeline", "haringey", "--route", "nope", *start]) != 0
    err = capsys.readouterr().err
    assert "haringey has no route 'nope'. Name one of: general, cp-conference" in err
    haringey = resources.files("escalate.policy") / "policies" / "haringey.yaml"
    assert main(["policy", "check", str(haringey)]) == 0
    assert "haringey.yaml: valid" in capsys.readouterr().out
