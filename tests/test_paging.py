"""Pages of a long list: which rows, which links, and what a wrong page number does."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from escalate.paging import paginate

ROWS = list(range(1, 101))  # 100 rows: four pages of 25


def page_of(query: str, rows: list[int] = ROWS, **kwargs: int):  # type: ignore[no-untyped-def]
    return paginate(RequestFactory().get(f"/list/{query}"), rows, **kwargs)


def test_the_first_page_is_the_first_rows_with_a_next_link() -> None:
    page = page_of("")
    assert page.rows == list(range(1, 26))
    assert (page.number, page.pages, page.total) == (1, 4, 100)
    assert page.previous_href == ""
    assert page.next_href == "?page=2"
    assert (page.first_index, page.last_index) == (1, 25)


def test_a_later_page_links_back_and_keeps_the_filters() -> None:
    page = page_of("?status=open&q=Ava&page=3")
    assert page.rows == list(range(51, 76))
    assert page.previous_href == "?status=open&q=Ava&page=2"
    assert page.next_href == "?status=open&q=Ava&page=4"


def test_the_link_to_page_one_has_no_page_number() -> None:
    assert page_of("?page=2").previous_href == "/list/"
    assert page_of("?status=open&page=2").previous_href == "?status=open"


def test_the_last_page_has_no_next_link() -> None:
    page = page_of("?page=4")
    assert page.rows == list(range(76, 101))
    assert page.next_href == ""


@pytest.mark.parametrize("number", ["0", "-1", "two", "", "1.5", "%00"])
def test_a_page_number_that_is_not_one_shows_the_first_page(number: str) -> None:
    page = page_of(f"?page={number}")
    assert page.number == 1
    assert page.rows == list(range(1, 26))


@pytest.mark.parametrize("number", ["5", "99", "9" * 40])
def test_a_page_past_the_end_shows_the_last(number: str) -> None:
    page = page_of(f"?page={number}")
    assert page.number == 4
    assert page.rows == list(range(76, 101))


def test_nearby_pages_with_ellipses_for_gaps() -> None:
    rows = list(range(1, 251))  # 10 pages
    numbers = [None if item is None else item.number for item in page_of("?page=5", rows).items]
    assert numbers == [1, None, 4, 5, 6, None, 10]
    numbers = [None if item is None else item.number for item in page_of("?page=3", rows).items]
    assert numbers == [1, 2, 3, 4, None, 10]  # one page left out is shown, not an ellipsis
    current = [item for item in page_of("?page=3", rows).items if item and item.current]
    assert [item.number for item in current] == [3]


def test_one_page_has_no_links() -> None:
    page = page_of("", list(range(7)))
    assert page.pages == 1
    assert page.items == []
    assert not page.several


def test_counting_stops_at_the_cap() -> None:
    page = page_of("?page=999", list(range(1000)), cap=100)
    assert page.more
    assert page.total == 100
    assert page.number == 4  # the last page reachable within the cap


def test_the_include_renders_the_govuk_component() -> None:
    page = page_of("?page=2&status=open")
    html = render_to_string("govuk/pagination.html", {"page": page})
    assert '<nav class="govuk-pagination" aria-label="Pagination">' in html
    assert 'href="?status=open" rel="prev"' in html
    assert 'href="?page=3&amp;status=open" rel="next"' in html or (
        'href="?status=open&amp;page=3" rel="next"' in html
    )
    assert 'aria-current="page">2</a>' in html
    summary = render_to_string(
        "govuk/pagination_summary.html", {"page": page, "noun": "escalations"}
    )
    assert "Showing 26 to 50 of 100 escalations" in summary


def test_the_include_shows_nothing_for_one_page() -> None:
    page = page_of("", [1])
    assert render_to_string("govuk/pagination.html", {"page": page}).strip() == ""
    summary = render_to_string(
        "govuk/pagination_summary.html", {"page": page, "noun": "escalations", "one": "escalation"}
    )
    assert "1 escalation<" in summary


@pytest.mark.django_db
def test_the_count_does_not_sort_what_it_counts() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from escalate.partnerships.models import Partnership

    for n in range(3):
        Partnership.objects.create(name=f"P{n}", slug=f"p{n}", reference_prefix=f"PA{'ABC'[n]}")
    with CaptureQueriesContext(connection) as captured:
        page = paginate(
            RequestFactory().get("/list/"), Partnership.objects.order_by("-name"), cap=2
        )
    rows, count = (q["sql"] for q in captured.captured_queries)  # 3 rows: past the cap of 2
    assert "COUNT" in count
    assert "ORDER BY" not in count
    assert "ORDER BY" in rows
    assert page.more
    assert page.total == 2
    assert [p.name for p in page.rows] == ["P2", "P1", "P0"]


class _Counted(list):  # type: ignore[type-arg]
    """A list that says whether it was counted (``len``)."""

    counted = False

    def __len__(self) -> int:
        type(self).counted = True
        return super().__len__()


@pytest.mark.parametrize(
    ("query", "size", "shown"),
    [
        ("", 7, "7 escalations"),
        ("", 1, "1 escalation"),
        ("", 0, ""),
        ("?page=2", 30, "26 to 30 of 30"),
    ],
)
def test_a_last_page_that_is_not_full_is_not_counted(query: str, size: int, shown: str) -> None:
    """Its rows and those before it are all there are: the total needs no count."""
    _Counted.counted = False
    page = paginate(RequestFactory().get(f"/list/{query}"), _Counted(range(1, size + 1)))
    assert not _Counted.counted
    assert page.total == size
    assert page.rows[-1:] == ([size] if size else [])
    summary = render_to_string(
        "govuk/pagination_summary.html", {"page": page, "noun": "escalations", "one": "escalation"}
    )
    assert shown in summary
    assert bool(summary.strip()) == bool(shown)


def test_a_full_page_or_one_past_the_end_is_counted() -> None:
    _Counted.counted = False
    assert paginate(RequestFactory().get("/list/"), _Counted(range(25))).total == 25
    assert _Counted.counted
    _Counted.counted = False
    page = paginate(RequestFactory().get("/list/?page=9"), _Counted(range(30)))
    assert (page.number, page.total, page.rows) == (2, 30, list(range(25, 30)))
    assert _Counted.counted


@pytest.mark.django_db
def test_rows_read_as_less_than_the_whole_item_are_counted_without_their_joins() -> None:
    """``shown`` reads each row as the page shows it (here two columns, one from a joined
    table) while the count is of the list itself, with no join it does not need."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from escalate.partnerships.models import Agency, Partnership

    partnership = Partnership.objects.create(name="P", slug="p", reference_prefix="PAA")
    for n in range(30):
        Agency.objects.create(partnership=partnership, name=f"Agency {n:02d}", kind="school")
    with CaptureQueriesContext(connection) as captured:
        page = paginate(
            RequestFactory().get("/list/"),  # a full first page: the list is counted
            Agency.objects.order_by("name"),
            shown=lambda found: found.values_list("name", "partnership__slug"),
        )
    rows, count = (q["sql"] for q in captured.captured_queries)
    assert page.rows == [(f"Agency {n:02d}", "p") for n in range(25)]
    assert page.total == 30
    assert "JOIN" in rows
    assert "COUNT" in count
    assert "JOIN" not in count
