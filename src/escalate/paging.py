"""Long lists a page at a time, with the GOV.UK pagination component's links.

In a view::

    from escalate.paging import paginate

    page = paginate(request, queryset.order_by(...), per_page=25)
    return render(request, "...", {"page": page})

and in its template::

    {% for row in page.rows %}...{% endfor %}
    {% include "govuk/pagination.html" with page=page noun="escalations" %}

The list must be ordered (by what matters to the person reading it) and served by an index.
A page costs two queries whatever the list's size: the rows, and a count of at most
``COUNT_CAP`` rows (beyond that the page says "more than ..." and asks for a narrower
filter). A last page that is not full needs no count (the rows before it and on it are all
there are): a list that fits on its first page costs one query.
Other query parameters (the
filters) are kept in every link; a page number that is not a number, or past the end, shows
the first or the last page rather than an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest

T = TypeVar("T")

PER_PAGE = 25
COUNT_CAP = 2500


class Counted(Protocol):
    """A list that reads a page by its slice and counts itself up to a cap (a compiled
    query's ``listing``, ``escalate.compiled``)."""

    def __getitem__(self, rows: slice, /) -> list[Any]: ...

    def count_to(self, cap: int, /) -> int: ...


@dataclass(frozen=True)
class PageLink:
    number: int
    href: str
    current: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    number: int
    per_page: int
    total: int
    more: bool  # there are more rows than were counted (``total`` is the cap)
    previous_href: str = ""
    next_href: str = ""
    items: list[PageLink | None] = field(default_factory=list)  # None is an ellipsis

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)

    @property
    def first_shown(self) -> str:
        return f"{self.first_index:,}"

    @property
    def last_shown(self) -> str:
        return f"{self.last_index:,}"

    @property
    def total_shown(self) -> str:
        return f"{self.total:,}"

    @property
    def several(self) -> bool:
        return self.pages > 1


def _number(text: str | None) -> int:
    if text is None or not text.strip().isdigit():
        return 1
    return max(1, min(int(text.strip()), 1_000_000))


def _href(request: HttpRequest, param: str, number: int) -> str:
    query = request.GET.copy()
    if number == 1:
        query.pop(param, None)
    else:
        query[param] = str(number)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


def _window(current: int, last: int) -> list[int | None]:
    """First, last, the current page and its neighbours; None (an ellipsis) where two or more
    pages are left out, the page itself where only one would be."""
    wanted = sorted({n for n in (1, last, current - 1, current, current + 1) if 1 <= n <= last})
    shown: list[int | None] = []
    previous = 0
    for number in wanted:
        if number - previous == 2:
            shown.append(previous + 1)
        elif number - previous > 2:
            shown.append(None)
        shown.append(number)
        previous = number
    return shown


def _count(items: QuerySet[Any] | Sequence[Any] | Counted, cap: int) -> int:
    if isinstance(items, QuerySet):
        # Any cap + 1 rows will do for counting: unordered, so PostgreSQL need not sort
        # every matching row to count the first few thousand.
        return items.order_by()[: cap + 1].count()
    if hasattr(items, "count_to"):
        return min(items.count_to(cap), cap + 1)  # counted the same way, compiled
    return min(len(items), cap + 1)


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[T] | Counted,
    *,
    per_page: int = PER_PAGE,
    param: str = "page",
    cap: int = COUNT_CAP,
    total: int | None = None,
    shown: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
) -> Page[Any]:
    """The page of ``items`` the request asks for (``?page=N``). Give ``total`` where the page
    has counted the items already, to save the count; give ``shown`` to read each row as
    less than the whole item (``items.values(...)``, say) while ``items`` alone is counted,
    without the joins the rows need."""
    number = _number(request.GET.get(param))
    rows_of: QuerySet[Any] | Sequence[Any] | Counted = items
    if shown is not None and isinstance(items, QuerySet):
        rows_of = shown(items)
    rows: list[Any] | None = None
    if total is None:
        # The page asked for first: if it is the last (not full, and not past the end), the
        # rows before it and on it are all there are, and nothing need be counted.
        start = (number - 1) * per_page
        rows = list(rows_of[start : start + per_page])
        if len(rows) < per_page and (rows or number == 1) and start + len(rows) <= cap:
            total = start + len(rows)
    counted = _count(items, cap) if total is None else total
    more = counted > cap
    total = min(counted, cap)
    last = max(1, -(-total // per_page))
    asked, number = number, min(number, last)
    start = (number - 1) * per_page
    if rows is None or number != asked:
        rows = list(rows_of[start : start + per_page])
    items_shown: list[PageLink | None] = [
        None if n is None else PageLink(n, _href(request, param, n), n == number)
        for n in _window(number, last)
    ]
    return Page(
        rows=rows,
        number=number,
        per_page=per_page,
        total=total,
        more=more,
        previous_href=_href(request, param, number - 1) if number > 1 else "",
        next_href=_href(request, param, number + 1) if number < last else "",
        items=items_shown if last > 1 else [],
    )
