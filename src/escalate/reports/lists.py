"""The report's lists: meetings and panels held with their decisions, and the lessons,
training needs and gaps in policy with their answers. Free text is printed only once an
officer has reviewed it (``review``), and then with the child's name taken out as well
(``redact``); the page and PDF list the first rows, the CSV has them all."""

from __future__ import annotations

from django.db.models import Count, Q

from escalate.partnerships.models import Partnership
from escalate.policy.clock import LONDON
from escalate.reports.charts import Bar
from escalate.reports.figures import binding_decisions_in, learning_in, meetings_held_in
from escalate.reports.models import LearningKind, LearningStatus, TextSource
from escalate.reports.period import Period
from escalate.reports.redact import redact
from escalate.reports.review import reviewed_for, shown
from escalate.reports.stages import versions_in_force
from escalate.reports.tables import Table

LISTED = 50


def meetings_tables(partnership: Partnership, period: Period) -> list[Table]:
    held = meetings_held_in(partnership, period).order_by("held_at", "pk")
    kinds = (
        held.values("name")
        .annotate(
            n=Count("pk"),
            binding=Count("pk", filter=Q(decision_binding=True)),
            decided=Count("pk", filter=~Q(decision="")),
        )
        .order_by("name")
    )
    summary_rows: list[list[str | int | float | None]] = [
        [row["name"], row["n"], row["decided"], row["binding"]] for row in kinds
    ]
    listed: list[list[str | int | float | None]] = []
    reviewed = reviewed_for(partnership)
    for pk, reference, child, held_at, name, decision, binding in held.values_list(
        "pk",
        "escalation__reference",
        "escalation__child_name",
        "held_at",
        "name",
        "decision",
        "decision_binding",
    ):
        text = shown(reviewed, TextSource.DECISION, pk, decision)
        listed.append(
            [
                reference,
                f"{held_at.astimezone(LONDON):%d %b %Y}" if held_at else "",
                name,
                redact(text, child) if decision else "No decision recorded",
                "Binding" if binding else ("Not binding" if decision else "–"),
            ]
        )
    return [
        Table(
            "meetings",
            "Meetings and panels held",
            ["Meeting or panel", "Held", "Decided", "Final binding decisions"],
            summary_rows,
            numeric={1, 2, 3},
            bars=[Bar(str(r[0]), float(r[1] or 0)) for r in summary_rows],
        ),
        Table(
            "decisions",
            "Meetings and panels held, and their decisions",
            ["Escalation", "Held on", "Meeting or panel", "Decision", "Binding?"],
            listed,
            shown=LISTED,
        ),
    ]


def binding_table(partnership: Partnership, period: Period) -> Table:
    """Every final binding decision in the period: a panel's, a meeting's, or one a stage
    gives to someone to make alone (St Helens' Director of Children's Services)."""
    versions = versions_in_force(partnership, period.end)
    reviewed = reviewed_for(partnership)
    rows: list[list[str | int | float | None]] = []
    for found in binding_decisions_in(partnership, period):
        stage = next(
            (st for v in versions for st in v.policy.stages if st.key == found.stage),
            None,
        )
        if found.meeting is not None:
            by = found.by
            text = shown(reviewed, TextSource.DECISION, found.meeting, found.text)
        else:
            policy = versions[0].policy
            deciders = stage.decision.by if stage and stage.decision else []
            by = ", ".join(policy.role_label(p.role) for p in deciders) or "–"
            text = shown(reviewed, TextSource.BINDING, found.event, found.text)
        rows.append(
            [
                found.reference,
                f"{found.at.astimezone(LONDON):%d %b %Y}",
                stage.title if stage else found.stage,
                by,
                redact(text, found.child_name),
            ]
        )
    return Table(
        "binding-decisions",
        "Final binding decisions",
        ["Escalation", "Decided on", "Stage", "Decided by", "Decision"],
        rows,
        note="Every final binding decision, by a panel or meeting or by whoever the policy "
        "gives the decision to at the stage.",
        shown=LISTED,
    )


def learning_tables(partnership: Partnership, period: Period) -> list[Table]:
    items = learning_in(partnership, period).order_by("raised_at", "pk")
    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in items.values("kind", "status").annotate(n=Count("pk")).order_by()
    }
    summary_rows: list[list[str | int | float | None]] = []
    for choice in LearningKind:
        answered = counts.get((choice.value, "answered"), 0)
        still = counts.get((choice.value, "open"), 0)
        summary_rows.append([choice.label, answered + still, answered, still])
    listed: list[list[str | int | float | None]] = []
    kinds = dict(LearningKind.choices)
    statuses = dict(LearningStatus.choices)
    reviewed = reviewed_for(partnership)
    for pk, reference, child, kind, text, queue, status, answer in items.values_list(
        "pk",
        "escalation__reference",
        "escalation__child_name",
        "kind",
        "text",
        "queue",
        "status",
        "answer",
    ):
        listed.append(
            [
                reference,
                kinds.get(kind, kind),
                queue,
                redact(shown(reviewed, TextSource.LEARNING, pk, text), child),
                statuses.get(status, status),
                redact(shown(reviewed, TextSource.ANSWER, pk, answer), child)
                if answer
                else "Not answered yet",
            ]
        )
    return [
        Table(
            "learning",
            "Lessons, training needs and gaps in policy",
            ["Kind", "Recorded", "Answered", "Still open"],
            summary_rows,
            numeric={1, 2, 3},
            bars=[Bar(str(r[0]), float(r[1] or 0)) for r in summary_rows],
        ),
        Table(
            "learning-items",
            "Lessons, training needs and gaps, with their answers",
            ["Escalation", "Kind", "Sent to", "What was recorded", "Status", "Answer"],
            listed,
            shown=LISTED,
        ),
    ]
