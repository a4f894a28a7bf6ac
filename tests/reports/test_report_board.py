"""The report to the Board: every figure against a data set whose answers are known by
construction (see dataset.py), the comparison with the period before, CSV and PDF, no child
named anywhere, and only the partnership's officers may see it."""

from __future__ import annotations

import csv
import io

import pytest
from dataset import CHILD, PERIOD, build
from ladder import signed_in
from pypdf import PdfReader

from escalate.partnerships.models import Person
from escalate.reports.board import BoardReport, board_report
from escalate.reports.facts import facts_refresh_stale, stale
from escalate.reports.review import WITHHELD, text_review, texts_in
from escalate.reports.tables import Cell

pytestmark = pytest.mark.django_db

QUERY = "start_day=1&start_month=4&start_year=2025&end_day=31&end_month=3&end_year=2026"


@pytest.fixture
def report() -> BoardReport:
    data = build()
    assert facts_refresh_stale(partnership=data.cast.partnership) == 0
    assert not stale(data.cast.partnership).exists()
    return board_report(data.cast.partnership, PERIOD)


def rows(report: BoardReport, key: str) -> list[list[Cell]]:
    return report.table(key).rows


def test_headline_figures(report: BoardReport) -> None:
    now, before = report.now, report.before
    assert (now.raised, now.immediate_risk) == (6, 1)
    assert (now.resolved, now.decided, now.withdrawn, now.open_at_end) == (5, 1, 1, 1)
    spread = now.spread
    assert (spread.count, spread.median, spread.lower_quartile, spread.upper_quartile) == (
        5,
        10.0,
        2.0,
        11.0,
    )
    assert (spread.fastest, spread.slowest) == (1, 21)
    assert (now.stages_met, now.stages_missed, now.stages_untimed) == (9, 3, 1)
    assert (now.meetings_held, now.binding_decisions) == (1, 1)
    assert (now.lessons, now.training_needs, now.policy_gaps, now.answered) == (1, 1, 1, 1)
    assert (before.raised, before.resolved, before.open_at_end, before.spread.median) == (
        2,
        1,
        1,
        3.0,
    )
    assert (before.stages_met, before.stages_missed, before.lessons) == (1, 0, 1)


def test_comparison_with_the_period_before(report: BoardReport) -> None:
    assert report.previous.label == "1 April 2024 to 31 March 2025"
    assert rows(report, "comparison") == [
        ["Escalations raised", "6", "2", "+4"],
        ["Raised with the child at immediate risk", "1", "0", "+1"],
        ["Resolved (including by a final decision)", "5", "1", "+4"],
        ["Ended by a final binding decision", "1", "0", "+1"],
        ["Withdrawn", "1", "0", "+1"],
        ["Still open at the end of the period", "1", "1", "No change"],
        ["Median working days to resolution", "10", "3", "+7 days"],
        ["Stages ended within their timescale (%)", "75", "100", "−25 points"],
        ["Meetings and panels held", "1", "0", "+1"],
        ["Lessons learnt recorded", "1", "1", "No change"],
        ["Training needs recorded", "1", "0", "+1"],
        ["Gaps in policy or procedure reported", "1", "0", "+1"],
    ]


def test_by_category_and_agency(report: BoardReport) -> None:
    assert rows(report, "categories") == [
        ["Levels of need/thresholds", 3, "50%"],
        ["Roles and responsibilities", 1, "17%"],
        ["Progressing plans", 1, "17%"],
        ["Communication", 2, "33%"],
    ]
    assert rows(report, "raising-agency") == [
        ["Oakfield Primary School", 5, "83%"],
        ["Community Health", 1, "17%"],
    ]
    assert rows(report, "receiving-agency") == [
        ["Children's Social Care", 4, "67%"],
        ["Community Health", 1, "17%"],
        ["Oakfield Primary School", 1, "17%"],
    ]
    assert rows(report, "agency-pairs") == [
        ["Oakfield Primary School", "Children's Social Care", 4, "67%"],
        ["Community Health", "Oakfield Primary School", 1, "17%"],
        ["Oakfield Primary School", "Community Health", 1, "17%"],
    ]


def test_by_stage_and_timescales(report: BoardReport) -> None:
    titles = [
        "Stage One – Involving your Line manager",
        "Stage Two – involving the worker from other agency/service",
        "Stage Three – Escalate Line Manager to Line Manager",
        "Stage Four – Escalate to named/designated safeguarding leads or senior operational "
        "manager",
        "Stage Five – Involving the Local Safeguarding Board (LSCB)",
    ]
    reached = [2, 3, 0, 0, 1]
    assert [r[:2] for r in rows(report, "stage-reached")] == [
        [t, n] for t, n in zip(titles, reached, strict=True)
    ]
    resolved = [2, 2, 0, 0, 1]
    assert [r[:2] for r in rows(report, "stage-resolved")] == [
        [t, n] for t, n in zip(titles, resolved, strict=True)
    ]
    assert rows(report, "timescales") == [
        [titles[0], 7, 6, 1, 0, "86%"],
        [titles[1], 3, 1, 2, 0, "33%"],
        [titles[2], 1, 1, 0, 0, "100%"],
        [titles[3], 1, 1, 0, 0, "100%"],
        [titles[4], 1, 0, 0, 1, "–"],
    ]


def test_time_to_resolution_and_immediate_risk(report: BoardReport) -> None:
    assert rows(report, "resolution-summary") == [
        ["Resolved in the period", 5],
        ["Median", "10"],
        ["Lower quartile", "2"],
        ["Upper quartile", "11"],
        ["Fastest", "1"],
        ["Slowest", "21"],
    ]
    assert [r[:2] for r in rows(report, "resolution")] == [
        ["0 to 1 working days", 1],
        ["2 to 5 working days", 1],
        ["6 to 10 working days", 1],
        ["11 to 20 working days", 1],
        ["More than 20 working days", 1],
    ]
    assert rows(report, "immediate-risk") == [
        ["At immediate risk", 1, 1, "1"],
        ["Not at immediate risk", 5, 4, "10.5"],
    ]


def test_months(report: BoardReport) -> None:
    months = {r[0]: (int(r[1] or 0), int(r[2] or 0)) for r in rows(report, "months")}
    assert len(months) == 12
    assert months["Apr 2025"] == (0, 1)
    assert months["Jun 2025"] == (1, 1)
    assert months["Oct 2025"] == (1, 1)
    assert months["Nov 2025"] == (1, 0)
    assert months["Mar 2026"] == (1, 0)
    assert sum(raised for raised, _ in months.values()) == 6
    assert sum(resolved for _, resolved in months.values()) == 5


def test_panels_and_learning_with_answers(report: BoardReport) -> None:
    # Texts are withheld until an officer has reviewed them (reports/review.py).
    assert rows(report, "decisions")[0][3] == WITHHELD
    assert {r[3] for r in rows(report, "learning-items")} == {WITHHELD}
    partnership = report.partnership
    officer = Person.objects.get(username="officer.brent")
    for text in texts_in(partnership, PERIOD):
        text_review(
            partnership=partnership,
            by=officer,
            source=text.source,
            pk=text.pk,
            sha256=text.sha256,
            period=PERIOD,
        )
    report = board_report(partnership, PERIOD)
    assert rows(report, "meetings") == [["LSCB Resolution Panel", 1, 1, 1]]
    reference = report.table("decisions").rows[0][0]
    assert str(reference).startswith("BRE-2025-")
    assert rows(report, "decisions")[0][1:] == [
        "15 Oct 2025",
        "LSCB Resolution Panel",
        "Social care will assess [the child] within 5 working days.",
        "Binding",
    ]
    assert rows(report, "learning") == [
        ["Lesson learnt", 1, 1, 0],
        ["Training need", 1, 0, 1],
        ["Gap in policy or procedure", 1, 0, 1],
    ]
    listed = [r[1:] for r in rows(report, "learning-items")]
    assert listed == [
        [
            "Lesson learnt",
            "The business manager, for the report to the Board",
            "Ring [the child]'s school before closing.",
            "Answered",
            "Agreed; [the child]'s case shows why.",
        ],
        [
            "Training need",
            "The partnership's training lead (the business manager until one is named)",
            "Thresholds training.",
            "Open",
            "Not answered yet",
        ],
        [
            "Gap in policy or procedure",
            "The Chair of the LSCB",
            "Nothing on panels in August.",
            "Open",
            "Not answered yet",
        ],
    ]


def _no_child(text: str) -> None:
    for part in (CHILD, "Ava", "Testington", "Far Child"):
        assert part.lower() not in text.lower(), part


def test_page_csv_and_pdf_never_name_the_child(report: BoardReport) -> None:
    officer = signed_in(Person.objects.get(username="officer.brent"))
    page = officer.get(f"/partnership/report/?{QUERY}")
    assert page.status_code == 200
    html = page.content.decode()
    _no_child(html)
    assert "Report to the Board: 1 April 2025 to 31 March 2026" in html
    assert html.count("<svg") >= 10
    for table in report.tables:
        response = officer.get(f"/partnership/report/{table.key}.csv?{QUERY}")
        assert response.status_code == 200, table.key
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode()
        _no_child(text)
        parsed = list(csv.reader(io.StringIO(text)))
        assert parsed[0] == table.columns
        assert len(parsed) == len(table.rows) + 1
    pdf = officer.get(f"/partnership/report/pdf/?{QUERY}")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    _no_child(text)
    assert "Report to the Board" in text
    assert "LSCB Resolution Panel" in text


def test_only_the_partnerships_officers_see_the_report() -> None:
    data = build()
    cast = data.cast
    for someone in (cast.raiser, cast.manager, cast.dsl, cast.outsider, cast.stranger):
        client = signed_in(someone)
        for url in (
            "/partnership/report/",
            "/partnership/report/categories.csv",
            "/partnership/report/pdf/",
            "/partnership/dashboard/",
        ):
            response = client.get(url)
            if someone is cast.stranger and response.status_code == 200:
                # Another partnership's officer sees only their own partnership's report.
                assert b"Oakfield" not in response.content
                continue
            assert response.status_code == 404, (someone, url)
    for officer in (cast.officer, cast.chair):
        assert signed_in(officer).get("/partnership/report/").status_code == 200
    assert signed_in(cast.officer).get("/partnership/report/nothing.csv").status_code == 404


def test_a_wrong_period_is_explained_and_the_default_is_a_year() -> None:
    data = build()
    client = signed_in(data.cast.officer)
    page = client.get("/partnership/report/?start_day=31&start_month=2&start_year=2025")
    text = page.content.decode()
    assert "The first day of the period must be a real date, like 27 3 2026" in text
    assert "Enter the last day" in text
    page = client.get(
        "/partnership/report/?start_day=1&start_month=4&start_year=2026&end_day=1&end_month=1"
        "&end_year=2026"
    )
    assert "The last day must be the same as or after the first" in page.content.decode()
