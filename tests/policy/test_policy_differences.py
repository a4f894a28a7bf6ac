"""The differences between two versions of a policy, in words (issue 14, item 15): stages,
steps, deadlines, caps and notices added, removed or changed, and nothing when nothing is."""

from __future__ import annotations

from importlib import resources

import pytest
from policy_ladder import THREE_STAGES, policy

from escalate.policy.differences import Change, differences
from escalate.policy.loader import load_policy_text

STEP = """
    steps:
      - key: notice
        title: Send the notice
        who: [practitioner@raising]
        due: 1 working day
"""
NOTICE = """
    notify:
      - key: tell-chair
        to: [partnership-chair@partnership]
        when: stage-start
        text: Tell the chair.
"""
CAP = """
caps:
  - key: fortnight
    text: Two weeks in all.
    first_stage: workers
    last_stage: managers
    within: 10 working days
"""


def changed(stages: str = THREE_STAGES, top: str = "") -> list[Change]:
    return differences(policy(), policy(stages, top))


def with_first_stage(extra: str) -> str:
    marker = "    deadline: 2 working days\n"
    return THREE_STAGES.replace(marker, marker + extra.lstrip("\n"), 1)


@pytest.mark.parametrize("policy_id", ["brent", "bromley", "haringey", "lincolnshire", "st-helens"])
def test_a_version_has_no_differences_from_itself(policy_id: str) -> None:
    text = (resources.files("escalate.policy") / "policies" / f"{policy_id}.yaml").read_text()
    assert differences(load_policy_text(text, "a"), load_policy_text(text, "b")) == []


def test_a_stage_deadline_changed_is_said_with_both_deadlines() -> None:
    stages = THREE_STAGES.replace("deadline: 5 working days", "deadline: 3 working days")
    assert changed(stages) == [
        Change(
            "Stage 2: Stage 2 - the managers talk",
            "Deadline: was 5 working days from the start of the stage (indicative); "
            "now 3 working days from the start of the stage (indicative)",
        )
    ]


def test_a_step_and_a_notice_added_to_a_stage() -> None:
    assert changed(with_first_stage(STEP + NOTICE)) == [
        Change(
            "Stage 1: Stage 1 - the workers talk",
            "Step 'notice': Send the notice: due 1 working day from the start of the stage, "
            "by Practitioner (the agency that raised the disagreement) (new)",
        ),
        Change(
            "Stage 1: Stage 1 - the workers talk",
            "Notice 'tell-chair': tell Partnership chair (the safeguarding partnership) on "
            "stage-start, within immediately (new)",
        ),
    ]


def test_a_step_removed_and_a_steps_deadline_changed() -> None:
    before = policy(with_first_stage(STEP))
    two_days = policy(with_first_stage(STEP.replace("due: 1 working day", "due: 2 working days")))
    assert differences(before, two_days) == [
        Change(
            "Stage 1: Stage 1 - the workers talk",
            "Step 'notice': was Send the notice: due 1 working day from the start of the stage, "
            "by Practitioner (the agency that raised the disagreement); now Send the notice: "
            "due 2 working days from the start of the stage, by Practitioner (the agency that "
            "raised the disagreement)",
        )
    ]
    assert differences(before, policy()) == [
        Change(
            "Stage 1: Stage 1 - the workers talk",
            "Step 'notice': removed (was Send the notice: due 1 working day from the start of "
            "the stage, by Practitioner (the agency that raised the disagreement))",
        )
    ]


def test_a_stage_added_and_a_stage_removed() -> None:
    two = THREE_STAGES[: THREE_STAGES.index("  - key: panel")]
    fewer = differences(policy(), policy(two))
    assert fewer == [
        Change(
            "The whole procedure",
            "Stages, in order: was 1. Stage 1 - the workers talk; 2. Stage 2 - the managers "
            "talk; 3. Stage 3 - the panel decides; now 1. Stage 1 - the workers talk; "
            "2. Stage 2 - the managers talk",
        ),
        Change("Stage 3: Stage 3 - the panel decides", "Removed: this version no longer has it"),
    ]
    more = differences(policy(two), policy())
    assert more[-1].where == "Stage 3: Stage 3 - the panel decides"
    assert more[-1].what.startswith(
        "New. Title: Stage 3 - the panel decides; Who acts: Partnership chair (the safeguarding "
        "partnership); Deadline: 10 working days from the start of the stage (indicative)"
    )


def test_a_cap_added_then_changed() -> None:
    assert changed(top=CAP) == [
        Change(
            "Time limit 'fortnight'",
            "New. Limit: 10 working days across workers to managers (indicative); Applies: always",
        )
    ]
    firm = CAP.replace(
        "within: 10 working days", "within: 8 working days\n    timescale: mandatory"
    )
    assert differences(policy(top=CAP), policy(top=firm + "    if: {immediate_risk: true}\n")) == [
        Change(
            "Time limit 'fortnight'",
            "Limit: was 10 working days across workers to managers (indicative); now 8 working "
            "days across workers to managers (mandatory)",
        ),
        Change("Time limit 'fortnight'", "Applies: was always; now when immediate risk is yes"),
    ]


def test_the_target_changed() -> None:
    assert differences(policy(), policy(target="2 working weeks")) == [
        Change(
            "The whole procedure",
            "Target: was 5 working days from raising (indicative); "
            "now 10 working days from raising (indicative)",
        )
    ]


def test_a_routes_stage_changed_is_named_with_its_procedure() -> None:
    text = (resources.files("escalate.policy") / "policies" / "haringey.yaml").read_text()
    old = load_policy_text(text, "haringey.yaml")
    route = old.routes[0]
    stage = route.stages[0]
    ladder, routes = text.split("\nroutes:\n")
    assert stage.title in routes
    renamed = routes.replace(stage.title, "Stage 1 – The first line managers talk", 1)
    changed_text = f"{ladder}\nroutes:\n{renamed}"  # the route's stage, not the ladder's
    assert differences(old, load_policy_text(changed_text, "haringey.yaml")) == [
        Change(
            f"Procedure: {route.title}",
            f"Stages, in order: was {'; '.join(f'{s.number}. {s.title}' for s in route.stages)}"
            f"; now 1. Stage 1 – The first line managers talk; "
            f"{'; '.join(f'{s.number}. {s.title}' for s in route.stages[1:])}",
        ),
        Change(
            f"{route.title}, stage 1: Stage 1 – The first line managers talk",
            f"Title: was {stage.title}; now Stage 1 – The first line managers talk",
        ),
    ]
