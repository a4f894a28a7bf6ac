"""A MASH referral is offered, and recorded, only where the partnership's procedure names a
multi-agency safeguarding hub (of the shipped policies, Bromley's): elsewhere the page has
no such link, its address is not found, the API does not offer it and the service refuses."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from apiclient import Api
from cast import make_cast, raised_by_raiser
from walk import signed_in, text_of

from escalate.escalations.services import ActionRefused, escalation_record_mash_referral

pytestmark = pytest.mark.django_db

POLICIES = ["brent", "bromley", "haringey", "lincolnshire", "st-helens"]


def file_names_mash(policy_id: str) -> bool:
    """Read from the policy file itself: a party ``mash@...`` anywhere in it."""
    text = (resources.files("escalate.policy") / "policies" / f"{policy_id}.yaml").read_text()
    return re.search(r"\bmash@", text) is not None


def test_of_the_shipped_policies_only_bromley_names_a_mash() -> None:
    assert [p for p in POLICIES if file_names_mash(p)] == ["bromley"]


@pytest.mark.parametrize("policy_id", POLICIES)
def test_the_referral_is_offered_only_where_the_policy_names_a_mash(policy_id: str) -> None:
    named = file_names_mash(policy_id)
    cast = make_cast(policy_id)
    escalation = raised_by_raiser(cast, immediate_risk=True, immediate_action="Told our DSL.")
    client = signed_in(cast.raiser)
    page = text_of(client.get(f"/escalations/{escalation.reference}/"))
    form = client.get(f"/escalations/{escalation.reference}/mash-referral/")
    read = Api(cast.raiser).get(f"/escalations/{escalation.reference}").json()
    assert ("Record a MASH referral" in page) is named
    assert form.status_code == (200 if named else 404)
    assert ("mash-referral" in {a["action"] for a in read["allowed_actions"]}) is named
    if named:
        return
    with pytest.raises(ActionRefused, match="procedure does not name a MASH"):
        escalation_record_mash_referral(
            escalation=escalation,
            actor=cast.raiser,
            expected_version=escalation.version,
            text="Referred at 10:05.",
        )
