"""Small policies written for one test each: a two- or three-stage ladder to change.

``ladder(stages=..., top=...)`` gives the YAML text of a valid policy whose stages are
``stages`` (YAML under ``stages:``) with ``top`` added at the top level; ``policy(...)``
loads it. Times in tests are London times: ``london("2026-03-27T17:00")``.
"""

from __future__ import annotations

from datetime import datetime

from escalate.policy.clock import LONDON
from escalate.policy.loader import load_policy_text
from escalate.policy.schema import Policy

THREE_STAGES = """
  - key: workers
    number: 1
    title: Stage 1 - the workers talk
    guidance: Talk.
    actors: [practitioner@both]
    deadline: 2 working days
  - key: managers
    number: 2
    title: Stage 2 - the managers talk
    guidance: Managers talk.
    actors: [line-manager@both]
    deadline: 5 working days
  - key: panel
    number: 3
    title: Stage 3 - the panel decides
    guidance: The panel decides.
    actors: [partnership-chair@partnership]
    deadline: 10 working days
"""


def ladder(stages: str = THREE_STAGES, top: str = "", target: str = "1 working week") -> str:
    return f"""
id: testshire
partnership: Testshire Safeguarding Children Partnership
short_name: Testshire SCP
title: Resolving professional differences
version: "1"
effective_date: 2026-01-01
source: {{document: A fictional policy for tests}}
reference_prefix: TST
nation: england
target: {{text: The target., within: {target}}}
immediate_risk:
  guidance: Tell your DSL at once.
  actions:
    - {{key: tell-dsl, text: Tell your DSL., tell: [designated-safeguarding-lead@raising]}}
categories: [{{key: thresholds, label: Thresholds}}]
stages:{stages}{top}
"""


def policy(stages: str = THREE_STAGES, top: str = "", target: str = "1 working week") -> Policy:
    return load_policy_text(ladder(stages, top, target), "testshire.yaml")


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)
