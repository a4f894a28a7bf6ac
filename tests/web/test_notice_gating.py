"""Issue 15, items 3 and 4, through the web as the people concerned: St Helens' Escalation
Notice cannot be skipped (its step is done only by signing the notice, and mediation waits
for it); Bromley's Stage Four waits for the agencies' Board members to be engaged."""

from __future__ import annotations

import pytest
from cast import make_cast
from walk import LADDERS, issue_notice, links, people, raise_through_wizard, signed_in, take
from walk import text_of as text

from escalate.escalations.models import Escalation, EventKind
from escalate.escalations.services import ActionRefused, escalation_act

pytestmark = pytest.mark.django_db

MEDIATION = "Stage Four \N{EN DASH} Mediation by a Third Party Agency"


def _climb(policy_id: str, until: str) -> tuple[Escalation, dict]:  # type: ignore[type-arg]
    """Raise through the wizard and take the ladder's moves until the move ``until``."""
    cast = make_cast(policy_id)
    cast_people = people(cast, policy_id)
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    for who, action, step, _ in LADDERS[policy_id]:
        if (action, step) == (until, "") or step == until:
            break
        take(signed_in(cast_people[who]), escalation, action, step)
    return escalation, cast_people


def test_st_helens_notice_cannot_be_marked_done_and_mediation_waits_for_it() -> None:
    escalation, cast_people = _climb("st-helens", "issue-notice")
    assert escalation.current_stage == "safeguarding-leads"
    manager = signed_in(cast_people["manager"])
    base = f"/escalations/{escalation.reference}/"
    step_url = f"{base}complete-step/?stage=safeguarding-leads&step=send-escalation-notice"
    # The issue's repro: complete-step with step=send-escalation-notice.
    before = escalation.version
    assert manager.get(step_url).status_code == 404
    posted = manager.post(step_url, {"version": escalation.version, "text": "Sent it."})
    assert posted.status_code == 404
    with pytest.raises(ActionRefused, match="does not allow this"):
        escalation_act(
            escalation=escalation,
            actor=cast_people["manager"],
            action="complete-step",
            expected_version=escalation.version,
            stage="safeguarding-leads",
            step="send-escalation-notice",
        )
    escalation.refresh_from_db()
    assert escalation.version == before
    # Nobody is offered mediation before the notice is signed; the page says why.
    for who in ("dsl", "manager", "other_manager", "officer"):
        page = signed_in(cast_people[who]).get(base)
        assert "escalate" not in links(page, escalation), who
        assert "complete-step" not in links(page, escalation), who
        shown = text(page)
        assert f"Not yet: Escalate to {MEDIATION}." in shown
        assert (
            f"{MEDIATION} waits for 'Forward the Escalation Notice to the Service Manager (or "
            "agency equivalent)' at Stage Four \N{EN DASH} Escalation to Safeguarding Leads or "
            "Senior Manager: the policy asks for the Escalation Notice to be issued first."
        ) in shown
    assert signed_in(cast_people["dsl"]).get(f"{base}escalate/").status_code == 404
    # Signing the notice does its step; then mediation is offered.
    page = issue_notice(manager, escalation)
    escalation.refresh_from_db()
    kinds = list(escalation.events.values_list("kind", flat=True))
    assert kinds[-1] == EventKind.DOCUMENT_ISSUED
    assert EventKind.STEP_DONE not in kinds
    shown = text(signed_in(cast_people["dsl"]).get(base))
    assert "Forward the Escalation Notice to the Service Manager (or agency equivalent): done" in (
        shown
    )
    assert "Not yet:" not in shown
    take(signed_in(cast_people["dsl"]), escalation, "escalate")
    assert escalation.current_stage == "mediation"


def test_bromley_stage_four_waits_for_the_board_members() -> None:
    escalation, cast_people = _climb("bromley", "engage-board-members")
    assert escalation.current_stage == "senior-managers"
    base = f"/escalations/{escalation.reference}/"
    head = signed_in(cast_people["head"])
    page = head.get(base)
    assert "escalate" not in links(page, escalation)
    assert (
        "Stage Four: Resolution by BSCB Chair waits for 'Engage the respective agency members "
        "on the BSCB in seeking resolution' at Stage Three: Escalate to senior managers: the "
        "policy asks for it to be done first."
    ) in text(page)
    assert head.post(f"{base}escalate/", {"version": escalation.version}).status_code == 404
    # The school's Board member records that the Board members are engaged.
    take(signed_in(cast_people["board"]), escalation, "complete-step", "engage-board-members")
    page = head.get(base)
    assert "Not yet:" not in text(page)
    take(head, escalation, "escalate")
    assert escalation.current_stage == "bscb-chair"
