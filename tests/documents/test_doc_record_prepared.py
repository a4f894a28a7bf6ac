"""The record for the child's file is made by the worker after each change, so the person who
asks for it is given it without waiting for WeasyPrint; a record that no longer says what
one made now would say (a change since, someone's details changed) is made there and then."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import make_cast, raised_by_raiser
from django.test import Client
from django.utils import timezone

from escalate.documents import services
from escalate.documents.models import IssuedDocument, PreparedRecord
from escalate.documents.prepared import case_records_job
from escalate.documents.services import document_issue_case_record
from escalate.escalations.models import Escalation
from escalate.escalations.services import escalation_act

pytestmark = pytest.mark.django_db


def note(escalation: Escalation, text: str, now: dt.datetime | None = None) -> Escalation:
    escalation.refresh_from_db()
    escalation_act(
        escalation=escalation,
        actor=escalation.raised_by,
        action="add-note",
        expected_version=escalation.version,
        text=text,
        now=now,
    )
    return Escalation.objects.get(pk=escalation.pk)


def no_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> bytes:
        raise AssertionError("the record was made while the person waited")

    monkeypatch.setattr(services, "document_render", refuse)


def ask(client: Client, reference: str) -> IssuedDocument:
    answer = client.post(f"/escalations/{reference}/documents/record/pdf/")
    assert answer.status_code == 302
    return IssuedDocument.objects.order_by("-created_at").first()  # type: ignore[return-value]


def test_the_button_gives_the_record_the_worker_made(monkeypatch: pytest.MonkeyPatch) -> None:
    cast = make_cast("brent")
    escalation = note(raised_by_raiser(cast), "Rang the social worker: no answer.")
    assert PreparedRecord.objects.get(escalation=escalation).wanted_since is not None
    assert case_records_job(now=timezone.now(), worker="w") == {"records made": 1, "errors": 0}
    prepared = PreparedRecord.objects.get(escalation=escalation)
    assert (prepared.wanted_since, prepared.covers_sequence) == (None, escalation.version)

    no_rendering(monkeypatch)
    client = Client()
    client.force_login(cast.raiser)
    issued = ask(client, escalation.reference)
    assert bytes(issued.content) == bytes(prepared.content)
    assert issued.event.actor == cast.raiser  # who asked for it, on the timeline
    assert issued.fields["made_by"] == "Escalate"
    download = client.get(f"/escalations/{escalation.reference}/documents/{issued.pk}/download/")
    assert download.content == bytes(prepared.content)
    assert download.content.startswith(b"%PDF")
    # The record's own issue wants no new record, and asking again gives the same one.
    assert PreparedRecord.objects.get(escalation=escalation).wanted_since is None
    assert ask(client, escalation.reference).pk == issued.pk


def test_a_change_since_the_worker_made_it_is_in_the_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    case_records_job(now=timezone.now(), worker="w")
    escalation = note(escalation, "The visit is booked for Friday.")
    client = Client()
    client.force_login(cast.raiser)
    issued = ask(client, escalation.reference)  # made there and then, for the raiser
    assert issued.fields["made_by"].startswith(cast.raiser.display_name)
    assert "The visit is booked for Friday." in str(issued.fields["events"])
    # Nothing left for the worker to make: the issued record is current.
    assert case_records_job(now=timezone.now(), worker="w")["records made"] == 0


def test_details_changed_since_it_was_made_are_in_the_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    case_records_job(now=timezone.now(), worker="w")
    stale = PreparedRecord.objects.get(escalation=escalation)
    cast.raiser.job_title = "Deputy Head"  # no event: the directory changed
    cast.raiser.save()
    issued = document_issue_case_record(escalation=escalation, requester=cast.raiser)
    assert "Deputy Head" in issued.fields["raised_by"]
    assert "Deputy Head" not in stale.fields["raised_by"]
    assert bytes(issued.content) != bytes(stale.content)
