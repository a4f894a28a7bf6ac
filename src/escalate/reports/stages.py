"""Which stage is which in a report: the partnership's policy versions, the one in force
first, and each stage key's place and title across them (a stage since renamed or removed
keeps the title it had)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from escalate.memo import once
from escalate.partnerships.models import Partnership, PolicyVersion
from escalate.reports.period import Period


@dataclass(frozen=True)
class StageName:
    order: int  # stages of older policy versions come after the current ones (100 and up)
    title: str
    short: str  # for a chart's label: "Stage 3"


def versions_in_force(
    partnership: Partnership, on: dt.date, *, known: Sequence[PolicyVersion] | None = None
) -> list[PolicyVersion]:
    """Every version of the partnership's policy, the one in force ``on`` first (as
    ``Partnership.policy_in_force``): one query, once per request, or none where the page
    has them already (``known``: the versions the process keeps for the signed-in person's
    partnership, ``escalate.partnerships.versions``, newest effective date first)."""

    def load() -> tuple[PolicyVersion, ...]:
        versions = (
            list(known)
            if known is not None
            else list(partnership.policy_versions.order_by("-effective_date", "-uploaded_at"))
        )
        current = next((v for v in versions if v.effective_date <= on), versions[-1])
        return (current, *(v for v in versions if v.pk != current.pk))

    return list(once(("versions-in-force", partnership.pk, on), load))


def stage_titles(partnership: Partnership, period: Period) -> dict[str, StageName]:
    """Each stage key's place and title, from the policy in force at the end of the period,
    then from older versions for stages since renamed or removed."""
    versions = versions_in_force(partnership, period.end)
    titles: dict[str, StageName] = {}
    for offset, version in enumerate(versions):
        policy = version.policy
        ladders = [("", policy.stages), *((r.title, r.stages) for r in policy.routes)]
        stages = [(route, stage) for route, ladder in ladders for stage in ladder]
        for index, (route, stage) in enumerate(stages):
            # A route's own stages are named with the route: "Stage 2 (A request for ...)".
            short = f"Stage {stage.number}" + (f" ({route})" if route else "")
            name = StageName(offset * 100 + index, stage.title, short)
            titles.setdefault(stage.key, name)
    return titles
