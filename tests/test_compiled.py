"""Queries compiled once (``escalate.compiled``): each run gives what the ORM would give for
its own values, never another run's, and a query whose values do not reach its SQL as given
is refused when it is first compiled."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q

from escalate.compiled import Compiled, CompileError
from escalate.partnerships.models import Agency, Partnership, Person

pytestmark = pytest.mark.django_db


def people(partnership: Partnership, *names: str) -> list[Person]:
    agency, _ = Agency.objects.get_or_create(
        partnership=partnership, name=f"{partnership.name} school", kind="school"
    )
    return [
        Person.objects.create(username=f"{name}.{partnership.slug}", first_name=name, agency=agency)
        for name in names
    ]


@pytest.fixture
def two() -> tuple[list[Person], list[Person]]:
    first = Partnership.objects.create(name="First", slug="first", reference_prefix="FIR")
    second = Partnership.objects.create(name="Second", slug="second", reference_prefix="SEC")
    return people(first, "Ada", "Ben", "Cy"), people(second, "Dee")


BY_NAMES: Compiled[Person] = Compiled(
    Person,
    lambda partnership, names: (
        Person.objects.select_related("agency__partnership")
        .filter(agency__partnership__slug=partnership, first_name__in=names)
        .annotate(colleagues=Count("agency__people"))
        .order_by("first_name")
    ),
)


def test_each_run_gives_what_the_orm_gives_for_its_own_values(two) -> None:  # type: ignore[no-untyped-def]
    for partnership, names in [("first", ("Ada", "Cy")), ("second", ("Dee",)), ("first", ("Ben",))]:
        found = BY_NAMES.instances(partnership=partnership, names=names)
        expected = list(
            Person.objects.filter(agency__partnership__slug=partnership, first_name__in=names)
            .annotate(colleagues=Count("agency__people"))
            .order_by("first_name")
        )
        assert [(p.pk, p.colleagues) for p in found] == [(p.pk, p.colleagues) for p in expected]  # type: ignore[attr-defined]
        # The related rows came with them, as select_related gives them.
        assert all(p.agency.partnership.slug == partnership for p in found)


def test_nothing_found_and_an_empty_list_of_values(two) -> None:  # type: ignore[no-untyped-def]
    assert BY_NAMES.instances(partnership="first", names=("Nobody",)) == []
    assert BY_NAMES.instances(partnership="first", names=()) == []
    assert BY_NAMES.first(partnership="nowhere", names=("Ada",)) is None
    assert BY_NAMES.first(partnership="first", names=("Cy", "Ben")).first_name == "Ben"  # type: ignore[union-attr]


def test_a_value_the_orm_changes_on_its_way_is_refused() -> None:
    by_part = Compiled(Person, lambda name: Person.objects.filter(first_name__icontains=name))
    with pytest.raises(CompileError, match="appears 0 times"):
        by_part.instances(name="ad")


def test_a_value_used_twice_is_refused() -> None:
    twice = Compiled(
        Person, lambda name: Person.objects.filter(Q(first_name=name) | Q(last_name=name))
    )
    with pytest.raises(CompileError, match="appears 2 times"):
        twice.instances(name="Ada")


def test_a_value_that_is_not_a_number_or_a_string_is_refused() -> None:
    with pytest.raises(CompileError, match="must be a number or a string"):
        BY_NAMES.instances(partnership="first", names=(None,))  # type: ignore[arg-type]


def test_a_query_of_another_model_is_refused() -> None:
    wrong = Compiled(Person, lambda pk: Agency.objects.filter(pk=pk))  # type: ignore[arg-type]
    with pytest.raises(CompileError, match="not"):
        wrong.instances(pk=1)


def test_a_new_shape_compiles_again(two) -> None:  # type: ignore[no-untyped-def]
    shapes = ["first_name"]
    ordered = Compiled(
        Person,
        lambda slug: Person.objects.filter(agency__partnership__slug=slug).order_by(shapes[0]),
        shape=lambda: shapes[0],
    )
    assert [p.first_name for p in ordered.instances(slug="first")] == ["Ada", "Ben", "Cy"]
    shapes[0] = "-first_name"
    assert [p.first_name for p in ordered.instances(slug="first")] == ["Cy", "Ben", "Ada"]


BY_PARTNERSHIP: Compiled[Person] = Compiled(
    Person,
    lambda slug: Person.objects.filter(agency__partnership__slug=slug).order_by("first_name"),
    shown=lambda found: found.values_list("first_name", "agency__name"),
)


def test_a_list_comes_a_page_at_a_time_and_is_counted_without_what_the_rows_read(two) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from escalate.paging import paginate

    first = Partnership.objects.get(slug="first")
    people(first, *(f"P{n:02d}" for n in range(30)))  # 33 in all: two pages
    with CaptureQueriesContext(connection) as captured:
        page = paginate(RequestFactory().get("/"), BY_PARTNERSHIP.listing(slug="first"))
    rows, count = (q["sql"] for q in captured.captured_queries)
    assert page.total == 33
    assert page.rows[:2] == [("Ada", "First school"), ("Ben", "First school")]
    assert '"partnerships_agency"."name"' in rows
    assert "COUNT(*)" in count
    assert '"partnerships_agency"."name"' not in count  # the count reads no agency names
    later = paginate(RequestFactory().get("/?page=2"), BY_PARTNERSHIP.listing(slug="first"))
    assert [name for name, _ in later.rows] == [f"P{n:02d}" for n in range(22, 30)]
    assert BY_PARTNERSHIP.listing(slug="second")[0:25] == [("Dee", "Second school")]
    assert BY_PARTNERSHIP.count(2, slug="first") == 3  # stops at the cap and one more
