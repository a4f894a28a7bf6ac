"""Services and models on a real database: raising, acting, the event log, the constraints
the database keeps, and who is party to an escalation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from agree import decide
from cast import Cast, escalator, make_cast, person
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from escalate.escalations.models import Escalation, Event, Participant
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import (
    ActionRefused,
    ConcurrentChange,
    escalation_act,
    escalation_record_mash_referral,
    escalation_state,
)
from escalate.partnerships.models import Person, PolicyVersion

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def raise_one(cast: Cast, *, now: dt.datetime | None = MONDAY, **changes: Any) -> Escalation:
    policy = cast.partnership.policy_in_force((now or timezone.now()).date()).policy
    answers: dict[str, Any] = {
        "raiser": cast.raiser,
        "receiving_agency": cast.social_care,
        "receiving_professional": cast.other,
        "child_name": "Ava Testington",
        "child_date_of_birth": dt.date(2016, 5, 4),
        "child_status": "child-in-need",
        "categories": [policy.categories[0].key],
        "disagreement": "The referral was closed without a visit.",
        "outcome_wanted": "An assessment is started.",
        "immediate_risk": False,
        "now": now,
    }
    answers.update(changes)
    return escalation_raise(**answers)


def later(escalation: Escalation) -> dt.datetime:
    """Ten minutes after the escalation's last event."""
    last = escalation.events.order_by("-sequence").first()
    assert last is not None
    return last.at + dt.timedelta(minutes=10)


def act(escalation: Escalation, actor: Person, action: str, **more: Any) -> Event:
    escalation.refresh_from_db()
    event = escalation_act(
        escalation=escalation,
        actor=actor,
        action=action,
        expected_version=escalation.version,
        text=more.pop("text", f"{action} by {actor.username}"),
        now=more.pop("now", later(escalation)),
        **more,
    )
    escalation.refresh_from_db()
    return event


def climb(escalation: Escalation, actor: Person, stages: int) -> None:
    for _ in range(stages):
        act(escalation, escalator(escalation, actor), "escalate")


def head(cast: Cast) -> Person:
    found = cast.manager.line_manager
    assert found is not None
    return found


def assert_stored_state_is_the_engines(escalation: Escalation, now: dt.datetime) -> None:
    escalation.refresh_from_db()
    state = escalation_state(escalation, now)
    assert escalation.current_stage == state.current.key
    assert escalation.status == state.status
    assert escalation.next_deadline == state.next_deadline
    assert escalation.version == escalation.events.count()


# -- raising -------------------------------------------------------------------------------


def test_references_count_per_partnership_and_year() -> None:
    brent = make_cast("brent")
    haringey = make_cast("haringey")
    assert raise_one(brent).reference == "BRE-2026-0001"
    assert raise_one(brent, now=MONDAY + dt.timedelta(days=1)).reference == "BRE-2026-0002"
    assert raise_one(haringey).reference == "HAR-2026-0001"
    new_year = dt.datetime(2027, 1, 4, 9, 30, tzinfo=dt.UTC)
    assert raise_one(brent, now=new_year).reference == "BRE-2027-0001"
    assert raise_one(brent, now=new_year).reference == "BRE-2027-0002"
    assert raise_one(haringey, now=new_year).reference == "HAR-2027-0001"


def test_the_year_of_a_reference_is_the_london_date() -> None:
    brent = make_cast("brent")
    # 23:30 UTC on 31 December 2026 is still 2026 in London (GMT in winter).
    late = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert raise_one(brent, now=late).reference == "BRE-2026-0001"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"receiving_agency": "school"},
            "An escalation is a disagreement with another agency. For a disagreement inside "
            "your own agency, follow your agency's own procedure",
            id="own-agency",
        ),
        pytest.param(
            {"receiving_agency": "elsewhere"},
            "Choose an agency in your own partnership",
            id="agency-in-another-partnership",
        ),
        pytest.param(
            {"categories": ["not-a-category"]},
            "Choose at least one kind of disagreement from the list",
            id="unknown-category",
        ),
        pytest.param(
            {"categories": ["thresholds", "not-a-category"]},
            "Choose at least one kind of disagreement from the list",
            id="one-unknown-category",
        ),
        pytest.param(
            {"categories": []},
            "Choose at least one kind of disagreement from the list",
            id="no-category",
        ),
        pytest.param(
            {"child_date_of_birth": dt.date(2026, 3, 3)},
            "The child's date of birth must be today or in the past",
            id="born-tomorrow",
        ),
        pytest.param(
            {"child_status": "adopted"},
            "Choose the child's status from the list",
            id="unknown-child-status",
        ),
    ],
)
def test_raise_refusals(changes: dict[str, Any], message: str) -> None:
    cast = make_cast("brent")
    if changes.get("receiving_agency") == "school":
        changes["receiving_agency"] = cast.school
    elif changes.get("receiving_agency") == "elsewhere":
        changes["receiving_agency"] = cast.stranger.agency
    with pytest.raises(ActionRefused) as refused:
        raise_one(cast, **changes)
    assert str(refused.value) == message
    assert not Escalation.objects.exists()
    assert not Event.objects.exists()
    # A refusal uses up no reference.
    assert raise_one(cast).reference == "BRE-2026-0001"


def test_raise_refuses_a_professional_from_another_agency() -> None:
    cast = make_cast("brent")
    with pytest.raises(ActionRefused):
        raise_one(cast, receiving_professional=cast.stranger)


def test_a_raised_escalation_stores_what_the_engine_says() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    assert escalation.current_stage == "line-manager"
    assert escalation.status == "open"
    assert escalation.version == 1
    # Brent: the one working week cap from Monday 10:00 ends on the next Monday at 17:00.
    assert escalation.next_deadline == dt.datetime(2026, 3, 9, 17, 0, tzinfo=dt.UTC)
    assert_stored_state_is_the_engines(escalation, MONDAY)
    [event] = escalation.events.all()
    assert (event.sequence, event.kind, event.actor, event.at) == (1, "raised", cast.raiser, MONDAY)
    assert escalation.raising_agency == cast.school
    assert escalation.partnership == cast.partnership


def test_immediate_risk_shortens_the_deadline_to_the_same_working_day() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast, immediate_risk=True, immediate_action="Told the DSL.")
    assert escalation.next_deadline == dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)
    assert_stored_state_is_the_engines(escalation, MONDAY)


# -- acting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "moves", "who", "action", "more", "kind", "stage", "status"),
    [
        ("brent", 0, "manager", "record-discussion", {}, "discussion", "line-manager", "open"),
        ("brent", 0, "raiser", "add-note", {}, "note", "line-manager", "open"),
        ("brent", 0, "manager", "report-policy-gap", {}, "policy-gap", "line-manager", "open"),
        ("brent", 0, "raiser", "escalate", {}, "escalated", "other-worker", "open"),
        ("brent", 1, "other", "escalate", {}, "escalated", "line-managers", "open"),
        ("brent", 0, "raiser", "resolve", {}, "resolved", "line-manager", "resolved"),
        ("brent", 2, "raiser", "withdraw", {}, "withdrawn", "line-managers", "withdrawn"),
        ("haringey", 0, "head", "skip", {"stage": "round-table"}, "skipped", "round-table", "open"),
        (
            "haringey",
            1,
            "manager",
            "complete-step",
            {"stage": "head-of-service", "step": "refer-to-head-of-service"},
            "step-done",
            "head-of-service",
            "open",
        ),
    ],
)
def test_each_action_appends_one_event_and_updates_the_row(
    policy: str,
    moves: int,
    who: str,
    action: str,
    more: dict[str, str],
    kind: str,
    stage: str,
    status: str,
) -> None:
    cast = make_cast(policy)
    escalation = raise_one(cast)
    climb(escalation, cast.raiser, moves)
    actor = head(cast) if who == "head" else getattr(cast, who)
    before = escalation.version
    now = later(escalation)
    event = act(escalation, actor, action, now=now, text="Because.", **more)
    assert escalation.events.count() == before + 1
    assert escalation.events.order_by("-sequence").first() == event
    assert (event.sequence, event.kind, event.actor, event.at, event.text) == (
        before + 1,
        kind,
        actor,
        now,
        "Because.",
    )
    assert escalation.version == before + 1
    assert (escalation.current_stage, escalation.status) == (stage, status)
    assert_stored_state_is_the_engines(escalation, now)
    if status != "open":
        assert escalation.next_deadline is None


def test_a_mash_referral_is_a_note_that_does_not_move_the_case() -> None:
    cast = make_cast("bromley")
    escalation = raise_one(cast, immediate_risk=True, immediate_action="Referred to MASH.")
    before = (escalation.current_stage, escalation.next_deadline)
    event = escalation_record_mash_referral(
        escalation=escalation,
        actor=cast.raiser,
        expected_version=1,
        text="  Referral made 10:05, ref MASH-123  ",
        now=later(escalation),
    )
    escalation.refresh_from_db()
    assert (event.sequence, event.kind, event.text) == (
        2,
        "mash-referral",
        "Referral made 10:05, ref MASH-123",
    )
    assert (escalation.current_stage, escalation.next_deadline) == before
    assert escalation.version == 2


def test_a_stale_version_raises_concurrent_change_with_the_unseen_events() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    note = act(escalation, cast.manager, "add-note", text="Spoke to the DSL.")
    discussion = act(escalation, cast.raiser, "record-discussion")
    stale = Escalation.objects.get(pk=escalation.pk)
    with pytest.raises(ConcurrentChange) as change:
        escalation_act(
            escalation=stale,
            actor=cast.raiser,
            action="escalate",
            expected_version=1,
            text="Escalating.",
            now=later(escalation),
        )
    assert change.value.events == [note, discussion]
    assert str(change.value) == "This escalation changed while you were working on it"
    escalation.refresh_from_db()
    assert escalation.version == 3
    assert escalation.current_stage == "line-manager"
    assert not escalation.events.filter(kind="escalated").exists()


@pytest.mark.parametrize(
    ("policy", "moves", "who", "action", "more", "message"),
    [
        pytest.param(
            "brent",
            0,
            "raiser",
            "record-decision",
            {},
            "The policy does not allow this at the current stage",
            id="decision-at-stage-one",
        ),
        pytest.param(
            "brent",
            0,
            "raiser",
            "skip",
            {"stage": "resolution-panel"},
            "The policy does not allow this at the current stage",
            id="skip-where-the-policy-has-none",
        ),
        pytest.param(
            "brent",
            0,
            "raiser",
            "complete-step",
            {"stage": "line-manager", "step": "no-such-step"},
            "The policy does not allow this at the current stage",
            id="unknown-step",
        ),
        pytest.param(
            "brent",
            0,
            "other",
            "withdraw",
            {},
            "At Stage One – Involving your Line manager, you are not among those who may "
            "withdraw it. Ask the partnership's business manager if you think you should",
            id="withdraw-by-the-other-side",
        ),
        pytest.param(
            "brent",
            4,
            "chair",
            "record-decision",
            {},
            "The decision at this stage is the LSCB Resolution Panel's: record it on the "
            "meeting's page once it has been held",
            id="decision-at-a-panel-stage-outside-the-panel",
        ),
        pytest.param(
            "lincolnshire",
            3,
            "officer",
            "record-decision",
            {},
            "The decision at this stage is the Inter agency case review group's: record it on "
            "the meeting's page once it has been held",
            id="decision-of-a-group-outside-its-meeting",
        ),
        pytest.param(
            "haringey",
            0,
            "raiser",
            "skip",
            {"stage": "round-table"},
            "At Stage 1 – First line managers, you are not among those who may skip to a later "
            "stage. Ask the partnership's business manager if you think you should",
            id="skip-without-the-role",
        ),
        pytest.param(
            "brent",
            0,
            "outsider",
            "add-note",
            {},
            "You cannot do this on this escalation. Ask the partnership's business manager "
            "if you think you should",
            id="not-a-participant",
        ),
        pytest.param(
            "brent",
            4,
            "raiser",
            "escalate",
            {},
            "The policy does not allow this at the current stage",
            id="escalate-from-the-last-stage",
        ),
    ],
)
def test_actions_refused(
    policy: str, moves: int, who: str, action: str, more: dict[str, str], message: str
) -> None:
    cast = make_cast(policy)
    escalation = raise_one(cast)
    climb(escalation, cast.raiser, moves)
    before = escalation.version
    with pytest.raises(ActionRefused) as refused:
        act(escalation, getattr(cast, who), action, **more)
    assert str(refused.value) == message
    assert escalation.events.count() == before


@pytest.mark.parametrize(
    ("ending", "message"),
    [
        ("resolve", "This escalation has been resolved, so this cannot be done. Add a note"),
        ("withdraw", "This escalation has been withdrawn, so this cannot be done. Add a note"),
    ],
)
def test_nothing_moves_a_closed_escalation(ending: str, message: str) -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    act(escalation, cast.raiser, ending)
    for action in ("escalate", "resolve", "record-discussion"):
        with pytest.raises(ActionRefused, match=f"^{message}$"):
            act(escalation, cast.raiser, action)
    act(escalation, cast.raiser, "add-note")
    assert escalation.events.count() == 3


def test_a_decided_escalation_refuses_in_plain_english() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    climb(escalation, cast.raiser, 4)
    decide(escalation, cast.chair, "Assess now.", now=later(escalation))
    with pytest.raises(ActionRefused) as refused:
        act(escalation, cast.raiser, "resolve")
    assert "is final decision made" not in str(refused.value)


# -- the event log is append-only -----------------------------------------------------------


def test_events_cannot_be_changed_or_deleted() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    event = escalation.events.get()
    event.text = "Rewritten history"
    with pytest.raises(ValueError, match="Events are never changed"):
        event.save()
    with pytest.raises(ValueError, match="Events are never deleted"):
        event.delete()
    event.refresh_from_db()
    assert event.text == "The referral was closed without a visit."
    assert escalation.events.count() == 1


def test_a_new_event_cannot_overwrite_an_old_one() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    old = escalation.events.get()
    forged = Event(pk=old.pk, escalation=escalation, sequence=1, kind="note", at=MONDAY)
    with pytest.raises((ValueError, IntegrityError)), transaction.atomic():
        forged.save()
    old.refresh_from_db()
    assert old.kind == "raised"


@pytest.mark.parametrize("how", ["update", "delete"])
def test_bulk_changes_to_events_are_refused(how: str) -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    events = Event.objects.filter(escalation=escalation)
    change = events.update if how == "update" else events.delete
    arguments = {"text": "Rewritten history"} if how == "update" else {}
    with pytest.raises((ValueError, IntegrityError)), transaction.atomic():
        change(**arguments)
    assert escalation.events.get().text == "The referral was closed without a visit."


# -- database constraints ----------------------------------------------------------------------


def escalation_row(cast: Cast, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "reference": "BRE-2026-9999",
        "partnership": cast.partnership,
        "policy_version": PolicyVersion.objects.get(partnership=cast.partnership),
        "raised_at": MONDAY,
        "raised_by": cast.raiser,
        "raising_agency": cast.school,
        "receiving_agency": cast.social_care,
        "child_name": "Ava Testington",
        "child_date_of_birth": dt.date(2016, 5, 4),
        "child_status": "none",
        "disagreement": "About the plan.",
        "outcome_wanted": "A plan.",
        "immediate_risk": False,
        "current_stage": "line-manager",
    }
    fields.update(changes)
    return fields


def test_a_well_formed_row_is_accepted_by_the_database() -> None:
    cast = make_cast("brent")
    Escalation.objects.create(**escalation_row(cast))


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"receiving_agency": "school"}, id="same-agency-both-sides"),
        pytest.param({"status": "lost"}, id="unknown-status"),
        pytest.param({"child_status": "adopted"}, id="unknown-child-status"),
        pytest.param({"child_name": ""}, id="unnamed-child"),
    ],
)
def test_database_refuses_a_bad_escalation_row(changes: dict[str, Any]) -> None:
    cast = make_cast("brent")
    if changes.get("receiving_agency") == "school":
        changes["receiving_agency"] = cast.school
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(**escalation_row(cast, **changes))
    assert not Escalation.objects.exists()


def test_database_refuses_an_unknown_event_kind_and_a_repeated_sequence() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(escalation=escalation, sequence=2, kind="rumour", at=MONDAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(escalation=escalation, sequence=1, kind="note", at=MONDAY)
    Event.objects.create(escalation=escalation, sequence=2, kind="note", at=MONDAY)
    assert list(escalation.events.values_list("sequence", flat=True)) == [1, 2]


def test_database_refuses_a_person_as_their_own_line_manager() -> None:
    cast = make_cast("brent")
    someone = Person.objects.get(pk=cast.raiser.pk)
    someone.line_manager = someone
    with pytest.raises(IntegrityError), transaction.atomic():
        someone.save()
    someone.refresh_from_db()
    assert someone.line_manager == cast.manager


# -- who is party to an escalation --------------------------------------------------------------


def participants(escalation: Escalation) -> set[str]:
    return set(
        Participant.objects.filter(escalation=escalation).values_list("person__username", flat=True)
    )


def test_line_managers_of_both_sides_are_participants() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    other_head = cast.other_manager.line_manager
    assert other_head is not None
    found = participants(escalation)
    expected = {cast.raiser, cast.manager, head(cast), cast.other, cast.other_manager, other_head}
    assert {p.username for p in expected} <= found
    assert not {cast.colleague.username, cast.outsider.username, cast.stranger.username} & found


def test_the_people_of_a_stage_become_participants_when_it_is_reached() -> None:
    cast = make_cast("brent")
    escalation = raise_one(cast)
    assert cast.dsl.username not in participants(escalation)
    climb(escalation, cast.raiser, 3)  # Stage Four: the safeguarding leads
    assert escalation.current_stage == "safeguarding-leads"
    assert cast.dsl.username in participants(escalation)
    acting = Participant.objects.get(escalation=escalation, person=cast.dsl)
    assert acting.acts
    climb(escalation, cast.raiser, 1)
    acting.refresh_from_db()
    assert not acting.acts


@pytest.mark.parametrize(("child_status", "told"), [("cp-plan", True), ("child-in-need", False)])
def test_bromley_cp_chair_joins_at_stage_two_when_the_child_has_a_plan(
    child_status: str, told: bool
) -> None:
    cast = make_cast("bromley")
    cp_chair = person("cpchair.bromley", cast.team, "cp-chair")
    escalation = raise_one(cast, child_status=child_status)
    client = Client()
    client.force_login(cp_chair)
    url = f"/escalations/{escalation.reference}/"
    assert cp_chair.username not in participants(escalation)
    assert client.get(url).status_code == 404
    climb(escalation, cast.raiser, 1)
    assert escalation.current_stage == "line-managers"
    assert (cp_chair.username in participants(escalation)) is told
    assert client.get(url).status_code == (200 if told else 404)


def test_raised_now_defaults_to_the_clock() -> None:
    cast = make_cast("brent")
    before = timezone.now()
    escalation = raise_one(cast, now=None)
    assert before <= escalation.raised_at <= timezone.now()
    assert escalation.reference == f"BRE-{timezone.localdate().year}-0001"
