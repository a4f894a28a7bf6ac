"""Who may act at a stage, through the API (issue 14, item 7): the allowed actions a token's
holder is told are the stage's rule for them, and an action it does not permit them is
refused with the rule in plain words. Lincolnshire: step 4 is referred by the SLOs."""

from __future__ import annotations

import pytest
from apiclient import Api, raise_one
from cast import make_cast, person

from escalate.escalations import services
from escalate.escalations.models import Escalation

pytestmark = pytest.mark.django_db


def _escalate(escalation: Escalation, actor: object) -> None:
    escalation.refresh_from_db()
    services.escalation_act(
        escalation=escalation,
        actor=actor,  # type: ignore[arg-type]
        action="escalate",
        expected_version=escalation.version,
        text="Not resolved.",
    )
    escalation.refresh_from_db()


def test_only_a_senior_liaison_officer_refers_it_to_the_case_review_group() -> None:
    cast = make_cast("lincolnshire")
    slo = person("slo.lincolnshire", cast.school, "senior-liaison-officer")
    escalation = raise_one(cast)
    _escalate(escalation, cast.raiser)
    _escalate(escalation, cast.raiser)
    assert escalation.current_stage == "senior-liaison-officers"

    def offered(api: Api) -> set[str]:
        body = api.get(f"/escalations/{escalation.reference}").json()
        return {action["action"] for action in body["allowed_actions"]}

    raiser = Api(cast.raiser)
    assert "escalate" not in offered(raiser)
    assert {"resolve", "withdraw"} <= offered(raiser)
    refused = raiser.post(
        f"/escalations/{escalation.reference}/actions",
        {"action": "escalate", "expected_version": escalation.version, "text": "Refer it."},
    )
    assert refused.status_code == 404
    assert refused.json()["detail"] == (
        "At Step 3 – Senior Liaison Officers, only Senior liaison officer (both agencies) may "
        "escalate it. See its allowed_actions"
    )
    officer = Api(cast.officer)
    assert "escalate" not in offered(officer)

    referrer = Api(slo)
    assert "escalate" in offered(referrer)
    done = referrer.post(
        f"/escalations/{escalation.reference}/actions",
        {"action": "escalate", "expected_version": escalation.version, "text": "Refer it."},
    )
    assert done.status_code in (200, 201), done.json()
    escalation.refresh_from_db()
    assert escalation.current_stage == "case-review-group"
