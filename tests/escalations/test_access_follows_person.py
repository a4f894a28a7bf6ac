"""Access follows the person: someone moved to another agency or partnership, deactivated,
or no longer holding the role they were party by, no longer sees the escalations they took
part in that way. What they did stays on the record for everyone who still may see it."""

from __future__ import annotations

import pytest
from cast import PASSWORD, Cast, make_cast, raised_by_raiser
from django.test import Client

from escalate.escalations.models import Escalation, Event
from escalate.escalations.rules import can_view
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Agency, Person, RoleHolder

pytestmark = pytest.mark.django_db


def raised(cast: Cast) -> Escalation:
    escalation = raised_by_raiser(cast)
    escalation_act(
        escalation=escalation,
        actor=cast.raiser,
        action="add-note",
        expected_version=escalation.version,
        text="The raiser's own note, for the record.",
    )
    escalation.refresh_from_db()
    return escalation


def client_for(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def fresh(person: Person) -> Person:
    return Person.objects.select_related("agency__partnership").get(pk=person.pk)


def move(person: Person, agency: Agency) -> Person:
    Person.objects.filter(pk=person.pk).update(agency=agency)
    return fresh(person)


def sees(person: Person, escalation: Escalation) -> bool:
    """Whether the page opens and the home list shows it, which must agree."""
    client = client_for(person)
    page = client.get(f"/escalations/{escalation.reference}/").status_code
    listed = escalation.reference in client.get("/?status=any").content.decode()
    assert (page == 200) == listed == can_view(fresh(person), escalation), (page, listed)
    return page == 200


def test_everyone_party_to_it_sees_it_before_any_move() -> None:
    cast = make_cast("brent")
    escalation = raised(cast)
    for person in (cast.raiser, cast.other, cast.manager, cast.other_manager):
        assert sees(person, escalation), person.username


def test_moved_to_another_agency_in_the_partnership_ends_access() -> None:
    cast = make_cast("brent")
    escalation = raised(cast)
    moved = move(cast.raiser, cast.health)
    assert not sees(moved, escalation)
    assert client_for(moved).get(f"/escalations/{escalation.reference}/").status_code == 404


def test_moved_to_another_partnership_ends_access() -> None:
    cast = make_cast("brent")
    escalation = raised(cast)
    far = Agency.objects.get(name="Far team")
    assert not sees(move(cast.other, far), escalation)


def test_moved_back_sees_it_again() -> None:
    cast = make_cast("brent")
    escalation = raised(cast)
    move(cast.raiser, cast.health)
    assert sees(move(cast.raiser, cast.school), escalation)


def test_deactivated_ends_access() -> None:
    cast = make_cast("brent")
    escalation = raised(cast)
    Person.objects.filter(pk=cast.manager.pk).update(is_active=False)
    assert not can_view(fresh(cast.manager), escalation)
    assert not Client().login(username=cast.manager.username, password=PASSWORD)


def test_no_longer_holding_the_role_ends_access() -> None:
    """The other side's line manager is party by their role (line-manager, Stage Three);
    without it, and not the line manager of anyone party to it, they no longer see it."""
    cast = make_cast("brent")
    escalation = raised(cast)
    for _ in range(2):
        escalation_act(
            escalation=escalation,
            actor=cast.raiser,
            action="escalate",
            expected_version=escalation.version,
            text="Not resolved.",
        )
        escalation.refresh_from_db()
    head = Person.objects.get(username="head.brent")
    dsl = cast.dsl
    RoleHolder.objects.create(person=dsl, role="line-manager")
    escalation_act(
        escalation=escalation,
        actor=cast.raiser,
        action="add-note",
        expected_version=escalation.version,
        text="A note after the DSL became a line manager.",
    )
    escalation.refresh_from_db()
    assert sees(dsl, escalation)
    RoleHolder.objects.filter(person=dsl, role="line-manager").delete()
    assert not sees(dsl, escalation)
    assert sees(head, escalation)  # the raiser's manager's manager: still in the chain


def test_what_the_moved_person_did_stays_on_the_record() -> None:
    cast = make_cast("brent")
    escalation = raised(cast)
    events = list(Event.objects.filter(escalation=escalation).values_list("pk", "kind"))
    move(cast.raiser, cast.health)
    page = client_for(cast.other).get(f"/escalations/{escalation.reference}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "The raiser&#x27;s own note, for the record." in text or (
        "The raiser's own note, for the record." in text
    )
    assert cast.raiser.display_name in text
    assert list(Event.objects.filter(escalation=escalation).values_list("pk", "kind")) == events


def test_someone_moved_into_a_side_becomes_party_by_their_new_place() -> None:
    """Moved into the receiving agency as its line manager, the next event makes them party
    there, even though they were party before from elsewhere."""
    cast = make_cast("brent")
    escalation = raised(cast)
    moved = move(cast.manager, cast.social_care)
    assert not sees(moved, escalation)
    for _ in range(2):
        escalation_act(
            escalation=escalation,
            actor=cast.raiser,
            action="escalate",
            expected_version=escalation.version,
            text="Not resolved.",
        )
        escalation.refresh_from_db()
    assert sees(moved, escalation)  # line-manager@both at Stage Three, now in social care
