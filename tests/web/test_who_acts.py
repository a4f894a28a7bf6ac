"""Who may act at a stage (issue 14, item 7), through the web as the people concerned: a
stage's ``may`` decides which buttons each person is offered, and a forged request for an
action the stage does not permit them is refused in plain words, by the same rule the engine
applies when it replays the event (``escalate.policy.permits``)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
from cast import Cast, make_cast, raised_by_raiser
from timescales import publish
from walk import links, signed_in, text_of

from escalate.escalations import rules, services
from escalate.escalations.models import Escalation, Event
from escalate.partnerships.models import PolicyVersion, RoleHolder

pytestmark = pytest.mark.django_db

BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text("utf-8")
STAGE_ONE = "    actors: [practitioner@raising, line-manager@raising]\n"
# Stage 1 with the business manager among its actors (they advise the worker), and the
# rule that the partnership intervenes only at stage 5: the worker and their manager decide.
ADVISED = "    actors: [practitioner@raising, line-manager@raising, business-manager@partnership]\n"
ONLY_LATER = """    may:
      escalate: [practitioner@raising, line-manager@raising]
      resolve: [practitioner@raising, line-manager@raising]
      withdraw: [practitioner@raising, line-manager@raising]
"""


def with_policy(cast: Cast, text: str) -> None:
    """``text`` published as the partnership's policy in force: escalations raised from now
    on run it (a published version is never edited; the process keeps what it read)."""
    assert BRENT.count(STAGE_ONE) == 1
    label = f"edited-{PolicyVersion.objects.filter(partnership=cast.partnership).count()}"
    publish(cast.partnership, text, label)


def page(client: Any, escalation: Escalation, action: str = "", query: str = "") -> Any:
    suffix = f"{action}/{query}" if action else ""
    return client.get(f"/escalations/{escalation.reference}/{suffix}")


def forged(client: Any, escalation: Escalation, action: str, query: str = "") -> Any:
    escalation.refresh_from_db()
    return client.post(
        f"/escalations/{escalation.reference}/{action}/{query}",
        {"version": escalation.version, "text": "Forged.", "outstanding": "None"},
    )


def offered(client: Any, escalation: Escalation) -> set[str]:
    return set(links(page(client, escalation), escalation))


MOVES = {"escalate", "resolve", "withdraw"}


def test_an_officer_is_not_offered_escalate_or_resolve_before_the_partnership_steps_in() -> None:
    cast = make_cast("brent")
    with_policy(cast, BRENT.replace(STAGE_ONE, ADVISED))
    named = raised_by_raiser(cast)
    officer = signed_in(cast.officer)
    # Named among stage 1's actors, the business manager may move it on under today's rule.
    assert offered(officer, named) & MOVES == MOVES

    with_policy(cast, BRENT.replace(STAGE_ONE, ADVISED + ONLY_LATER))
    escalation = raised_by_raiser(cast)
    assert escalation.current_stage == "line-manager"
    assert offered(officer, escalation) & MOVES == set()
    assert "record-discussion" in offered(officer, escalation)  # still party to it
    wanted = (
        "At Stage One – Involving your Line manager, only Practitioner (the agency that raised "
        "the disagreement) or Line manager or supervisor (the agency that raised the "
        "disagreement) may escalate it"
    )
    refused = forged(officer, escalation, "escalate")
    assert refused.status_code == 404
    assert wanted in text_of(refused)
    assert wanted in text_of(page(officer, escalation, "escalate"))
    for action in ("resolve", "withdraw"):
        refused = forged(officer, escalation, action)
        assert refused.status_code == 404
        assert "only Practitioner" in text_of(refused)
    escalation.refresh_from_db()
    assert (escalation.version, escalation.current_stage, escalation.status) == (
        1,
        "line-manager",
        "open",
    )
    # The raiser's own manager, named, escalates; at stage 2 (no 'may') today's rule again.
    manager = signed_in(cast.manager)
    assert offered(manager, escalation) & MOVES == MOVES
    done = manager.post(
        f"/escalations/{escalation.reference}/escalate/",
        {"version": escalation.version, "text": "We could not agree."},
        follow=True,
    )
    assert "Escalated" in text_of(done)
    escalation.refresh_from_db()
    assert escalation.current_stage == "other-worker"
    assert offered(officer, escalation) & MOVES == {"withdraw"}
    moved = Event.objects.get(escalation=escalation, kind="escalated")
    assert moved.data["actor"] == {
        "side": "raising",
        "roles": ["line-manager", "team-manager"],
        "officer": False,
        "raised_it": True,
    }


def test_only_whom_the_policy_names_may_skip_and_the_engine_refuses_anyone_else() -> None:
    """Haringey: the Head of Service meeting may be passed over for the round table at a Head
    of Service's discretion."""
    cast = make_cast("haringey")
    escalation = raised_by_raiser(cast)
    query = "?stage=round-table"
    raiser = signed_in(cast.raiser)
    assert "skip" not in offered(raiser, escalation)
    refused = forged(raiser, escalation, "skip", query)
    assert refused.status_code == 404
    assert (
        "At Stage 1 – First line managers, you are not among those who may skip to a later stage"
    ) in text_of(refused)
    # The engine itself refuses the event, whatever a page asked before.
    with pytest.raises(services.ActionRefused, match="may skip to a later stage"):
        services.append_event(
            escalation,
            actor=cast.raiser,
            kind="skipped",
            expected_version=escalation.version,
            now=escalation.raised_at,
            data={
                "to_stage": "round-table",
                "actor": rules.actor_data(rules.actor_for(cast.raiser, escalation)),
            },
        )
    escalation.refresh_from_db()
    assert escalation.current_stage == "first-line-managers"

    head = cast.manager.line_manager
    assert head is not None
    assert "head-of-service" in head.role_keys()
    skipper = signed_in(head)
    assert "skip" in offered(skipper, escalation)
    done = skipper.post(
        f"/escalations/{escalation.reference}/skip/{query}",
        {"version": escalation.version, "text": "A complex high-risk case."},
        follow=True,
    )
    assert "Moved to the later stage" in text_of(done)
    escalation.refresh_from_db()
    assert escalation.current_stage == "round-table"
    # The history replays as it was taken, even once the head no longer holds the role.
    RoleHolder.objects.filter(person=head, role="head-of-service").delete()
    assert page(raiser, escalation).status_code == 200


STAGE_TWO = "    actors: [practitioner@both]\n"


def test_where_only_the_raising_side_may_resolve_its_agreement_resolves_it() -> None:
    """Brent stage 2 with the rule that the raiser decides it is resolved: the other side is
    not waited for (nor offered to resolve, nor to dispute)."""
    cast = make_cast("brent")
    assert BRENT.count(STAGE_TWO) == 1
    rule = STAGE_TWO + "    may: {resolve: [practitioner@raising]}\n"
    with_policy(cast, BRENT.replace(STAGE_TWO, rule))
    escalation = raised_by_raiser(cast)
    raiser, other = signed_in(cast.raiser), signed_in(cast.other)
    done = raiser.post(
        f"/escalations/{escalation.reference}/escalate/",
        {"version": escalation.version, "text": "We could not agree."},
        follow=True,
    )
    assert "Escalated" in text_of(done)
    escalation.refresh_from_db()
    assert escalation.current_stage == "other-worker"
    assert "resolve" not in offered(other, escalation)
    assert "resolve" in offered(raiser, escalation)
    done = raiser.post(
        f"/escalations/{escalation.reference}/resolve/",
        {
            "version": escalation.version,
            "text": "An assessment has started.",
            "outstanding": "None",
        },
        follow=True,
    )
    assert "Recorded as resolved" in text_of(done)
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    resolution = Event.objects.get(escalation=escalation, kind="resolved")
    assert resolution.data["agreed_by"] == ["raising"]
    assert "dispute" not in offered(other, escalation)
    assert "dispute" in offered(raiser, escalation)
