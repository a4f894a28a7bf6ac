"""The worker's repair sweeps: a slice of the escalations a pass, going round.

A repair job (report facts written some other way, retention dates not yet worked out)
has to compare every escalation with what is stored about it, which is a join over the
whole table: at 100,000 escalations about 100 ms on every pass. The writer keeps those
rows current as it goes, so the repair finds little, and need not look everywhere at
once: each pass looks at the next ``SIZE`` escalations in order of id, through the primary
key, and the next pass carries on from there, round to the start again after the last.
With the worker's 30 seconds between passes, a sweep of 300,000 escalations takes 15
minutes. Each worker process keeps its own place (two workers sweep twice as fast; the
jobs lock what they change, so two never repeat each other's work).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from escalate.escalations.models import Escalation

SIZE = 10_000

_reached: dict[str, int] = {}  # each sweep's last escalation id looked at, in this process


@dataclass(frozen=True)
class Slice:
    """Ranges of escalation ids, each ``(after, up_to)``: above ``after`` and no higher than
    ``up_to`` (None: to the last)."""

    ranges: tuple[tuple[int, int | None], ...]

    def of(self, field: str = "pk") -> Q:
        """The condition on ``field`` (an escalation's id, or a column that holds one, so
        that PostgreSQL reads the related table's rows by that range too)."""
        where = Q(pk__in=[])
        for after, up_to in self.ranges:
            part = Q(**{f"{field}__gt": after})
            if up_to is not None:
                part &= Q(**{f"{field}__lte": up_to})
            where |= part
        return where


def window(sweep: str, size: int | None = None) -> Slice:
    """The escalations this pass of ``sweep`` looks at: the next ``size`` (``SIZE``) after
    where it got to, round to the start after the last."""
    size = size or SIZE
    after = _reached.get(sweep, 0)
    ids = Escalation.objects.order_by("pk").values_list("pk", flat=True)
    end = list(ids.filter(pk__gt=after)[size - 1 : size])
    if end:
        _reached[sweep] = end[0]
        return Slice(((after, end[0]),))
    left = ids.filter(pk__gt=after)[:size].count()
    end = list(ids.filter(pk__lte=after)[size - left - 1 : size - left])
    if end:  # the last few, and round to the start
        _reached[sweep] = end[0]
        return Slice(((after, None), (0, end[0])))
    _reached[sweep] = 0
    return Slice(((0, None),))  # no more than ``size`` in all: every one


def start_again() -> None:
    """Every sweep starts from the first escalation again (for tests)."""
    _reached.clear()
