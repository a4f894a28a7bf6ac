"""Who may act at a stage (issue 14, item 7): the stage's ``may`` names who may escalate,
resolve, withdraw, skip or record the decision; the engine lists an actor's actions from it
and refuses an event whose actor the stage does not permit. Without ``may``, today's rule."""

from __future__ import annotations

import pytest
from policy_ladder import london, policy

from escalate.policy.case import Actor, CaseFacts, CaseState, Event
from escalate.policy.engine import EngineError, evaluate
from escalate.policy.loader import PolicyError
from escalate.policy.permits import agreement_needed
from escalate.policy.schema import Policy

RAISED = london("2026-03-02T10:00")
LATER = london("2026-03-02T11:00")
NOW = london("2026-03-02T12:00")

RAISER = Actor("raising", frozenset({"practitioner"}), raised_it=True)
OTHER = Actor("receiving", frozenset({"practitioner"}))
OTHER_MANAGER = Actor("receiving", frozenset({"line-manager"}))
OFFICER = Actor("partnership", frozenset({"business-manager"}), officer=True)
CHAIR = Actor("partnership", frozenset({"partnership-chair"}), officer=True)
IRO = Actor("partnership", frozenset({"iro"}))
BOARD_MEMBER = Actor("raising", frozenset({"board-member"}))

WORKERS = """
  - key: workers
    number: 1
    title: Stage 1 - the workers talk
    guidance: Talk.
    actors: [practitioner@both]
    deadline: 2 working days
{workers}
  - key: managers
    number: 2
    title: Stage 2 - the managers talk
    guidance: Managers talk.
    actors: [line-manager@both]
    deadline: 5 working days
    skip: [{{when: discretion, by: [iro]}}]
  - key: panel
    number: 3
    title: Stage 3 - the panel decides
    guidance: The panel decides.
    actors: [partnership-chair@partnership, board-member@partnership]
    deadline: 10 working days
    decision: {{by: [board-member@partnership], binding: true, text: The panel decides.}}
{panel}
"""

# "The partnership intervenes only at stage 3"; "only the IRO may bypass the managers".
ONLY_LATER = """    may:
      escalate: [practitioner@raising]
      resolve: [practitioner@both]
      withdraw: [practitioner@raising]
      skip: [iro@partnership]"""
CHAIR_RECORDS = "    may: {record_decision: [partnership-chair@partnership]}"


def ladder(workers: str = "", panel: str = "") -> Policy:
    return policy(WORKERS.format(workers=workers, panel=panel))


def kinds(ladder: Policy, actor: Actor, *events: Event) -> set[str]:
    state = evaluate(ladder, CaseFacts(), [Event("raised", RAISED), *events], NOW, actor=actor)
    return {action.kind for action in state.allowed_actions}


def at_panel(ladder: Policy, *more: Event) -> CaseState:
    events = [
        Event("raised", RAISED),
        Event("escalated", LATER),
        Event("escalated", LATER),
        *more,
    ]
    return evaluate(ladder, CaseFacts(), events, NOW)


MOVES = {"escalate", "resolve", "withdraw"}


def test_without_may_each_side_acts_as_today() -> None:
    plain = ladder()
    assert kinds(plain, RAISER) & MOVES == MOVES
    assert kinds(plain, OTHER) & MOVES == {"escalate", "resolve"}  # not theirs to withdraw
    # The partnership's officers are not among stage 1's actors: they may only withdraw.
    assert kinds(plain, OFFICER) & MOVES == {"withdraw"}
    assert kinds(plain, IRO) & MOVES == set()
    # Without an actor the engine lists everything the stage allows (the web asks per person).
    everything = evaluate(plain, CaseFacts(), [Event("raised", RAISED)], NOW)
    assert {"escalate", "resolve", "withdraw"} <= {a.kind for a in everything.allowed_actions}


def test_a_stage_that_names_who_may_act_offers_nobody_else() -> None:
    named = ladder(ONLY_LATER)
    assert kinds(named, RAISER) & MOVES == MOVES
    assert kinds(named, OTHER) & MOVES == {"resolve"}
    assert kinds(named, OTHER_MANAGER) & MOVES == set()  # a line manager is not named
    assert kinds(named, OFFICER) & MOVES == set()  # the partnership steps in later
    assert kinds(named, CHAIR) & MOVES == set()
    # Recording a discussion and adding a note stay open to everyone party to it.
    assert {"record-discussion", "add-note"} <= kinds(named, OFFICER)
    # At stage 2, which names nobody, the rule is today's again.
    moved = Event("escalated", LATER, actor=RAISER)
    assert kinds(named, OTHER_MANAGER, moved) & MOVES == {"escalate", "resolve"}
    assert kinds(named, OFFICER, moved) & MOVES == {"withdraw"}


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            Event("escalated", LATER, actor=OTHER),
            "only Practitioner (the agency that raised the disagreement) may escalate it",
        ),
        (
            Event("resolved", LATER, actor=OFFICER),
            "only Practitioner (both agencies) may record it as resolved",
        ),
        (
            Event("withdrawn", LATER, actor=CHAIR),
            "only Practitioner (the agency that raised the disagreement) may withdraw it",
        ),
    ],
)
def test_the_engine_refuses_an_event_by_an_actor_the_stage_does_not_name(
    event: Event, message: str
) -> None:
    named = ladder(ONLY_LATER)
    with pytest.raises(EngineError) as refused:
        evaluate(named, CaseFacts(), [Event("raised", RAISED), event], NOW)
    assert str(refused.value) == f"at Stage 1 - the workers talk, {message}"
    # The same actor under the plain ladder, and the same event by a named actor, replay.
    allowed = Event(event.kind, LATER, actor=RAISER)
    state = evaluate(named, CaseFacts(), [Event("raised", RAISED), allowed], NOW)
    assert state.history[0].ended_by is not None
    if event.actor == OTHER:  # under today's rule the other side may escalate at stage 1
        plain = evaluate(ladder(), CaseFacts(), [Event("raised", RAISED), event], NOW)
        assert plain.history[0].ended_by is not None


def test_an_event_without_an_actor_is_escalates_own_and_is_not_checked() -> None:
    named = ladder(ONLY_LATER)
    state = evaluate(named, CaseFacts(), [Event("raised", RAISED), Event("escalated", LATER)], NOW)
    assert state.current.key == "managers"


def test_only_the_roles_whose_discretion_it_is_may_skip_and_the_engine_checks_it() -> None:
    plain = ladder()
    skip = Event("skipped", LATER, stage="panel", actor=RAISER)
    assert "skip" not in kinds(plain, RAISER)
    with pytest.raises(EngineError) as refused:
        evaluate(plain, CaseFacts(), [Event("raised", RAISED), skip], NOW)
    assert "may skip to a later stage" in str(refused.value)
    assert "skip" in kinds(plain, IRO)
    assert "skip" in kinds(plain, OFFICER)  # today's rule: the officers may act for them
    by_iro = Event("skipped", LATER, stage="panel", actor=IRO)
    state = evaluate(plain, CaseFacts(), [Event("raised", RAISED), by_iro], NOW)
    assert state.current.key == "panel"
    # "Only the IRO may bypass": the officers may not either.
    named = ladder(ONLY_LATER)
    assert "skip" in kinds(named, IRO)
    assert "skip" not in kinds(named, OFFICER)
    by_officer = Event("skipped", LATER, stage="panel", actor=OFFICER)
    with pytest.raises(EngineError) as refused:
        evaluate(named, CaseFacts(), [Event("raised", RAISED), by_officer], NOW)
    assert str(refused.value) == (
        "at Stage 1 - the workers talk, only Independent reviewing officer may skip to a later "
        "stage"
    )


def test_the_decision_is_recorded_by_whom_the_policy_says() -> None:
    plain = ladder()
    decide = {"record-decision"}
    two = [Event("escalated", LATER), Event("escalated", LATER)]
    assert kinds(plain, BOARD_MEMBER, *two) & decide == decide  # decision.by, any agency
    assert kinds(plain, OFFICER, *two) & decide == decide  # the officers record it for them
    assert kinds(plain, OTHER_MANAGER, *two) & decide == set()
    with pytest.raises(EngineError):
        at_panel(plain, Event("decision", NOW, actor=OTHER_MANAGER))
    assert at_panel(plain, Event("decision", NOW, actor=BOARD_MEMBER)).status == "decided"
    # The panel's chair alone records it.
    chaired = ladder(panel=CHAIR_RECORDS)
    assert kinds(chaired, CHAIR, *two) & decide == decide
    assert kinds(chaired, OFFICER, *two) & decide == set()
    assert kinds(chaired, BOARD_MEMBER, *two) & decide == set()
    with pytest.raises(EngineError) as refused:
        at_panel(chaired, Event("decision", NOW, actor=BOARD_MEMBER))
    assert "only Partnership chair may record the decision" in str(refused.value)
    assert at_panel(chaired, Event("decision", NOW, actor=CHAIR)).status == "decided"


@pytest.mark.parametrize(
    ("workers", "panel", "path", "words"),
    [
        ("    may: {escalate: []}", "", ("stages", 0, "may", "escalate"), "lists nobody"),
        (
            "    may: {escalate: [chief@raising]}",
            "",
            ("stages", 0, "may", "escalate", 0, "role"),
            "'chief' is not a role Escalate knows",
        ),
        (
            "",
            "    may: {escalate: [partnership-chair@partnership]}",
            ("stages", 2, "may", "escalate"),
            "the last stage cannot be escalated",
        ),
        (
            "    may: {record_decision: [iro@partnership]}",
            "",
            ("stages", 0, "may", "record_decision"),
            "this stage has no 'decision'",
        ),
        (
            "",
            "    may: {skip: [iro@partnership]}",
            ("stages", 2, "may", "skip"),
            "nothing can be skipped from this stage",
        ),
        ("    may: {decide: [iro@partnership]}", "", ("stages", 0, "may", "decide"), ""),
    ],
)
def test_a_may_that_cannot_work_is_refused_with_its_place(
    workers: str, panel: str, path: tuple[object, ...], words: str
) -> None:
    with pytest.raises(PolicyError) as refused:
        ladder(workers, panel)
    (problem,) = refused.value.problems
    assert problem.path == path
    assert words in problem.message


def test_a_side_that_may_not_resolve_is_not_waited_for() -> None:
    both = ladder()
    assert agreement_needed(both.stages[0]) == {"raising", "receiving"}
    raising = ladder("    may: {resolve: [practitioner@raising]}")
    assert agreement_needed(raising.stages[0]) == {"raising"}
    either = ladder("    may: {resolve: [practitioner@both]}")
    assert agreement_needed(either.stages[0]) == {"raising", "receiving"}
    chair = ladder("    may: {resolve: [partnership-chair@partnership]}")
    assert agreement_needed(chair.stages[0]) == set()  # the chair records it for both
