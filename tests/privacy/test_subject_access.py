"""Subject access: the export holds everything about one child, across the partnership's
escalations, and nothing about another child (nor the same name in another partnership);
third parties' details are marked for review; each export is logged without the child's
details; only officers may make one."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from cast import make_cast, person
from ladder import act, at, raise_one, signed_in
from pypdf import PdfReader

from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.partnerships.models import Agency, Person
from escalate.privacy.access import THIRD_PARTY, TYPED, search_key
from escalate.privacy.models import SubjectAccessExport
from escalate.reports.learning import learning_record

pytestmark = pytest.mark.django_db
PAGE = "/partnership/data-protection/subject-access/"
AVA = {"name": "  ava   TESTINGTON ", "day": "4", "month": "5", "year": "2016"}


@pytest.fixture
def world() -> dict[str, Escalation]:
    cast = make_cast("brent")
    first = act(raise_one(cast, now=at(2025, 6, 2)), cast.raiser, "resolve", at(2025, 6, 4))
    second = raise_one(cast, now=at(2025, 9, 1), receiving=cast.health)
    Escalation.objects.filter(pk=second.pk).update(
        child_reference="RF-778812", parents_carers="Jane Testington (mother)"
    )
    second.refresh_from_db()
    learning_record(
        escalation=second,
        actor=cast.raiser,
        kind="lesson",
        text="Ava's school and the health visitor should share plans.",
        expected_version=second.version,
        now=at(2025, 9, 2),
    )
    ben = raise_one(cast, now=at(2025, 7, 1), child_name="Ben Otherchild")
    act(ben, cast.raiser, "add-note", at(2025, 7, 2), text="Ben's grandmother Mrs Zebedee called.")
    twin = raise_one(cast, now=at(2025, 7, 3), child_name="Ava Testington")
    Escalation.objects.filter(pk=twin.pk).update(child_date_of_birth=dt.date(2017, 1, 1))
    far = cast.stranger.agency.partnership  # type: ignore[union-attr]
    school = Agency.objects.create(partnership=far, name="Far school", kind="school")
    care = Agency.objects.create(partnership=far, name="Far care", kind="childrens-social-care")
    elsewhere = escalation_raise(
        raiser=person("far.teacher", school, "practitioner"),
        receiving_agency=care,
        child_name="Ava Testington",
        child_date_of_birth=dt.date(2016, 5, 4),
        child_status="none",
        categories=["threshold"],
        disagreement="Haringey's own disagreement.",
        outcome_wanted="y",
        immediate_risk=False,
        now=at(2025, 6, 2),
    )
    return {"first": first, "second": second, "ben": ben, "twin": twin, "far": elsewhere}


def test_the_export_holds_everything_about_one_child_and_nothing_about_another(
    world: dict[str, Escalation],
) -> None:
    officer = signed_in(Person.objects.get(username="officer.brent"))
    found = officer.post(PAGE, AVA).content.decode()
    assert world["first"].reference in found
    assert world["second"].reference in found
    for other in ("ben", "twin", "far"):
        assert world[other].reference not in found

    response = officer.post(PAGE, {**AVA, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    content = json.loads(response.content)
    text = response.content.decode()
    assert [e["reference"] for e in content["escalations"]] == [
        world["first"].reference,
        world["second"].reference,
    ]
    for wanted in (
        "RF-778812",
        "Jane Testington (mother)",
        "The referral was closed without a visit.",
        "Ava's school and the health visitor should share plans.",
        "4 May 2016",
    ):
        assert wanted in text, wanted
    for unwanted in ("Ben", "Otherchild", "Zebedee", "Haringey's own", "1 January 2017"):
        assert unwanted not in text, unwanted
    second = content["escalations"][1]
    marked = {f["label"]: f["review"] for f in second["summary"]}
    assert marked["Parents or carers"] == THIRD_PARTY
    assert marked["Raised by"] == THIRD_PARTY
    assert marked["The disagreement"] == TYPED
    assert marked["Child's name"] == ""
    history = second["records"]["History (every event)"]
    assert len(history) == Escalation.objects.get(pk=world["second"].pk).version
    assert content["to_review"] > 0

    pdf = officer.post(PAGE, {**AVA, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    pages = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(pages.split())
    assert "RF-778812" in flat
    assert "Review: Names a third party" in flat
    assert world["second"].reference in flat
    for unwanted in ("Otherchild", "Zebedee", "Haringey's own"):
        assert unwanted not in flat

    logged = list(SubjectAccessExport.objects.order_by("at").values_list("format", "references"))
    refs = [world["first"].reference, world["second"].reference]
    assert logged == [("json", refs), ("pdf", refs)]
    key = SubjectAccessExport.objects.values_list("search_key", flat=True).first()
    assert key == search_key("Ava Testington", dt.date(2016, 5, 4))
    assert "Ava" not in str(list(SubjectAccessExport.objects.values()))


def test_bad_input_is_explained_and_nothing_is_exported(world: dict[str, Escalation]) -> None:
    officer = signed_in(Person.objects.get(username="officer.brent"))
    response = officer.post(PAGE, {"name": "", "day": "31", "month": "2", "year": "2016"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the child&#39;s full name" in page
    assert "The date of birth must be a real date" in page
    response = officer.post(PAGE, {"name": "Ava Testington", "format": "json"})
    assert "Enter the date of birth" in response.content.decode()
    assert not SubjectAccessExport.objects.exists()


def test_the_first_view_asks_for_the_child_and_offers_nothing_to_download(
    world: dict[str, Escalation],
) -> None:
    page = signed_in(Person.objects.get(username="officer.brent")).get(PAGE).content.decode()
    assert "Find the child's escalations" in page
    assert "No escalation in your partnership" not in page
    assert "Download the export" not in page


def test_only_officers_may_export(world: dict[str, Escalation]) -> None:
    for username in ("raiser.brent", "manager.brent", "outsider.brent"):
        client = signed_in(Person.objects.get(username=username))
        assert client.get(PAGE).status_code == 404
        assert client.post(PAGE, {**AVA, "format": "json"}).status_code == 404
    stranger = signed_in(Person.objects.get(username="stranger.brent"))
    exported = json.loads(stranger.post(PAGE, {**AVA, "format": "json"}).content)
    assert [e["reference"] for e in exported["escalations"]] == [world["far"].reference]
