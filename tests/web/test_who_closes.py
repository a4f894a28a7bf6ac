"""Who may close an escalation (issue 15, item 1), through the web stack as the people
concerned: an escalation is resolved when both sides agree; the partnership's people the
policy names at a stage may record what the sides agreed; a party who does not agree with
the recorded outcome says so with a reason, which reopens it at the same stage and tells
everyone party to it. The matrix walks every stage of every shipped policy and asserts, from
the policy file itself, which side may resolve, withdraw, escalate and dispute."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml
from cast import Cast, make_cast
from waits import clear_the_way
from walk import RESOLUTION, links, people, raise_through_wizard, signed_in, text_of

from escalate.escalations.models import Escalation, Event
from escalate.notifications.models import Notification
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db

POLICIES = ["brent", "haringey", "lincolnshire", "st-helens", "bromley"]


def page(client: Any, escalation: Escalation, action: str = "") -> Any:
    return client.get(f"/escalations/{escalation.reference}/{action + '/' if action else ''}")


def post(client: Any, escalation: Escalation, action: str, **fields: str) -> Any:
    escalation.refresh_from_db()
    response = client.post(
        f"/escalations/{escalation.reference}/{action}/",
        {"version": escalation.version, **fields},
        follow=True,
    )
    escalation.refresh_from_db()
    return response


def test_the_challenged_side_cannot_close_it_and_the_raiser_can_object() -> None:
    """The issue's repro: raised by a school against Children's Social Care; at the stage
    where both practitioners act, the social worker records 'Decision stands'."""
    cast = make_cast("brent")
    raiser = signed_in(cast.raiser)
    escalation = raise_through_wizard(raiser, cast)
    other = signed_in(cast.other)
    # Stage 1 is the raiser's with their own manager: the other agency cannot close it.
    assert page(other, escalation, "resolve").status_code == 404
    post(raiser, escalation, "escalate", text="We could not agree.")
    assert escalation.current_stage == "other-worker"

    done = post(other, escalation, "resolve", text="Decision stands", outstanding="None")
    assert "it is resolved when the other side agrees" in text_of(done)
    assert escalation.status == "open"
    assert Event.objects.filter(escalation=escalation, kind="resolved").count() == 0
    told = Notification.objects.filter(escalation=escalation, recipient=cast.raiser)
    assert told.filter(subject__contains="outcome agreed by one side").exists()
    # The social worker's side has agreed: it cannot agree again.
    assert "resolve" not in links(page(other, escalation), escalation)

    shown = page(raiser, escalation)
    assert "Agree the outcome Children's Social Care recorded" in text_of(shown)
    assert "Decision stands" in text_of(page(raiser, escalation, "resolve"))
    # The raiser does not agree: the agreement is set aside and it stays at the stage.
    refused = post(raiser, escalation, "dispute", text="")
    assert "Enter why you do not agree with the outcome" in text_of(refused)
    post(raiser, escalation, "dispute", text="Nothing has changed for the child.")
    assert escalation.status == "open"
    assert escalation.current_stage == "other-worker"
    assert "Agree the outcome" not in text_of(page(raiser, escalation))
    assert "resolve" in links(page(other, escalation), escalation)

    # Both agree: resolved.
    post(other, escalation, "resolve", **RESOLUTION)
    shown = page(raiser, escalation)
    assert f"Agree the outcome {cast.social_care.name} recorded" in text_of(shown)
    done = post(raiser, escalation, "resolve", **RESOLUTION)
    assert "Recorded as resolved" in text_of(done)
    assert escalation.status == "resolved"
    resolution = Event.objects.get(escalation=escalation, kind="resolved")
    assert resolution.data["agreed_by"] == ["raising", "receiving"]

    # The raiser's manager does not agree with the recorded outcome: reopened at the same
    # stage, and everyone party to it is told.
    manager = signed_in(cast.manager)
    assert "dispute" in links(page(manager, escalation), escalation)
    assert page(signed_in(cast.outsider), escalation, "dispute").status_code == 404
    post(manager, escalation, "dispute", text="The assessment has not started.")
    assert escalation.status == "open"
    assert escalation.current_stage == "other-worker"
    dispute = Event.objects.filter(escalation=escalation, kind="disputed").last()
    assert dispute is not None
    assert dispute.data["resolved"] == resolution.sequence
    assert "The assessment has not started." in text_of(page(raiser, escalation))
    party = set(escalation.participants.values_list("person_id", flat=True))
    told_of_it = set(
        Notification.objects.filter(
            escalation=escalation, subject__contains="outcome disputed"
        ).values_list("recipient_id", flat=True)
    )
    assert party - {cast.manager.pk} <= told_of_it
    assert {cast.raiser.pk, cast.other.pk, cast.other_manager.pk} <= told_of_it
    for message in Notification.objects.filter(subject__contains="outcome disputed"):
        assert "Ava" not in message.body
        assert "assessment has not started" not in message.body
    # Open again: it can be escalated, or resolved again by both sides.
    assert {"escalate", "resolve"} <= set(links(page(raiser, escalation), escalation))


# -- the matrix ---------------------------------------------------------------------------


def policy_file(policy_id: str) -> dict[str, Any]:
    text = (resources.files("escalate.policy") / "policies" / f"{policy_id}.yaml").read_text()
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def actors_of(stage: dict[str, Any]) -> list[tuple[str, str]]:
    """(role, side) of each actor as the policy file writes it ('role@side' or a mapping)."""
    return parties_of(stage["actors"])


def parties_of(written: list[Any] | str) -> list[tuple[str, str]]:
    """(role, side) of each party as the file writes them."""
    found = []
    for actor in [written] if isinstance(written, str) else written:
        if isinstance(actor, str):
            role, _, side = actor.partition("@")
            found.append((role.strip(), side.strip() or "raising"))
        else:
            found.append((actor["role"], actor.get("side", "raising")))
    return found


def expected(stage: dict[str, Any], cast: Cast) -> dict[str, set[str]]:
    """Read from the file: the agencies that act at the stage must agree (both, where only the
    partnership acts); the partnership's people named at the stage may record it too."""
    actors = actors_of(stage)
    sides = {side for _, side in actors}
    agencies = {
        who
        for who, side in (("raiser", "raising"), ("other", "receiving"))
        if side in sides or "both" in sides
    } or {"raiser", "other"}
    named = {
        who
        for who in ("chair", "officer")
        if {role for role, side in actors if side == "partnership"}
        & set(getattr(cast, who).role_keys())
    }
    want = {
        "resolve": agencies | named,
        "escalate": agencies | named,
        "withdraw": {"raiser", "officer", "chair"},
        "dispute": agencies,
    }
    # Where the stage names who may take an action ('may'), those parties and nobody else.
    for action, written in stage.get("may", {}).items():
        if action in want and action != "dispute":
            want[action] = {
                who
                for who in ("raiser", "other", "officer", "chair")
                if any(fills(getattr(cast, who), who, *party) for party in parties_of(written))
            }
    return want


def fills(someone: Person, who: str, role: str, side: str) -> bool:
    """Does the cast member fill the party (role@side), read from the file's words?"""
    own = {"raiser": "raising", "other": "receiving"}.get(who, "partnership")
    if role not in someone.role_keys():
        return False
    return side in ("partnership", own) or (side == "both" and own != "partnership")


def may(client: Any, escalation: Escalation, action: str) -> bool:
    detail = page(client, escalation)
    offered = action in links(detail, escalation)
    status = page(client, escalation, action).status_code
    assert offered == (status == 200), (action, status)
    return offered


@pytest.mark.parametrize("policy_id", POLICIES)
def test_who_may_resolve_withdraw_escalate_and_dispute_at_each_stage(policy_id: str) -> None:
    cast = make_cast(policy_id)
    clients = {
        who: signed_in(getattr(cast, who)) for who in ("raiser", "other", "officer", "chair")
    }
    extras = people(cast, policy_id)  # those some stages name beyond the cast (an SLO)
    escalation = raise_through_wizard(clients["raiser"], cast)
    stages = policy_file(policy_id)["stages"]
    for number, stage in enumerate(stages):
        escalation.refresh_from_db()
        assert escalation.current_stage == stage["key"]
        want = expected(stage, cast)
        last = number == len(stages) - 1
        if not last and stages[number + 1].get("requires"):
            # The next stage waits for a step of this one: nobody may escalate until it is done.
            for who, client in clients.items():
                assert not may(client, escalation, "escalate"), (stage["key"], who, "waits")
            assert "Not yet: Escalate to" in text_of(page(clients["raiser"], escalation))
            clear_the_way(escalation)
        for who, client in clients.items():
            for action in ("resolve", "withdraw", "escalate"):
                if action == "escalate" and last:
                    assert not may(client, escalation, action), (stage["key"], who)
                    continue
                assert may(client, escalation, action) == (who in want[action]), (
                    stage["key"],
                    who,
                    action,
                )
            assert not may(client, escalation, "dispute"), (stage["key"], who, "nothing yet")
        # The sides agree an outcome; then each may or may not dispute it.
        for who in sorted(want["dispute"]):
            post(clients[who], escalation, "resolve", **RESOLUTION)
        assert escalation.status == "resolved", stage["key"]
        for who, client in clients.items():
            assert may(client, escalation, "dispute") == (who in want["dispute"]), (
                stage["key"],
                who,
            )
        post(clients["raiser"], escalation, "dispute", text="Not what we agreed.")
        assert (escalation.status, escalation.current_stage) == ("open", stage["key"])
        if not last:
            mover = (
                clients[sorted(want["escalate"])[0]]
                if want["escalate"]
                else signed_in(named_mover(stage, extras))
            )
            response = post(mover, escalation, "escalate", text="Next stage.")
            assert escalation.current_stage == stages[number + 1]["key"], text_of(response)[:2000]


def named_mover(stage: dict[str, Any], extras: dict[str, Person]) -> Person:
    """Someone the stage's 'may: escalate' names, where nobody in the cast is named: an
    agency's holder of the first role it lists."""
    role, _ = parties_of(stage["may"]["escalate"])[0]
    return next(p for name, p in extras.items() if role in p.role_keys() and name != "chair")
