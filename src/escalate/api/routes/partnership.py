"""/api/v1/policy and /api/v1/reports/board: the partnership's procedure and its figures."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from escalate.api.auth import needs
from escalate.api.models import Scope
from escalate.api.problems import ApiProblem, problems
from escalate.api.schemas import BoardReportOut
from escalate.partnerships.models import Agency, AgencyKind, Person
from escalate.policy.case import CaseFacts
from escalate.policy.clock import LONDON
from escalate.policy.timeline import timeline_json, worst_case
from escalate.reports import rules
from escalate.reports.board import board_report
from escalate.reports.period import Period

router = Router(tags=["partnership"])

ChildStatus = Literal["cp-plan", "looked-after", "child-in-need", "early-help", "none"]


class PolicyQuery(Schema):
    immediate_risk: bool = False
    child_status: ChildStatus = "none"


class PolicyOut(Schema):
    id: str
    partnership: str
    title: str
    version: str
    effective_date: str
    worst_case: dict[str, Any]


class PeriodQuery(Schema):
    start: dt.date
    end: dt.date


@router.get("/policy", response={200: PolicyOut, **problems(403)})
def policy_in_force(request: HttpRequest, query: Query[PolicyQuery]) -> dict[str, Any]:
    """The policy in force in the person's partnership, and its worst-case timeline for a
    case raised now."""
    person = needs(request, Scope.READ)
    assert person.agency is not None  # a token's person is always in an agency
    policy = person.agency.partnership.policy_in_force(timezone.localdate()).policy
    facts = CaseFacts(child_status=query.child_status, immediate_risk=query.immediate_risk)
    start = timezone.now().astimezone(LONDON).replace(second=0, microsecond=0)
    return {**policy.summary(), "worst_case": timeline_json(worst_case(policy, facts, start))}


@router.get("/reports/board", response={200: BoardReportOut, **problems(403, 404, 422)})
def board(request: HttpRequest, query: Query[PeriodQuery]) -> dict[str, Any]:
    """The Board report's tables for a period, for the partnership's officers. The figures
    never name a child."""
    person = needs(request, Scope.REPORTS)
    partnership = person.agency.partnership if person.agency is not None else None
    if not rules.can_see_reports(person, partnership):
        raise Http404("Not found")
    assert partnership is not None
    if query.end < query.start:
        raise ApiProblem(422, "The request has mistakes", "end: must be on or after start")
    if not (1990 <= query.start.year <= 2200 and query.end.year <= 2200):
        raise ApiProblem(422, "The request has mistakes", "start, end: years 1990 to 2200")
    report = board_report(partnership, Period(query.start, query.end))
    return {
        "partnership": partnership.name,
        "start": query.start,
        "end": query.end,
        "tables": [
            {"key": t.key, "title": t.title, "columns": t.columns, "rows": t.rows, "note": t.note}
            for t in report.tables
        ],
    }


class PersonOut(Schema):
    id: int
    name: str
    job_title: str


class AgencyOut(Schema):
    id: int
    name: str
    kind: str
    people: list[PersonOut]


@router.get("/agencies", response={200: list[AgencyOut], **problems(403)})
def agencies(request: HttpRequest) -> list[dict[str, Any]]:
    """The partnership's agencies and their people, to name whom a disagreement is with."""
    person = needs(request, Scope.READ)
    assert person.agency is not None
    found = (
        Agency.objects.filter(partnership_id=person.agency.partnership_id)
        .exclude(kind=AgencyKind.PARTNERSHIP)
        .prefetch_related(Prefetch("people", Person.objects.filter(is_active=True)))
    )
    return [
        {
            "id": a.pk,
            "name": a.name,
            "kind": a.kind,
            "people": [
                {"id": p.pk, "name": p.display_name, "job_title": p.job_title}
                for p in a.people.all()
            ],
        }
        for a in found
    ]
