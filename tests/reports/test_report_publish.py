"""The report as published (page, CSV, PDF) never identifies: counts under the partnership's
threshold (default 5) are suppressed, with what is worked out from them and, where one count
alone is hidden in a column, the next smallest; typed text is withheld until an officer has
reviewed it, and again once it changes."""

from __future__ import annotations

import csv
import io

import pytest
from dataset import PERIOD, build
from ladder import signed_in
from pypdf import PdfReader

from escalate.partnerships.models import Person
from escalate.reports.board import board_report
from escalate.reports.charts import Bar
from escalate.reports.facts import facts_refresh_stale
from escalate.reports.models import LearningItem, PublishingRules
from escalate.reports.publish import LISTS, NOT_SHOWN, SHAPES, suppress_table
from escalate.reports.review import WITHHELD, texts_in
from escalate.reports.tables import Table

pytestmark = pytest.mark.django_db
THRESHOLDS = "Levels of need/thresholds"
QUERY = "start_day=1&start_month=4&start_year=2025&end_day=31&end_month=3&end_year=2026"


@pytest.fixture
def officer() -> Person:
    data = build()
    facts_refresh_stale(partnership=data.cast.partnership)
    return data.cast.officer


def csv_rows(officer: Person, key: str) -> list[list[str]]:
    response = signed_in(officer).get(f"/partnership/report/{key}.csv?{QUERY}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))[1:]


def pdf_text(officer: Person) -> str:
    pdf = signed_in(officer).get(f"/partnership/report/pdf/?{QUERY}")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)


def test_every_table_is_known_to_the_suppression(officer: Person) -> None:
    """A table added later must say which of its columns are counts."""
    report = board_report(officer.agency.partnership, PERIOD)  # type: ignore[union-attr]
    assert {t.key for t in report.tables} == set(SHAPES) | LISTS


def test_no_published_count_is_under_five(officer: Person) -> None:
    report = board_report(officer.agency.partnership, PERIOD)  # type: ignore[union-attr]
    for key, shape in SHAPES.items():
        for index, row in enumerate(csv_rows(officer, key)):
            if shape.rows is not None and index not in shape.rows:
                continue
            for column in shape.counts:
                assert row[column] not in {"1", "2", "3", "4"}, (key, row)
    # Thresholds: 3 of the 6 escalations raised (E1, E2, E6): hidden, with its share.
    thresholds = next(
        r for r in csv_rows(officer, "categories") if r[0] == "Levels of need/thresholds"
    )
    assert thresholds[1:] == ["<5", NOT_SHOWN]
    assert report.table("categories").rows[0][1] == 3  # the report's own figures stay
    comparison = {r[0]: r for r in csv_rows(officer, "comparison")}
    assert comparison["Escalations raised"][1:3] == ["6", "<5"]
    assert comparison["Escalations raised"][3] == NOT_SHOWN
    # Five resolved this period: their median is shown; one the period before: it is not.
    assert comparison["Median working days to resolution"][1:] == ["10", NOT_SHOWN, NOT_SHOWN]
    rate = comparison["Stages ended within their timescale (%)"]
    assert rate[1] == "75"  # 9 of 12 stages
    assert rate[2:] == [NOT_SHOWN, NOT_SHOWN]  # fewer than 5 stages ended the period before
    page = signed_in(officer).get(f"/partnership/report/?{QUERY}").content.decode()
    assert "6 (&lt;5 with the child at immediate risk)" in page
    assert "Fewer than 5 resolved: not shown" not in page  # 5 resolved: shown
    assert "<5" in pdf_text(officer)


def test_the_partnership_sets_the_threshold(officer: Person) -> None:
    partnership = officer.agency.partnership  # type: ignore[union-attr]
    PublishingRules.objects.create(partnership=partnership, suppress_below=0)
    thresholds = next(
        r for r in csv_rows(officer, "categories") if r[0] == "Levels of need/thresholds"
    )
    assert thresholds[1:] == ["3", "50%"]
    PublishingRules.objects.filter(partnership=partnership).update(suppress_below=10)
    comparison = {r[0]: r for r in csv_rows(officer, "comparison")}
    assert comparison["Escalations raised"][1:3] == ["<10", "<10"]


def test_one_hidden_count_in_a_column_hides_the_next_smallest_too() -> None:
    table = Table(
        "raising-agency",
        "By agency",
        ["Agency", "Escalations", "Share"],
        [["School", 10, "50%"], ["Health", 6, "30%"], ["Police", 0, "0%"], ["GP", 4, "20%"]],
        bars=[Bar("School", 10), Bar("Health", 6), Bar("Police", 0), Bar("GP", 4)],
    )
    shown = suppress_table(table, 5)
    assert shown.rows == [
        ["School", 10, "50%"],
        ["Health", "<5", NOT_SHOWN],
        ["Police", 0, "0%"],
        ["GP", "<5", NOT_SHOWN],
    ]
    assert [(b.value, b.text) for b in shown.bars or []] == [
        (10, "10"),
        (0, "<5"),
        (0, "0"),
        (0, "<5"),
    ]
    assert "Counts from 1 to 4 are shown as <5" in shown.note
    assert table.rows[1][1] == 6  # the report's own figures are untouched


def test_texts_are_withheld_until_reviewed_and_again_once_changed(officer: Person) -> None:
    client = signed_in(officer)
    decision = "Social care will assess [the child] within 5 working days."
    lesson = "Ring [the child]'s school before closing."
    listed = csv_rows(officer, "decisions") + csv_rows(officer, "learning-items")
    assert decision not in str(listed)
    assert WITHHELD in listed[0]
    assert "Social care will assess" not in pdf_text(officer)

    review = f"/partnership/report/review/?{QUERY}"
    page = client.get(review).content.decode()
    assert "5 waiting for review" in page
    assert "Social care will assess Ava Testington within 5 working days." in page
    for text in texts_in(officer.agency.partnership, PERIOD):  # type: ignore[union-attr]
        posted = {"source": text.source, "pk": text.pk, "sha256": text.sha256}
        assert client.post(review, posted).status_code == 302
    assert "Nothing is waiting for review" in client.get(review).content.decode()
    assert decision in str(csv_rows(officer, "decisions"))
    assert lesson in str(csv_rows(officer, "learning-items"))
    assert "Social care will assess" in pdf_text(officer)

    LearningItem.objects.filter(text="Ring Ava Testington's school before closing.").update(
        text="Ring the school at 12 Acacia Avenue before closing."
    )
    items = str(csv_rows(officer, "learning-items"))
    assert "Acacia" not in items
    assert WITHHELD in items


def test_the_review_page_refuses_what_it_cannot_do(officer: Person) -> None:
    client = signed_in(officer)
    review = f"/partnership/report/review/?{QUERY}"
    bad = client.post(review, {"source": "nonsense", "pk": "x"})
    assert bad.status_code == 400
    assert "Choose a text to review from the list" in bad.content.decode()
    text = texts_in(officer.agency.partnership, PERIOD)[0]  # type: ignore[union-attr]
    stale = client.post(review, {"source": text.source, "pk": text.pk, "sha256": "0" * 64})
    assert stale.status_code == 400
    assert "has changed since the page was shown" in stale.content.decode()
    posted = {"source": text.source, "pk": text.pk, "sha256": text.sha256}
    for username in ("raiser.brent", "outsider.brent"):
        other = signed_in(Person.objects.get(username=username))
        assert other.get(review).status_code == 404
        assert other.post(review, posted).status_code == 404
    # Another partnership's officer reviews their own partnership's texts, never Brent's.
    stranger = signed_in(Person.objects.get(username="stranger.brent"))
    assert "Social care will assess" not in stranger.get(review).content.decode()
    refused = stranger.post(review, posted)
    assert refused.status_code == 400
    assert "That text is not in this report" in refused.content.decode()
    assert not any(t.reviewed for t in texts_in(officer.agency.partnership, PERIOD))  # type: ignore[union-attr]
