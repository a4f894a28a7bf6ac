"""The demo loader: five partnerships, a spread of fictional escalations, and idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from escalate.demo.load import DEMO_PASSWORD, load_demo
from escalate.escalations.models import Escalation, Event, Participant, Status
from escalate.partnerships.models import (
    Agency,
    AgencyKind,
    Partnership,
    Person,
    PolicyVersion,
    RoleHolder,
)
from escalate.policy.loader import shipped_policies

# A Wednesday afternoon in term time.
NOW = dt.datetime(2025, 3, 12, 14, 30, tzinfo=ZoneInfo("Europe/London"))

# Real people the demo must never name: public figures, and children whose deaths led to
# serious case reviews.
REAL_PEOPLE = {
    "boris johnson",
    "keir starmer",
    "rishi sunak",
    "theresa may",
    "david cameron",
    "tony blair",
    "gordon brown",
    "margaret thatcher",
    "david beckham",
    "harry kane",
    "ed sheeran",
    "emma watson",
    "david attenborough",
    "victoria climbie",
    "peter connelly",
    "daniel pelka",
    "arthur labinjo-hughes",
    "star hobson",
}


def _counts() -> dict[str, int]:
    models = (Partnership, PolicyVersion, Agency, Person, RoleHolder, Escalation, Event)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["Participant"] = Participant.objects.count()
    return counts


@pytest.mark.django_db
def test_running_it_twice_changes_nothing() -> None:
    # First in the file, so it starts from an empty database, before the shared demo below.
    first = load_demo(now=NOW)
    before = _counts()
    second = load_demo(now=NOW + dt.timedelta(days=3))
    assert _counts() == before
    assert second.created_escalations == second.created_people == 0
    assert first.escalations == second.escalations
    assert len(first.sign_ins) == 25
    usernames = [sign_in.username for sign_in in first.sign_ins]
    assert Person.objects.filter(username__in=usernames, is_active=True).count() == 25


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo, loaded once for the tests that only read it, and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(now=NOW)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_five_partnerships_from_the_shipped_policies() -> None:
    policies = shipped_policies()
    assert set(Partnership.objects.values_list("slug", flat=True)) == set(policies)
    for slug, policy in policies.items():
        partnership = Partnership.objects.get(slug=slug)
        assert partnership.name == policy.partnership
        assert partnership.reference_prefix == policy.reference_prefix
        assert partnership.policy_in_force(NOW.date()).policy == policy
        kinds = set(partnership.agencies.values_list("kind", flat=True))
        assert {"school", "health", "police", "childrens-social-care", "partnership"} <= kinds
        assert 6 <= partnership.agencies.count() <= 8


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_escalations_in_every_status_some_overdue_some_at_immediate_risk() -> None:
    assert Escalation.objects.count() >= 25
    assert set(Escalation.objects.values_list("status", flat=True)) == set(Status.values)
    overdue = Escalation.objects.filter(status=Status.OPEN, next_deadline__lt=NOW)
    assert overdue.exists()
    assert Escalation.objects.filter(immediate_risk=True).count() >= 3
    for slug in ("brent", "st-helens", "bromley"):
        assert Escalation.objects.filter(partnership__slug=slug, status=Status.DECIDED).exists()
    bromley = Escalation.objects.filter(partnership__slug="bromley")
    assert bromley.filter(child_status="cp-plan").exists()
    assert bromley.filter(child_status="looked-after").exists()
    assert all(e.raised_at < NOW for e in Escalation.objects.all())
    assert not Event.objects.filter(at__gte=NOW).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_bromley_tells_the_cp_chair_and_the_iro() -> None:
    told = Participant.objects.filter(escalation__partnership__slug="bromley")
    assert told.filter(person__role_holdings__role="cp-chair").exists()
    assert told.filter(person__role_holdings__role="iro").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_lincolnshire_senior_liaison_officers_match_the_policy_table() -> None:
    policy = shipped_policies()["lincolnshire"]
    table = {entry.agency: entry.title for t in policy.counterparts for entry in t.entries}
    agencies = Agency.objects.filter(partnership__slug="lincolnshire").exclude(
        kind=AgencyKind.PARTNERSHIP
    )
    assert agencies.count() >= 5
    for agency in agencies:
        assert agency.name in table
        officers = agency.people.filter(role_holdings__role="senior-liaison-officer")
        assert [person.job_title for person in officers] == [table[agency.name]]
        assert policy.counterpart("senior-liaison-officer", agency.name) == table[agency.name]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_every_role_a_policy_names_has_a_holder() -> None:
    for slug, policy in shipped_policies().items():
        held = set(
            RoleHolder.objects.filter(person__agency__partnership__slug=slug).values_list(
                "role", flat=True
            )
        )
        parties = [p for action in policy.immediate_risk.actions for p in action.tell]
        parties += [p for note in policy.notify for p in note.to]
        for stage in policy.stages:
            parties += stage.actors
            parties += [p for step in stage.steps for p in step.who]
            parties += [p for note in stage.notify for p in note.to]
            parties += stage.decision.by if stage.decision else []
        named = {party.role for party in parties} - {"practitioner"}
        assert named <= held, (slug, named - held)
        assert {"business-manager", "partnership-chair", "partnership-administrator"} <= held


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_people_are_fictional_with_the_shared_password() -> None:
    people = Person.objects.all()
    assert 100 <= people.count() < 300
    for person in people:
        assert person.email.endswith("@example.org"), person.email
        assert person.get_full_name().lower() not in REAL_PEOPLE
    children = {name.lower() for name in Escalation.objects.values_list("child_name", flat=True)}
    assert not children & REAL_PEOPLE
    practitioner = Person.objects.get(username="brent.practitioner.school")
    assert practitioner.check_password(DEMO_PASSWORD)
    assert practitioner.line_manager == Person.objects.get(username="brent.line-manager.school")


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_the_command_prints_the_sign_ins(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo")  # on the loaded demo: nothing to add, quick
    out = capsys.readouterr().out
    assert "brent.practitioner.school" in out
    assert "st-helens.business-manager" in out
    assert DEMO_PASSWORD in out
