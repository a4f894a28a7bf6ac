"""Query budgets: a page runs no more than its budget of queries, and the same number
whatever the size of the data, so an N+1 fails the suite.

To give a page a budget, write a function that makes sure there are at least ``n`` rows
behind the page (it is called with 5, then 50, in the same database) and returns a
signed-in client and the page's address; then assert the budget::

    from budget import assert_budget

    def test_the_home_page_keeps_its_budget() -> None:
        cast = make_cast("brent")
        original = raise_escalation(cast)

        def page(n: int) -> tuple[Client, str]:
            copies_of(original, n - Escalation.objects.count())
            return signed_in(cast.raiser), "/"

        assert_budget(page, limit=10)

Each size is asked for twice and the second answer counted, so a cache filled on first use
(the session, a policy parsed once per process) does not count against the page. A list
whose first page is not full is not counted, so at the smaller size a page may run one
query fewer (that count), never more. The budget is what the page runs now: a page that
comes to run more fails, whatever the size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SIZES = (5, 50)
LIST_BUDGET = 10
ESCALATION_PAGE_BUDGET = 12


def queries_for(client: Client, url: str, *, status: int = 200) -> list[str]:
    """The SQL a GET of ``url`` runs (after one GET to warm up)."""
    assert client.get(url).status_code == status, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, url
    return [query["sql"] for query in captured.captured_queries]


def _listing(queries: Sequence[str]) -> str:
    return "\n".join(f"  {n}. {sql[:300]}" for n, sql in enumerate(queries, 1))


def _counted_once_more(small: Sequence[str], large: Sequence[str]) -> bool:
    """A list that fits on its first page is not counted (``escalate.paging``): the larger
    size may run one query more, if that is a count."""

    def counts(queries: Sequence[str]) -> int:
        return sum(1 for sql in queries if sql.startswith("SELECT COUNT(*)"))

    return len(large) == len(small) + 1 and counts(large) == counts(small) + 1


def assert_budget(
    page: Callable[[int], tuple[Client, str]],
    *,
    limit: int,
    sizes: Sequence[int] = SIZES,
    status: int = 200,
) -> int:
    """The page runs at most ``limit`` queries, and as many at every size. Returns the count."""
    counts: dict[int, list[str]] = {}
    for size in sizes:
        client, url = page(size)
        counts[size] = queries_for(client, url, status=status)
    small, large = counts[sizes[0]], counts[sizes[-1]]
    assert len(large) == len(small) or _counted_once_more(small, large), (
        f"{url} runs {len(small)} queries with {sizes[0]} rows and {len(large)} with "
        f"{sizes[-1]}: the count grows with the data (an N+1?)\n{_listing(large)}"
    )
    # The audit log's one INSERT (escalate.audit) is not the page's own work: it is allowed
    # on top of the budget, once and never more.
    logged = [sql for sql in large if sql.startswith('INSERT INTO "audit_auditentry"')]
    assert len(logged) <= 1, f"{url} writes {len(logged)} audit entries\n{_listing(large)}"
    assert len(large) - len(logged) <= limit, (
        f"{url} runs {len(large)} queries, over its budget of {limit} (and one audit entry)"
        f"\n{_listing(large)}"
    )
    return len(large)
