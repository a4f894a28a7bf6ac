"""The replica router: report pages read from DATABASE_REPLICA_URL when it is set; writes
never go there. (bench/scale_out.py, which CI runs, checks it end to end on PostgreSQL with
the replica URL pointing at the same database through a read-only connection.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from escalate.escalations.models import Escalation
from escalate.ops import replica
from escalate.ops.replica import REPLICA, ReplicaRouter, reads_from_replica, replica_reads
from escalate.reports.views import board

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


@pytest.mark.usefixtures("with_replica")
def test_reads_go_to_the_replica_only_inside_a_report() -> None:
    assert router.db_for_read(Escalation) is None  # Django's default: "default"
    with replica_reads():
        assert router.db_for_read(Escalation) == REPLICA
        assert router.db_for_write(Escalation) == "default"
    assert router.db_for_read(Escalation) is None


def test_without_a_replica_reports_read_from_default() -> None:
    assert not replica.replica_configured()  # the suite runs without DATABASE_REPLICA_URL
    with replica_reads():
        assert router.db_for_read(Escalation) is None


def test_the_replica_is_never_migrated() -> None:
    assert router.allow_migrate(REPLICA, "escalations") is False
    assert router.allow_migrate("default", "escalations") is None


@pytest.mark.usefixtures("with_replica")
def test_a_decorated_page_reads_from_the_replica_until_it_returns() -> None:
    seen: list[str | None] = []

    @reads_from_replica
    def page() -> None:
        seen.append(router.db_for_read(Escalation))

    page()
    assert seen == [REPLICA]
    assert router.db_for_read(Escalation) is None


@pytest.mark.parametrize(
    "view", [board.report_page, board.report_csv, board.report_pdf, board.dashboard_page]
)
def test_each_report_page_reads_from_the_replica(view: Callable[..., object]) -> None:
    inner: object = view
    while not getattr(inner, "reads_from_replica", False) and hasattr(inner, "__wrapped__"):
        inner = inner.__wrapped__
    assert getattr(inner, "reads_from_replica", False)
