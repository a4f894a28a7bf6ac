"""Reads never write: a gap in policy reported with the escalation page's own action joins
the chair's queue in the transaction that records it, so the officers' queue page (a GET)
shows it without writing anything."""

from __future__ import annotations

import re

import pytest
from cast import make_cast, raised_by_raiser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from escalate.reports.learning import gaps_job
from escalate.reports.models import LearningItem

pytestmark = pytest.mark.django_db
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)
GAP = "The protocol says nothing about schools in the holidays."


def test_a_gap_reported_on_the_escalation_page_is_queued_by_the_writer() -> None:
    cast = make_cast("haringey")
    escalation = raised_by_raiser(cast)
    raiser = Client()
    raiser.force_login(cast.raiser)
    answer = raiser.post(
        f"/escalations/{escalation.reference}/report-policy-gap/",
        {"text": GAP, "version": escalation.version},
    )
    assert answer.status_code == 302
    item = LearningItem.objects.get()  # written with the event, before anyone reads
    assert (item.kind, item.text, item.raised_by) == ("policy-gap", GAP, cast.raiser)
    assert item.queue == "The Independent Chair of the LSCB"

    officer = Client()
    officer.force_login(cast.officer)
    rows = LearningItem.objects.count()
    with CaptureQueriesContext(connection) as queries:
        page = officer.get("/partnership/learning/")
    assert page.status_code == 200
    assert GAP in page.content.decode()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if WRITES.match(q["sql"]) and "django_session" not in q["sql"] and "audit_" not in q["sql"]
    ]
    assert writes == []
    assert LearningItem.objects.count() == rows


def test_the_worker_queues_a_gap_the_writer_missed() -> None:
    cast = make_cast("haringey")
    escalation = raised_by_raiser(cast)
    raiser = Client()
    raiser.force_login(cast.raiser)
    raiser.post(
        f"/escalations/{escalation.reference}/report-policy-gap/",
        {"text": GAP, "version": escalation.version},
    )
    LearningItem.objects.all().delete()  # as for gaps recorded before the writer did it
    from django.utils import timezone

    assert gaps_job(now=timezone.now(), worker="w") == {"gaps queued": 1}
    assert LearningItem.objects.get().text == GAP
    assert gaps_job(now=timezone.now(), worker="w") == {"gaps queued": 0}
