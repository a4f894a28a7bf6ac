"""The Board report lists every final binding decision, not only those a panel made: St
Helens' Director of Children's Services decides alone at its last stage, and that decision
is listed with who made it, withheld until an officer has reviewed its words."""

from __future__ import annotations

import pytest
from test_binding_decisions import climb
from walk import DECISION, signed_in, take, text_of

from escalate.reports.models import TextSource
from escalate.reports.review import WITHHELD, texts_in
from escalate.reports.views.board import period_asked

pytestmark = pytest.mark.django_db


def listed(page: str) -> str:
    """The "Final binding decisions" table of the report page."""
    start = page.index("Final binding decisions</caption>")
    return page[start : page.index("</table>", start)]


def test_a_directors_binding_decision_is_in_the_board_report() -> None:
    cast, _, escalation = climb("st-helens")
    take(signed_in(cast.chair), escalation, "record-decision")
    escalation.refresh_from_db()
    assert escalation.status == "decided"
    officer = signed_in(cast.officer)
    decisions = listed(text_of(officer.get("/partnership/report/")))
    assert escalation.reference in decisions
    assert "Director of Children" in decisions
    assert WITHHELD in decisions
    assert DECISION not in decisions
    review = "/partnership/report/review/"
    assert "Final binding decision" in text_of(officer.get(review))
    request = type("Asked", (), {"GET": {}})()
    _, period = period_asked(request)  # type: ignore[arg-type]
    [text] = [t for t in texts_in(cast.partnership, period) if t.source == TextSource.BINDING]
    posted = {"source": text.source, "pk": text.pk, "sha256": text.sha256}
    assert officer.post(review, posted).status_code == 302
    decisions = listed(text_of(officer.get("/partnership/report/")))
    assert DECISION in decisions
    assert WITHHELD not in decisions
