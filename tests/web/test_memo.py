"""Answers worked out once per request: the same answers as asking each time, fewer queries,
and nothing remembered outside a request or across requests."""

from __future__ import annotations

import pytest
from cast import make_cast, person
from django.db import connection
from django.test.utils import CaptureQueriesContext
from test_pages import act, raise_escalation

from escalate.escalations import rules
from escalate.escalations.models import Participant
from escalate.escalations.participants import people_for, remember_parties
from escalate.memo import remembering
from escalate.partnerships.models import Person, chains_of, remember_managers
from escalate.policy.schema import Party

pytestmark = pytest.mark.django_db

SIDES = ["raising", "receiving", "both", "partnership"]
ROLES = ["designated-safeguarding-lead", "line-manager", "business-manager", "head-of-service"]


def test_people_looked_up_in_one_batch_are_those_looked_up_one_by_one() -> None:
    cast = make_cast("brent")
    person("dsl2.brent", cast.social_care, "designated-safeguarding-lead")
    gone = person("gone.brent", cast.school, "designated-safeguarding-lead")
    gone.is_active = False
    gone.save()
    person("far.brent", make_cast("haringey").school, "designated-safeguarding-lead")
    escalation = raise_escalation(cast)
    parties = [Party(role=role, side=side) for role in ROLES for side in SIDES]  # type: ignore[arg-type]
    one_by_one = {party: people_for(escalation, party) for party in parties}
    with remembering():
        remember_parties(escalation, parties)
        with CaptureQueriesContext(connection) as queries:
            batched = {party: people_for(escalation, party) for party in parties}
    assert len(queries) == 0
    assert batched == one_by_one
    assert any(one_by_one.values())


def test_a_chain_of_managers_in_one_query_stops_at_a_loop() -> None:
    cast = make_cast("brent")
    head = Person.objects.get(username="head.brent")
    assert cast.raiser.managers() == [cast.manager, head]
    Person.objects.filter(pk=head.pk).update(line_manager=cast.manager)  # a loop in the data
    raiser = Person.objects.get(pk=cast.raiser.pk)
    assert raiser.managers() == [cast.manager, head]
    assert chains_of([raiser, cast.other, cast.officer]) == {
        raiser.pk: [cast.manager, head],
        cast.other.pk: [cast.other_manager, Person.objects.get(username="otherhead.brent")],
        cast.officer.pk: [],
    }


def test_managers_remembered_for_many_people_need_no_more_queries() -> None:
    cast = make_cast("brent")
    with remembering():
        remember_managers([cast.raiser, cast.other, cast.colleague])
        with CaptureQueriesContext(connection) as queries:
            chains = [p.managers() for p in (cast.raiser, cast.other, cast.colleague)]
    assert len(queries) == 0
    assert chains[0][0] == cast.manager
    assert chains[1][0] == cast.other_manager


def test_may_this_person_see_it_is_asked_of_the_database_once_per_request() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    with remembering(), CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert rules.can_view(cast.raiser, escalation)
    assert len(queries) <= 2  # the raiser's roles, then whether they are party to it


def test_nothing_is_remembered_outside_a_request() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    party = Party(role="designated-safeguarding-lead", side="receiving")
    before = people_for(escalation, party)
    late = person("latedsl.brent", cast.social_care, "designated-safeguarding-lead")
    assert late not in before
    assert late in people_for(escalation, party)


def test_a_new_version_of_the_escalation_is_asked_about_afresh() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    with remembering():
        assert not rules.can_view(cast.outsider, escalation)
        Participant.objects.create(
            escalation=escalation, person=cast.outsider, reason="Told", agency=cast.outsider.agency
        )
        assert not rules.can_view(cast.outsider, escalation)  # same version: remembered
        act(escalation, cast.raiser, "add-note", "A note.")  # a new version
        assert rules.can_view(cast.outsider, escalation)
