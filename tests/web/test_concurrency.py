"""Two people acting on one escalation at the same moment: the first wins, the second is told
what changed and loses nothing they typed."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from typing import Any

import pytest
from cast import PASSWORD, make_cast, raised_by_raiser
from django.db import connection
from django.test import Client
from django.utils import timezone

from escalate.escalations.models import Escalation, Event
from escalate.escalations.services import ConcurrentChange, escalation_act
from escalate.partnerships.models import Person

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks (SELECT ... FOR UPDATE) and serialises "
    "writers, so it cannot show two transactions racing. Run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
)


def at_once(*jobs: Callable[[], Any]) -> list[Any]:
    """Run each job in its own thread, all released together; each result or exception."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(position: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[position] = job()
        except Exception as error:  # handed to the test, which fails on anything unexpected
            results[position] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(position, job)) for position, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a thread is stuck (a lock never released?)"
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_people_escalating_at_once_make_one_escalated_event(attempt: int) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    assert escalation.version == 1

    def escalate(actor: Person) -> Callable[[], Event]:
        stale = Escalation.objects.get(pk=escalation.pk)
        return lambda: escalation_act(
            escalation=stale,
            actor=actor,
            action="escalate",
            expected_version=1,
            text=f"Escalated by {actor.username}",
        )

    results = at_once(escalate(cast.raiser), escalate(cast.manager))
    won = [r for r in results if isinstance(r, Event)]
    lost = [r for r in results if isinstance(r, ConcurrentChange)]
    assert (len(won), len(lost)) == (1, 1), results
    assert Event.objects.filter(escalation=escalation, kind="escalated").count() == 1
    [winner] = won
    assert [(e.pk, e.kind, e.sequence) for e in lost[0].events] == [(winner.pk, "escalated", 2)]
    escalation.refresh_from_db()
    assert (escalation.version, escalation.current_stage) == (2, "other-worker")
    assert list(escalation.events.values_list("sequence", flat=True)) == [1, 2]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_raisers_at_once_get_different_references() -> None:
    cast = make_cast("brent")
    results = at_once(
        lambda: raised_by_raiser(cast), lambda: raised_by_raiser(cast, raiser=cast.colleague)
    )
    assert all(isinstance(r, Escalation) for r in results), results
    year = timezone.localdate().year
    assert sorted(r.reference for r in results) == [f"BRE-{year}-0001", f"BRE-{year}-0002"]


@pytest.mark.django_db
def test_submitting_the_escalate_form_twice_shows_what_changed_and_keeps_the_text() -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    client = Client()
    assert client.login(username=cast.raiser.username, password=PASSWORD)
    url = f"/escalations/{escalation.reference}/escalate/"
    typed = "Stage One did not resolve it: the referral is still closed."
    first = client.post(url, {"version": 1, "text": typed})
    assert first.status_code == 302

    second = client.post(url, {"version": 1, "text": typed})
    assert second.status_code == 200
    shown = html.unescape(second.content.decode())
    assert "This escalation changed while you were working on it" in shown
    assert "Nothing you wrote has been lost" in shown
    assert f"Escalated by {cast.raiser.display_name}" in shown
    assert f">{typed}</textarea>" in shown
    assert 'name="version" value="2"' in shown
    assert Event.objects.filter(escalation=escalation, kind="escalated").count() == 1
    escalation.refresh_from_db()
    assert (escalation.version, escalation.current_stage) == (2, "other-worker")

    # Having read what changed, they may submit again: it now goes on from the new stage.
    third = client.post(url, {"version": 2, "text": typed})
    assert third.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.version, escalation.current_stage) == (3, "line-managers")
