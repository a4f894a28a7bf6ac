"""What every page shows about the signed-in person comes with them, in their one query: the
unread count (up to 99+), whether they manage anyone (home's filters), and which policy
versions their partnership has (home's stage titles and filter). Each is still right on the
next page after it changes: a notification read, someone new reporting to them, a new
version published (in any process: the page reads no stored answer past a change)."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest
from budget import queries_for
from cast import make_cast, person
from django.utils import timezone
from test_budget_lists import notifications_for
from test_pages import page_text, raise_escalation, signed_in

from escalate.notifications.models import Channel, Notification
from escalate.partnerships.models import Person, PolicyVersion

pytestmark = pytest.mark.django_db

BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text()
STAGE_ONE = "Stage One – Involving your Line manager"


def unread_shown(html: str) -> str | None:
    found = re.search(r'([0-9+]+)<span class="govuk-visually-hidden"> unread', html)
    return found.group(1) if found else None


def beyond_the_person(queries: list[str]) -> list[str]:
    """The page's queries other than the session's and the signed-in person's."""
    return [
        sql
        for sql in queries
        if not sql.startswith('SELECT "django_session"')
        and not sql.startswith(
            'SELECT "partnerships_person"."id", "partnerships_person"."password"'
        )
    ]


def test_every_fact_comes_with_the_person_and_no_page_asks_again() -> None:
    cast = make_cast("brent")
    raise_escalation(cast)
    for who in (cast.raiser, cast.manager, cast.officer):
        for url in ("/", "/notifications/"):
            rest = beyond_the_person(queries_for(signed_in(who), url))
            assert not [q for q in rest if '"read_at" IS NULL' in q]
            assert not [q for q in rest if '"line_manager_id" =' in q]
            assert not [q for q in rest if 'FROM "partnerships_policyversion"' in q]


def test_marking_read_shows_the_new_count_on_the_next_page() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    Notification.objects.filter(recipient=cast.raiser).delete()
    notifications_for(cast.raiser, escalation, 3, channel=Channel.APP)
    client = signed_in(cast.raiser)
    assert unread_shown(page_text(client, "/")) == "3"
    one = Notification.objects.filter(recipient=cast.raiser).order_by("pk").first()
    assert one is not None
    answer = client.post("/notifications/read/", {"notification": one.pk}, follow=True)
    assert unread_shown(answer.content.decode()) == "2"
    assert unread_shown(page_text(client, "/")) == "2"
    client.post("/notifications/read/")
    assert unread_shown(page_text(client, "/")) is None
    notifications_for(cast.raiser, escalation, 150, channel=Channel.APP)
    assert unread_shown(page_text(client, "/")) == "99+"  # 147 unread: counted up to 100


def test_someone_who_starts_managing_gets_the_filters_on_the_next_page() -> None:
    cast = make_cast("brent")
    raise_escalation(cast)
    client = signed_in(cast.colleague)
    assert 'name="stage"' not in page_text(client, "/")
    Person.objects.filter(pk=cast.outsider.pk).update(line_manager=cast.colleague)
    assert 'name="stage"' in page_text(client, "/")
    Person.objects.filter(pk=cast.outsider.pk).update(line_manager=None)
    assert 'name="stage"' not in page_text(client, "/")


def publish(cast_partnership: object, version: str, title: str, effective: dt.date) -> None:
    """A version as the upload page keeps it: straight to the database, as another process
    would, so nothing in this one is told."""
    text = BRENT.replace('version: "2"', f'version: "{version}"', 1).replace(STAGE_ONE, title, 1)
    PolicyVersion.objects.create(
        partnership=cast_partnership, version=version, effective_date=effective, text=text
    )


def stage_options(html: str) -> list[str]:
    select = html[html.index('name="stage"') :]
    select = select[: select.index("</select>")]
    return re.findall(r"<option[^>]*>([^<]+)</option>", select)


def test_a_new_version_changes_the_pages_as_soon_as_it_is_in_force() -> None:
    cast = make_cast("brent")
    escalation = raise_escalation(cast)
    client = signed_in(cast.officer)
    first = page_text(client, "/")
    assert STAGE_ONE in stage_options(first)
    assert STAGE_ONE in first  # the escalation's row: its own version's title

    today = timezone.localdate()
    publish(cast.partnership, "3", "Stage One – Your line manager", today)
    now = page_text(client, "/")
    assert "Stage One – Your line manager" in stage_options(now)
    assert STAGE_ONE not in stage_options(now)
    row = now[now.index(escalation.reference) :]
    assert row.index(STAGE_ONE) < row.index("</tr>")  # raised under version 2: still its title

    publish(cast.partnership, "4", "Stage One – Not yet", today + dt.timedelta(days=30))
    later = page_text(client, "/")
    assert "Stage One – Your line manager" in stage_options(later)  # the one in force
    assert "Stage One – Not yet" not in stage_options(later)

    PolicyVersion.objects.filter(version="3", partnership=cast.partnership).delete()
    assert STAGE_ONE in stage_options(page_text(client, "/"))


def test_an_escalation_of_another_partnership_is_titled_from_its_own_version() -> None:
    cast = make_cast("brent")
    elsewhere = make_cast("haringey")
    theirs = raise_escalation(elsewhere)
    visiting = person("visiting.brent", cast.school, "practitioner")
    theirs.participants.create(
        person=visiting, agency=cast.school, reason="Asked to help", acts=False
    )
    html = page_text(signed_in(visiting), "/")
    row = html[html.index(theirs.reference) :]
    title = theirs.policy_version.policy.stage(theirs.current_stage).title
    assert row.index(title.replace("'", "&#x27;")) < row.index("</tr>")
