"""Checks across a policy file that the schema alone cannot make."""

from __future__ import annotations

from importlib import resources

import pytest

from escalate.policy.loader import PolicyError, load_policy_text

BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text("utf-8")


def test_the_last_stage_cannot_be_skipped() -> None:
    text = BRENT.replace(
        "    offer_escalation_when_overdue: false",
        "    offer_escalation_when_overdue: false\n    skip:\n      - when: immediate-risk",
    )
    assert text != BRENT
    with pytest.raises(PolicyError) as raised:
        load_policy_text(text, "brent.yaml")
    (problem,) = raised.value.problems
    assert problem.path == ("stages", 4, "skip")
    assert "the last stage cannot be skipped" in problem.message
