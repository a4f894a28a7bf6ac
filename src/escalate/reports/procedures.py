"""The report to the Board by procedure, where the partnership's policy has several routes
(a general ladder and, say, a request for a child protection conference)."""

from __future__ import annotations

from django.db.models import Count

from escalate.partnerships.models import Partnership
from escalate.policy.routing import route_keys, route_title
from escalate.policy.schema import Policy
from escalate.reports.charts import Bar
from escalate.reports.figures import raised_in
from escalate.reports.period import Period
from escalate.reports.tables import Table, percent


def procedure_tables(
    policy: Policy, partnership: Partnership, period: Period, total: int
) -> list[Table]:
    """Escalations raised in the period by the procedure they follow; none without routes."""
    if not policy.routes:
        return []
    counts = dict(
        raised_in(partnership, period)
        .values_list("escalation__route")
        .annotate(n=Count("pk"))
        .order_by()
    )
    keys = [*route_keys(policy), *(k for k in counts if k not in route_keys(policy))]
    rows: list[list[str | int | float | None]] = [
        [route_title(policy, key), counts.get(key, 0), percent(counts.get(key, 0), total)]
        for key in keys
    ]
    return [
        Table(
            "procedures",
            "Escalations by the procedure they followed",
            ["Procedure", "Escalations", "Share"],
            rows,
            note="Escalations raised in the period, by the procedure of the partnership's "
            "policy each followed.",
            numeric={1, 2},
            bars=[Bar(str(row[0]), float(row[1] or 0)) for row in rows],
        )
    ]
