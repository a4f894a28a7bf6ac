"""Item 9 of issue 15: the business manager convenes a panel from the directory, with the
demo's own people: each agency's role holders are offered under the agency's name, and an
agency with nobody in the role the policy names says so and who can add one."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import Client

from escalate.demo.load import DEMO_PASSWORD, load_demo
from escalate.escalations.models import Escalation
from escalate.notifications.models import Notification
from escalate.partnerships.models import AgencyKind, Partnership, Person, RoleHolder
from escalate.reports import membership
from escalate.reports.models import Meeting

NOW = dt.datetime(2025, 3, 12, 14, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(now=NOW)
        yield
        transaction.set_rollback(True)


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def text(response: Any) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(body.split())


def brent_at_panel() -> Escalation:
    return Escalation.objects.get(
        partnership__slug="brent", status="open", current_stage="resolution-panel"
    )


def groups(response: Any) -> dict[str, list[str]]:
    """The members offered, under each agency's heading."""
    page = html.unescape(response.content.decode())
    found: dict[str, list[str]] = {}
    for block in re.findall(r'<div class="member-agency">(.*?)</div><!-- agency -->', page, re.S):
        agency = re.search(r'<h3 class="govuk-heading-s">(.*?)</h3>', block, re.S)
        assert agency is not None
        labels = re.findall(r'govuk-checkboxes__label"[^>]*>(.*?)</label>', block, re.S)
        found[" ".join(agency.group(1).split())] = [" ".join(label.split()) for label in labels]
    return found


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_the_business_manager_convenes_the_brent_panel_from_each_agencys_board_member() -> None:
    escalation = brent_at_panel()
    client = signed_in("brent.business-manager")
    url = f"/escalations/{escalation.reference}/meeting/convene/"
    page = client.get(url)
    assert page.status_code == 200
    offered = groups(page)
    agencies = escalation.partnership.agencies.exclude(kind=AgencyKind.PARTNERSHIP)
    assert set(offered) >= {agency.name for agency in agencies}
    for agency in agencies:
        member = Person.objects.get(agency=agency, role_holdings__role="board-member")
        assert [label.split(",")[0] for label in offered[agency.name]] == [member.display_name]
    third = agencies.exclude(
        pk__in=[escalation.raising_agency_id, escalation.receiving_agency_id]
    ).first()
    assert third is not None
    chosen = [
        Person.objects.get(agency=agency, role_holdings__role="board-member")
        for agency in (escalation.raising_agency, escalation.receiving_agency, third)
    ]
    response = client.post(
        url,
        {
            "version": escalation.version,
            "members": [p.pk for p in chosen],
            "chair": chosen[2].pk,
            "day": "19",
            "month": "3",
            "year": "2025",
            "time": "14:00",
            "place": "Brent Civic Centre, committee room 2",
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    meeting = Meeting.objects.get(escalation=escalation)
    assert {m.person_id for m in meeting.members.all()} == {p.pk for p in chosen}
    page = text(client.get(response["Location"]))
    for member in chosen:
        assert member.display_name in page
        assert Notification.objects.filter(
            recipient=member, key=f"meeting-convened:{meeting.pk}"
        ).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_an_agency_with_nobody_in_the_role_says_so_and_who_can_add_one() -> None:
    escalation = brent_at_panel()
    school = escalation.partnership.agencies.get(kind=AgencyKind.SCHOOL)
    RoleHolder.objects.filter(person__agency=school, role="board-member").delete()
    page = signed_in("brent.business-manager").get(
        f"/escalations/{escalation.reference}/meeting/convene/"
    )
    assert school.name not in groups(page)
    administrator = Person.objects.get(username="brent.partnership-administrator")
    role = escalation.policy_version.policy.role_label("board-member")
    assert (
        f"Nobody at {school.name} is in the directory as a {role}. "
        f"{administrator.display_name} (partnership administrator) can add one"
    ) in text(page)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_every_demo_panel_has_a_member_from_each_agency_in_the_directory() -> None:
    for partnership in Partnership.objects.all():
        policy = partnership.policy_versions.get().policy
        escalation = Escalation.objects.filter(partnership=partnership).first()
        assert escalation is not None
        for stage in policy.stages:
            spec = stage.meeting
            if spec is None:
                continue
            found = membership.candidates(escalation, spec)
            agencies = {c.agency.pk for c in found if c.agency.kind != AgencyKind.PARTNERSHIP}
            front_line = partnership.agencies.exclude(kind=AgencyKind.PARTNERSHIP)
            if any(
                r in {"board-member", "senior-manager", "head-of-service"}
                for r in spec.membership.members
            ):
                assert agencies == set(front_line.values_list("pk", flat=True)), (
                    partnership.slug,
                    stage.key,
                )
            else:
                assert found, (partnership.slug, stage.key)
