"""Meetings and panels: the policy's membership rules, each with its own message; convening,
representations, attendance, and the binding decision that ends the escalation."""

from __future__ import annotations

import pytest
from cast import Cast, make_cast, person
from ladder import at, escalate_to, raise_one, signed_in

from escalate.escalations.models import Escalation
from escalate.escalations.services import ActionRefused, escalation_act
from escalate.notifications.models import Channel, Notification
from escalate.partnerships.models import Agency, Person
from escalate.reports import services
from escalate.reports.learning import learning_record
from escalate.reports.models import Meeting, MeetingStatus

pytestmark = pytest.mark.django_db

BRENT_LADDER = [at(2026, 6, 1, 11), at(2026, 6, 1, 12), at(2026, 6, 1, 13), at(2026, 6, 1, 14)]


def brent_at_panel(cast: Cast) -> Escalation:
    escalation = raise_one(cast, now=at(2026, 6, 1, 10))
    return escalate_to(escalation, cast.raiser, "resolution-panel", BRENT_LADDER)


def board_members(cast: Cast) -> dict[str, Person]:
    """A board member in each front-line agency of the cast."""
    return {
        "school": person("bm.school", cast.school, "board-member"),
        "social": person("bm.social", cast.social_care, "board-member"),
        "health": person("bm.health", cast.health, "board-member"),
    }


def test_brent_panel_convened_held_and_binding_decision_ends_the_escalation() -> None:
    cast = make_cast("brent")
    members = board_members(cast)
    escalation = brent_at_panel(cast)
    meeting = services.meeting_convene(
        escalation=escalation,
        actor=cast.officer,
        expected_version=escalation.version,
        members=list(members.values()),
        chair=cast.chair,
        starts_at=at(2026, 6, 8, 14),
        place="Civic Centre, room 3",
        now=at(2026, 6, 2, 9),
    )
    assert meeting.status == MeetingStatus.CONVENED
    assert meeting.members.count() == 4
    escalation.refresh_from_db()
    assert escalation.events.filter(kind="meeting-convened").count() == 1
    told = Notification.objects.filter(key=f"meeting-convened:{meeting.pk}", channel=Channel.APP)
    assert {n.recipient for n in told} >= {cast.raiser, cast.other, members["school"]}
    services.meeting_add_representation(
        meeting=meeting,
        actor=cast.raiser,
        agency=cast.school,
        text="The school asks for an assessment.",
        expected_version=escalation.version,
        now=at(2026, 6, 3, 9),
    )
    escalation.refresh_from_db()
    with pytest.raises(ActionRefused, match="only for your own agency"):
        services.meeting_add_representation(
            meeting=meeting,
            actor=cast.raiser,
            agency=cast.social_care,
            text="Pretending to be social care.",
            expected_version=escalation.version,
            now=at(2026, 6, 3, 10),
        )
    with pytest.raises(ActionRefused, match="Record it as held once it has taken place"):
        services.meeting_record_held(
            meeting=meeting,
            actor=cast.officer,
            attended=[members["school"]],
            discussion="Too early.",
            expected_version=escalation.version,
            now=at(2026, 6, 4, 9),
        )
    services.meeting_record_held(
        meeting=meeting,
        actor=cast.officer,
        attended=[members["school"], members["social"], cast.chair],
        discussion="Both agencies were heard.",
        decision="Children's social care will start an assessment within 5 working days.",
        expected_version=escalation.version,
        now=at(2026, 6, 8, 16),
    )
    meeting.refresh_from_db()
    escalation.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.decision_binding is True
    assert escalation.status == "decided"
    assert meeting.members.get(person=members["health"]).attended is False
    decision_told = {
        n.recipient
        for n in Notification.objects.filter(
            escalation=escalation, key__startswith="decision:", channel=Channel.APP
        )
    }
    assert {cast.raiser, cast.other, cast.manager, members["health"]} <= decision_told
    body = Notification.objects.filter(key__startswith="decision:").first()
    assert body is not None
    assert "binding" in body.body
    assert "Ava" not in body.body
    with pytest.raises(ActionRefused):
        escalation_act(
            escalation=escalation,
            actor=cast.raiser,
            action="escalate",
            expected_version=escalation.version,
            text="Try again",
        )
    client = signed_in(cast.raiser)
    assert client.get(f"/escalations/{escalation.reference}/escalate/").status_code == 404
    page = client.get(f"/escalations/{escalation.reference}/meeting/")
    assert page.status_code == 200
    assert b"Final binding decision" in page.content


@pytest.fixture
def brent() -> tuple[Cast, Escalation, dict[str, Person]]:
    cast = make_cast("brent")
    members = board_members(cast)
    return cast, brent_at_panel(cast), members


def convene(
    escalation: Escalation,
    cast: Cast,
    members: list[Person],
    chair: Person | None = None,
    reason: str = "",
) -> Meeting:
    escalation.refresh_from_db()
    return services.meeting_convene(
        escalation=escalation,
        actor=cast.officer,
        expected_version=escalation.version,
        members=members,
        chair=chair,
        starts_at=at(2026, 6, 8, 14),
        place="Civic Centre",
        reason=reason,
        now=at(2026, 6, 2, 9),
    )


def problems(error: pytest.ExceptionInfo[services.MembershipRefused]) -> dict[str, str]:
    return {p.rule: p.message for p in error.value.problems}


def test_a_panel_needs_members(brent: tuple[Cast, Escalation, dict[str, Person]]) -> None:
    cast, escalation, _ = brent
    with pytest.raises(services.MembershipRefused) as error:
        convene(escalation, cast, [], chair=cast.chair)
    assert problems(error) == {
        "members": "Choose at least one member for the LSCB Resolution Panel"
    }


def test_members_must_hold_a_role_the_policy_names(
    brent: tuple[Cast, Escalation, dict[str, Person]],
) -> None:
    cast, escalation, members = brent
    with pytest.raises(services.MembershipRefused) as error:
        convene(escalation, cast, [*members.values(), cast.colleague], chair=cast.chair)
    assert problems(error) == {
        "eligible": "Colleague Testperson cannot sit on the LSCB Resolution Panel: the policy "
        "asks for members who are a Partnership board member or The agency's member of the "
        "partnership board. Choose members from the list"
    }


def test_a_brent_panel_needs_three_agencies(
    brent: tuple[Cast, Escalation, dict[str, Person]],
) -> None:
    cast, escalation, members = brent
    with pytest.raises(services.MembershipRefused) as error:
        convene(escalation, cast, [members["school"], members["social"]], chair=cast.chair)
    assert problems(error) == {
        "min-agencies": "The LSCB Resolution Panel must have members from at least 3 agencies. "
        "The members you chose come from 2 (Oakfield Primary School and Children's Social "
        "Care). Add members from 1 more agency. The partnership's own team does not count as "
        "an agency."
    }


def test_brent_asks_for_the_agencies_in_dispute_where_possible(
    brent: tuple[Cast, Escalation, dict[str, Person]],
) -> None:
    cast, escalation, members = brent
    police = Agency.objects.create(partnership=cast.partnership, name="Police", kind="police")
    officer = person("bm.police", police, "board-member")
    chosen = [members["school"], members["health"], officer]
    with pytest.raises(services.MembershipRefused) as error:
        convene(escalation, cast, chosen, chair=cast.chair)
    assert problems(error) == {
        "disputing-agencies-reason": "The policy asks for the agencies in dispute to be on "
        "the LSCB Resolution Panel where possible. Add a member from Children's Social Care, "
        "or say why that is not possible"
    }
    meeting = convene(
        escalation, cast, chosen, chair=cast.chair, reason="Their board member is on leave."
    )
    assert meeting.warnings == [
        "Children's Social Care is not on the LSCB Resolution Panel: Their board member is on "
        "leave."
    ]
    assert meeting.exception_reason == "Their board member is on leave."


def test_bromley_requires_the_agencies_in_dispute() -> None:
    cast = make_cast("bromley")
    police = Agency.objects.create(partnership=cast.partnership, name="Police", kind="police")
    chosen = [
        person("bm.school", cast.school, "board-member"),
        person("bm.health", cast.health, "board-member"),
        person("bm.police", police, "board-member"),
    ]
    escalation = raise_one(cast, now=at(2026, 6, 1, 10), categories=["levels-of-need"])
    escalate_to(escalation, cast.raiser, "bscb-chair", BRENT_LADDER[:3])
    with pytest.raises(services.MembershipRefused) as error:
        convene(escalation, cast, chosen, chair=cast.chair)
    assert problems(error) == {
        "disputing-agencies": "The policy says the agencies in dispute must be on the "
        "Resolution Panel. Add a member from Children's Social Care"
    }


@pytest.fixture
def st_helens() -> tuple[Cast, Escalation]:
    cast = make_cast("st-helens")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10), categories=["level-of-need"])
    escalate_to(escalation, cast.raiser, "mediation", BRENT_LADDER)
    return cast, escalation


def test_st_helens_mediation_needs_a_chair(st_helens: tuple[Cast, Escalation]) -> None:
    cast, escalation = st_helens
    managers = [person("sm.school", cast.school, "senior-manager")]
    managers.append(person("sm.social", cast.social_care, "senior-manager"))
    with pytest.raises(services.MembershipRefused) as error:
        convene(escalation, cast, managers)
    assert problems(error) == {
        "chair": "Choose who will chair the Meeting of senior managers with operational "
        "responsibility for the case"
    }


def test_st_helens_chair_comes_from_an_uninvolved_agency(
    st_helens: tuple[Cast, Escalation],
) -> None:
    cast, escalation = st_helens
    managers = [
        person("sm.school", cast.school, "senior-manager"),
        person("sm.social", cast.social_care, "senior-manager"),
    ]
    involved = person("bm.school", cast.school, "board-member")
    with pytest.raises(services.MembershipRefused) as error:
        convene(escalation, cast, managers, chair=involved)
    assert problems(error) == {
        "chair-uninvolved": "The chair must come from an agency that is not involved in the "
        "disagreement. Bm Testperson works for Oakfield Primary School, one of the agencies in "
        "dispute: choose a chair from another agency"
    }
    with pytest.raises(services.MembershipRefused) as error:
        convene(escalation, cast, managers, chair=cast.outsider)
    assert problems(error) == {
        "chair-eligible": "Outsider Testperson cannot chair the Meeting of senior managers "
        "with operational responsibility for the case. Choose the chair from the list"
    }
    uninvolved = person("bm.health", cast.health, "board-member")
    meeting = convene(escalation, cast, managers, chair=uninvolved)
    assert meeting.chair == uninvolved
    assert meeting.members.get(person=uninvolved).is_chair


def test_the_convene_page_shows_each_broken_rule(
    brent: tuple[Cast, Escalation, dict[str, Person]],
) -> None:
    cast, escalation, members = brent
    client = signed_in(cast.officer)
    url = f"/escalations/{escalation.reference}/meeting/convene/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"Bm Testperson" in page.content
    page = client.post(
        url,
        {
            "version": escalation.version,
            "members": [members["school"].pk],
            "chair": cast.chair.pk,
            "day": "8",
            "month": "6",
            "year": "2026",
            "time": "14:00",
            "place": "Civic Centre",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in text
    assert "must have members from at least 3 agencies" in text
    assert "Add a member from Children&#39;s Social Care, or say why" in text
    page = client.post(
        url,
        {
            "version": escalation.version,
            "members": [m.pk for m in members.values()],
            "chair": cast.chair.pk,
            "day": "8",
            "month": "6",
            "year": "2026",
            "time": "14:00",
            "place": "Civic Centre",
        },
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    assert Meeting.objects.filter(escalation=escalation).exists()
    assert client.get(f"/escalations/{escalation.reference}/meeting/").status_code == 200


def test_only_officers_convene_and_outsiders_see_nothing(
    brent: tuple[Cast, Escalation, dict[str, Person]],
) -> None:
    cast, escalation, _ = brent
    reference = escalation.reference
    assert (
        signed_in(cast.raiser).get(f"/escalations/{reference}/meeting/convene/").status_code == 404
    )
    for someone in (cast.outsider, cast.stranger):
        client = signed_in(someone)
        for page in ("meeting/", "meeting/convene/", "meeting/held/", "learning/"):
            assert client.get(f"/escalations/{reference}/{page}").status_code == 404, page
    detail = signed_in(cast.officer).get(f"/escalations/{reference}/")
    assert b"Convene the LSCB Resolution Panel" in detail.content


def test_haringey_head_of_service_convenes_and_records_a_meeting_without_a_decision() -> None:
    cast = make_cast("haringey")
    escalation = raise_one(cast, now=at(2026, 6, 1, 10), categories=["threshold"])
    escalate_to(escalation, cast.raiser, "head-of-service", BRENT_LADDER[:1])
    head = cast.manager.line_manager
    other_head = cast.other_manager.line_manager
    assert head is not None
    assert other_head is not None
    client = signed_in(head)
    url = f"/escalations/{escalation.reference}/meeting/convene/"
    form = client.get(url)
    assert form.status_code == 200
    assert b"Both agencies in dispute must be members." in form.content
    page = client.post(
        url,
        {
            "version": escalation.version,
            "members": [head.pk, other_head.pk],
            "day": "3",
            "month": "6",
            "year": "2026",
            "time": "9:30",
            "place": "Video call",
        },
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert meeting.convened_by == head
    assert meeting.chair is None
    held = client.get(f"/escalations/{escalation.reference}/meeting/held/")
    assert held.status_code == 200
    assert b'name="decision"' not in held.content
    assert (
        signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/meeting/held/").status_code
        == 404
    )
    escalation.refresh_from_db()
    page = client.post(
        f"/escalations/{escalation.reference}/meeting/held/",
        {"version": escalation.version, "attended": [head.pk], "discussion": "Agreed a plan."},
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    escalation.refresh_from_db()
    assert escalation.status == "open"


def test_a_representation_through_the_page_and_a_stale_version() -> None:
    cast = make_cast("brent")
    members = board_members(cast)
    escalation = brent_at_panel(cast)
    convene(escalation, cast, list(members.values()), chair=cast.chair)
    escalation.refresh_from_db()
    client = signed_in(cast.other)
    url = f"/escalations/{escalation.reference}/meeting/representation/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"Children&#39;s Social Care" in page.content
    assert b"Oakfield Primary School" not in page.content
    stale_version = escalation.version - 1
    page = client.post(
        url,
        {"version": stale_version, "agency": cast.social_care.pk, "text": "Our view."},
    )
    assert page.status_code == 200
    assert b"changed while you were working on it" in page.content
    assert b"Our view." in page.content
    page = client.post(
        url, {"version": escalation.version, "agency": cast.social_care.pk, "text": "Our view."}
    )
    assert page.status_code == 302
    meeting_page = client.get(f"/escalations/{escalation.reference}/meeting/").content.decode()
    assert "Our view." in meeting_page
    assert signed_in(cast.outsider).get(url).status_code == 404


def test_the_escalation_page_links_to_its_panel_and_counts_its_learning() -> None:
    """The right-hand column: convene while no panel is convened at this stage, then a link
    to the panel's page instead; how many lessons and gaps in policy are recorded."""
    cast = make_cast("brent")
    escalation = brent_at_panel(cast)
    reference = escalation.reference
    officer = signed_in(cast.officer)
    before = officer.get(f"/escalations/{reference}/").content.decode()
    assert "Convene the LSCB Resolution Panel" in before
    assert "Date, members, representations and decision" not in before
    assert "recorded)" not in before
    services.meeting_convene(
        escalation=escalation,
        actor=cast.officer,
        expected_version=escalation.version,
        members=list(board_members(cast).values()),
        chair=cast.chair,
        starts_at=at(2026, 6, 8, 14),
        place="Civic Centre, room 3",
        now=at(2026, 6, 2, 9),
    )
    for kind in ("lesson", "policy-gap"):
        escalation.refresh_from_db()
        learning_record(
            escalation=escalation,
            actor=cast.raiser,
            kind=kind,
            text="Thresholds were read differently.",
            expected_version=escalation.version,
        )
    after = signed_in(cast.raiser).get(f"/escalations/{reference}/").content.decode()
    assert "Convene the LSCB Resolution Panel" not in after
    assert "(2 recorded)" in after
    panel = officer.get(f"/escalations/{reference}/").content.decode()
    assert "Convene the LSCB Resolution Panel" not in panel
    assert "Date, members, representations and decision" in panel
