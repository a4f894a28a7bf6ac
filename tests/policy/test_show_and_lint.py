"""``policy show`` prints every deadline a stage has; flow lists split by a comma are caught."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from escalate.cli import main
from escalate.policy.lint import policy_warnings
from escalate.policy.loader import load_policy_text, shipped_policies
from escalate.policy.render import policy_text

POLICIES = resources.files("escalate.policy") / "policies"
BRENT = (POLICIES / "brent.yaml").read_text(encoding="utf-8")
FINAL_STAGE = """    last_stage: safeguarding-leads
    within: 1 working week
"""


def _brent_with_final_stage() -> str:
    assert BRENT.count(FINAL_STAGE) == 1
    allowance = "    final_stage: {stage: resolution-panel, within: 14 working days}\n"
    return BRENT.replace(FINAL_STAGE, FINAL_STAGE + allowance)


def test_show_prints_a_caps_final_stage_allowance() -> None:
    policy = load_policy_text(_brent_with_final_stage(), "brent.yaml")
    assert policy.stages[-1].key == "resolution-panel"
    text = policy_text(policy)
    last = text[text.index("5. Stage Five") : text.index("Cap: ")]
    assert "Deadline: none stated" not in last
    assert (
        "Deadline: 14 working days from the start of the stage "
        "(its own allowance under the cap 'one-working-week', indicative)" in last
    )
    assert "then 14 working days for resolution-panel, from the start of that stage" in text


def test_show_names_the_cap_over_a_stage_with_no_deadline_of_its_own() -> None:
    text = policy_text(shipped_policies()["brent"])
    stage_one = text[text.index("1. Stage One") : text.index("2. Stage Two")]
    assert "within the cap 'one-working-week': 5 working days across line-manager" in stage_one


def test_a_stage_with_nothing_says_none_stated() -> None:
    text = policy_text(shipped_policies()["brent"])
    last = text[text.index("5. Stage Five") : text.index("Cap: ")]
    assert "Deadline: none stated" in last


# Flow sequences split by a comma


def test_no_shipped_policy_has_a_record_split_by_a_comma() -> None:
    for entry in POLICIES.iterdir():
        if entry.name.endswith(".yaml"):
            assert policy_warnings(entry.read_text(encoding="utf-8"), entry.name) == []


def test_bromley_keeps_on_the_childs_file_with_its_record() -> None:
    bromley = shipped_policies()["bromley"]
    for stage in bromley.stages:
        assert "on the child's file" not in stage.record
    assert bromley.stages[0].record == ["the discussion and its outcome, on the child's file"]


def test_haringey_keeps_for_inclusion_in_case_files_with_its_record() -> None:
    haringey = shipped_policies()["haringey"]
    records = [item for stage in haringey.stages for step in stage.steps for item in step.record]
    assert "for inclusion in case files" not in records
    assert "the proposed actions, for inclusion in case files" in records


def test_a_split_sentence_is_warned_about_with_its_line() -> None:
    old = "    record: [what the disagreement is about, the desired outcome]\n"
    assert BRENT.count(old) == 1
    text = BRENT.replace(old, "    record: [the discussion, on the child's file]\n")
    load_policy_text(text, "brent.yaml")  # it still loads
    (warning,) = policy_warnings(text, "brent.yaml")
    line = text[: text.index("record: [the discussion")].count("\n") + 1
    assert warning.line == line
    assert warning.path == ("stages", 0, "record")
    assert str(warning).startswith(f"brent.yaml, line {line}, stages[0].record: warning: ")
    assert "'on the child's file' looks like the rest of a sentence" in warning.message
    assert '["the discussion, on the child\'s file"]' in warning.message


@pytest.mark.parametrize(
    "items",
    [
        "[what the disagreement is about, the desired outcome]",
        "[practitioner@raising, line-manager@raising]",
        '["the discussion, on the child\'s file", the outcome]',
        "[the discussion]",
    ],
)
def test_lists_that_are_really_lists_are_not_warned_about(items: str) -> None:
    text = f"record: {items}\n"
    assert policy_warnings(text, "x.yaml") == []


def test_check_prints_the_warning_and_still_says_valid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = "    record: [what the disagreement is about, the desired outcome]\n"
    path = tmp_path / "mine.yaml"
    path.write_text(BRENT.replace(old, "    record: [the discussion, for the file]\n"))
    assert main(["policy", "check", str(path)]) == 0
    out, _ = capsys.readouterr()
    first, second = out.splitlines()
    assert first.startswith(f"{path}: valid")
    assert "warning: this list is read as 2 items" in second
