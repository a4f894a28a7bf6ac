"""The report's parts on their own: charts, redaction, periods, CSV, and the stored facts
being recomputed only for escalations whose events changed."""

from __future__ import annotations

import datetime as dt

import pytest
from cast import make_cast
from ladder import act, at, raise_one

from escalate.escalations.models import Escalation
from escalate.reports import facts
from escalate.reports.charts import Bar, bar_chart
from escalate.reports.export import table_csv
from escalate.reports.models import EscalationFacts, StageFact
from escalate.reports.period import Period, year_to
from escalate.reports.redact import redact
from escalate.reports.tables import Table


def test_a_chart_is_svg_with_a_label_and_escaped_text() -> None:
    svg = bar_chart("Raised <by> agency", [Bar("A & B <script>", 3), Bar("C", 0)])
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "Bar chart: Raised &lt;by&gt; agency. The figures are in the table below it." in svg
    assert "<script>" not in svg
    assert "A &amp; B &lt;script&gt;" in svg
    two = bar_chart("Months", [Bar("Jan", 2, other=1)], series=("Raised", "Resolved"))
    assert "Raised" in two
    assert "Resolved" in two
    assert "Jan: Raised 2, Resolved 1" in two
    assert "No figures" in bar_chart("Empty", [])


def test_redaction_takes_out_the_name_and_each_part() -> None:
    name = "Ava-Mae O'Neill Testington"
    text = "AVA-MAE said Ava's sister and Mr Testington met O'Neill; avalanche stays."
    cleaned = redact(text, name)
    assert cleaned == (
        "[the child] said [the child]'s sister and Mr [the child] met [the child]; avalanche stays."
    )
    assert redact("Nothing to hide", "") == "Nothing to hide"


def test_periods() -> None:
    period = year_to(dt.date(2026, 3, 31))
    assert (period.start, period.end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert period.previous() == Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert year_to(dt.date(2028, 2, 29)).start == dt.date(2027, 3, 1)
    assert period.end_at - period.start_at == dt.timedelta(days=365)
    assert period.label == "1 April 2025 to 31 March 2026"


def test_csv_cells_never_run_as_formulas() -> None:
    table = Table("t", "T", ["What", "n"], [["=HYPERLINK(1)", 2], ["-1 + 2", None]])
    assert table_csv(table).splitlines() == ["What,n", "'=HYPERLINK(1),2", "'-1 + 2,"]


@pytest.mark.django_db
def test_only_escalations_whose_events_changed_are_recomputed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast("brent")
    first = raise_one(cast, now=at(2026, 6, 1))
    second = raise_one(cast, now=at(2026, 6, 2))
    assert facts.facts_refresh_stale(partnership=cast.partnership) == 0
    assert EscalationFacts.objects.count() == 2
    with monkeypatch.context() as writer:  # the writer cannot count this change
        writer.setattr(facts, "_refresh", lambda *args: 1 / 0)
        act(second, cast.raiser, "escalate", at(2026, 6, 3))
    assert list(facts.stale(cast.partnership)) == [second]
    replayed: list[int] = []
    original = facts.facts_refresh

    def counting(*, escalation: Escalation, now: dt.datetime | None = None) -> EscalationFacts:
        replayed.append(escalation.pk)
        return original(escalation=escalation, now=now)

    monkeypatch.setattr(facts, "facts_refresh", counting)
    assert facts.facts_refresh_stale(partnership=cast.partnership) == 0
    assert replayed == [second.pk]
    stored = EscalationFacts.objects.get(escalation=second)
    assert stored.stage_reached == "other-worker"
    assert stored.version == 2
    assert list(StageFact.objects.filter(facts=stored).values_list("stage", "met")) == [
        ("line-manager", True),
        ("other-worker", None),
    ]
    assert EscalationFacts.objects.get(escalation=first).version == 1
    assert facts.facts_refresh_stale(partnership=cast.partnership, limit=0) == 0
