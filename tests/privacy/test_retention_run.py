"""A retention run anonymises exactly the escalations past their date: closed, the longer of
their two agencies' periods gone by, and not on legal hold; nothing else. The Board report
adds up the same afterwards."""

from __future__ import annotations

import pytest
from dataset import PERIOD, Data, build
from ladder import at

from escalate.escalations.models import Escalation, Event
from escalate.privacy.erase import ERASED
from escalate.privacy.holds import hold_place, hold_release
from escalate.privacy.models import Anonymisation, EventUnlock, RetentionDue
from escalate.privacy.retention import retention_job, settings_update
from escalate.reports.board import board_report
from escalate.reports.facts import facts_refresh, facts_refresh_stale
from escalate.reports.tables import Cell
from escalate.worker.jobs import JOBS

pytestmark = pytest.mark.django_db

# Tables whose rows are typed text (decisions, lessons): compared by their number of rows.
LISTS = {"decisions", "learning-items"}


@pytest.fixture
def data() -> Data:
    data = build()
    assert facts_refresh_stale(partnership=data.cast.partnership) == 0
    return data


def anonymised(data: Data) -> set[str]:
    names = {e.pk: key for key, e in data.escalations.items()}
    return {names[pk] for pk in Anonymisation.objects.values_list("escalation_id", flat=True)}


def tables(data: Data) -> dict[str, list[list[Cell]]]:
    report = board_report(data.cast.partnership, PERIOD)
    return {t.key: (t.rows if t.key not in LISTS else [[len(t.rows)]]) for t in report.tables}


def test_the_worker_runs_the_retention_job() -> None:
    assert "retention" in [job.name for job in JOBS]


def test_default_period_anonymises_exactly_those_closed_long_enough(data: Data) -> None:
    settings_update(
        partnership=data.cast.partnership,
        by=data.cast.officer,
        retention_years=1,
        suppress_below=5,
        overrides={},
    )
    # A year after 1 Aug 2025: E7 (closed Oct 2024), E8 (Apr 2025), E1 (Jun 2025), E2 (Jul
    # 2025) are past their date; E3 (Sep 2025), E4 (Oct), E5 (Nov) are not; E6 is open.
    retention_job(now=at(2026, 8, 1), worker="test")
    assert anonymised(data) == {"E7", "E8", "E1", "E2"}
    # Another partnership's escalation (still open) is untouched, and so is the rest.
    for key in ("E3", "E4", "E5", "E6"):
        escalation = Escalation.objects.get(pk=data.escalations[key].pk)
        assert escalation.child_name == "Ava Testington"
        assert escalation.disagreement != ERASED
    assert Escalation.objects.filter(child_name="Far Child").exists()


def test_an_override_for_an_agency_kind_keeps_its_escalations_longer(data: Data) -> None:
    settings_update(
        partnership=data.cast.partnership,
        by=data.cast.officer,
        retention_years=1,
        suppress_below=5,
        overrides={"childrens-social-care": 3},
    )
    # E3 (health -> school) and E5 (school -> health) are kept a year; all the others
    # involve children's social care, kept three.
    retention_job(now=at(2026, 12, 1), worker="test")
    assert anonymised(data) == {"E3", "E5"}
    due = RetentionDue.objects.get(escalation=data.escalations["E1"])
    assert due.years == 3
    assert due.because == "Children's Social Care is children's social care: kept 3 years"


def test_nothing_on_legal_hold_is_anonymised_until_the_hold_is_released(data: Data) -> None:
    settings_update(
        partnership=data.cast.partnership,
        by=data.cast.officer,
        retention_years=1,
        suppress_below=5,
        overrides={},
    )
    hold = hold_place(
        escalation=data.escalations["E2"], by=data.cast.officer, reason="A practice review."
    )
    retention_job(now=at(2026, 8, 1), worker="test")
    assert anonymised(data) == {"E7", "E8", "E1"}
    hold_release(hold=hold, by=data.cast.officer)
    retention_job(now=at(2026, 8, 2), worker="test")
    assert anonymised(data) == {"E7", "E8", "E1", "E2"}


def test_the_board_report_adds_up_the_same_afterwards(data: Data) -> None:
    before = tables(data)
    settings_update(
        partnership=data.cast.partnership,
        by=data.cast.officer,
        retention_years=1,
        suppress_below=5,
        overrides={},
    )
    counts = retention_job(now=at(2027, 1, 1), worker="test")
    assert counts["anonymised"] == 7
    assert counts["errors"] == 0
    assert tables(data) == before
    # Worked out again from the anonymised events, the facts are still the same.
    for escalation in Escalation.objects.filter(partnership=data.cast.partnership):
        facts_refresh(escalation=escalation)
    assert tables(data) == before


def test_the_record_says_what_was_done_and_the_guard_is_back(data: Data) -> None:
    settings_update(
        partnership=data.cast.partnership,
        by=data.cast.officer,
        retention_years=1,
        suppress_below=5,
        overrides={},
    )
    retention_job(now=at(2026, 8, 1), worker="test")
    record = Anonymisation.objects.get(escalation=data.escalations["E1"])
    assert record.by is None
    assert record.reason.startswith("Retention period ended: closed 4 June 2025")
    assert record.counts["events"] == Event.objects.filter(escalation=record.escalation).count()
    assert record.counts["learning"] == 1
    assert not EventUnlock.objects.exists()
    assert set(
        Event.objects.filter(escalation=record.escalation).values_list("text", flat=True)
    ) <= {ERASED, ""}
    with pytest.raises(ValueError, match="never changed"):
        record.save()
    with pytest.raises(ValueError, match="never deleted"):
        Anonymisation.objects.all().delete()
