"""Queries compiled once per process and run again with new values.

Building and compiling a query in Django's ORM can cost more than the database takes to run
it: the escalation page's query of the escalation and the five rows it names took about
2 ms to compile and under 0.5 ms to run; the signed-in person's (with its subqueries) about
4 ms to compile and 0.2 ms to run. A query asked on every request is built here once, with a
stand-in for each value it is asked with, and its SQL kept; each run puts the real values
where the stand-ins were::

    from escalate.compiled import Compiled

    by_reference = Compiled(
        Escalation, lambda reference: Escalation.objects.filter(reference=reference)[:1]
    )
    escalation = by_reference.first(reference="BRE-2026-0001")

Each stand-in must appear exactly once among the compiled query's parameters, or the query
is refused when it is first compiled (``CompileError``), never run with a value in the wrong
place: a value the ORM changes on its way into SQL (``name__icontains`` wraps it in ``%``)
cannot be a parameter here. Values are whole numbers, strings or tuples of them; a tuple's
length is part of the query's shape (``role__in`` writes one placeholder per item), as is
anything ``shape`` returns, so each length or shape is compiled once. Slices and the order
are part of the SQL, not values. Rows come back as the ORM would give them: model instances
with their ``select_related`` rows and annotations (``instances``, ``first``).

A long list is compiled a page at a time (each page's slice is part of its SQL: the first
pages people read are kept, ``KEPT`` statements in all) and counted up to a cap, the count
of the list itself, not of what ``shown`` reads for each row on the page::

    waiting = Compiled(Participant, lambda person: ..., shown=lambda found: found.values_list(...))
    page = paginate(request, waiting.listing(person=person.pk))

A lookup by a key, asked on every request, is also planned once per connection on
PostgreSQL with ``prepared=True`` (``escalate.ops.prepared``: never a query that reads a
partial index by a value it passes).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import router
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesListIterable

from escalate.ops.prepared import cursor_for

M = TypeVar("M", bound=Model)
Value = int | str | tuple[int | str, ...]
# What is read: everything (None), a page of rows (start, stop) or a count up to a cap (cap,).
Window = tuple[int, int] | tuple[int] | None
KEPT = 512  # statements kept by each compiled query (its shapes and pages)

_counter = itertools.count(1)
_lock = threading.Lock()


class CompileError(Exception):
    """A query cannot be compiled once: a value does not reach its SQL as it was given."""


def _stand_in(value: Value) -> Value:
    """A value of the same kind and length that no real query is asked with."""
    if isinstance(value, tuple):
        return tuple(_stand_in(item) for item in value)  # type: ignore[misc]
    number = next(_counter)
    return -(424_240_000_000 + number) if isinstance(value, int) else f"\x1f{number}\x1f"


def _flat(value: Value) -> list[int | str]:
    return list(value) if isinstance(value, tuple) else [value]


def _kind(item: Any) -> str:
    if isinstance(item, bool) or not isinstance(item, int | str):
        raise CompileError(f"a compiled query's value must be a number or a string, not {item!r}")
    return type(item).__name__


def _shape_of(values: dict[str, Value]) -> tuple[Hashable, ...]:
    """Each value's name and kind, a tuple's as the kind of each item (checked every run)."""
    return tuple(
        (name, tuple(_kind(item) for item in value) if isinstance(value, tuple) else _kind(value))
        for name, value in sorted(values.items())
    )


@dataclass(frozen=True)
class _Statement:
    sql: str | None  # None: the query can match nothing (the ORM found it empty)
    params: tuple[Any, ...]
    places: dict[str, list[int]]  # where each value (each item of a tuple) goes in params
    query: Any
    columns: list[Any]
    klass_info: dict[str, Any] | None
    annotations: dict[str, int]
    order: list[int] | None = None  # for a values_list: each field's column


class Compiled(Generic[M]):
    """The query of ``model`` that ``build(**values)`` returns, compiled once per database
    and shape."""

    def __init__(
        self,
        model: type[M],
        build: Callable[..., QuerySet[M]],
        shape: Callable[[], Hashable] | None = None,
        shown: Callable[[QuerySet[M]], QuerySet[Any]] | None = None,
        prepared: bool = False,
    ) -> None:
        self._model = model
        self._build = build
        self._shape = shape
        self._shown = shown  # what a page reads of each row (``listing``)
        self._prepared = prepared  # planned once per connection (escalate.ops.prepared)
        self._statements: dict[Hashable, _Statement] = {}

    def _statement(self, alias: str, values: dict[str, Value], window: Window) -> _Statement:
        key = (alias, _shape_of(values), self._shape() if self._shape else None, window)
        found = self._statements.get(key)
        if found is None:
            with _lock:
                found = self._statements.get(key) or self._compile(alias, values, window)
                if len(self._statements) >= KEPT:  # the oldest goes
                    del self._statements[next(iter(self._statements))]
                self._statements[key] = found
        return found

    def _queryset(self, stand_ins: dict[str, Value], window: Window) -> QuerySet[Any]:
        found: QuerySet[Any] = self._build(**stand_ins)
        if found.model is not self._model:
            raise CompileError(f"the query is of {found.model}, not {self._model}")
        if window is None:
            return found
        if len(window) == 1:  # counted: in no order, at most the cap and one more, and
            # only the keys, without the rows select_related joins to them
            return found.order_by().values("pk")[: window[0] + 1]
        start, stop = window
        return (self._shown(found) if self._shown else found)[start:stop]

    def _compile(self, alias: str, values: dict[str, Value], window: Window) -> _Statement:
        stand_ins = {name: _stand_in(value) for name, value in values.items()}
        found = self._queryset(stand_ins, window)
        query = found.query
        compiler = query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _Statement(None, (), {}, query, [], None, {})
        if window is not None and len(window) == 1:
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"
        params = tuple(params)
        places: dict[str, list[int]] = {}
        for name, stand_in in stand_ins.items():
            places[name] = []
            for item in _flat(stand_in):
                at = [i for i, param in enumerate(params) if param == item]
                if len(at) != 1:
                    raise CompileError(
                        f"the value {name!r} appears {len(at)} times among the compiled "
                        "query's parameters, not once: it cannot be compiled once"
                    )
                places[name].append(at[0])
        return _Statement(
            sql,
            params,
            places,
            query,
            [column for column, _, _ in compiler.select],
            compiler.klass_info,
            dict(compiler.annotation_col_map),
            _values_order(found),
        )

    def _rows(
        self, values: dict[str, Value], window: Window = None
    ) -> tuple[_Statement, str, list[list[Any]]]:
        alias = router.db_for_read(self._model)
        statement = self._statement(alias, values, window)
        if statement.sql is None:
            return statement, alias, []
        params = list(statement.params)
        for name, value in values.items():
            for at, item in zip(statement.places[name], _flat(value), strict=True):
                params[at] = item
        with cursor_for(alias, prepared=self._prepared) as cursor:
            cursor.execute(statement.sql, params)
            found = cursor.fetchall()
        if window is not None and len(window) == 1:
            return statement, alias, [list(row) for row in found]
        compiler = statement.query.get_compiler(using=alias)
        converters = compiler.get_converters(statement.columns)
        rows = compiler.apply_converters(found, converters) if converters else found
        return statement, alias, [list(row) for row in rows]

    def instances(self, **values: Value) -> list[M]:
        """The query's rows for ``values``, as model instances with their related rows."""
        statement, alias, rows = self._rows(values)
        return _made(statement, alias, rows)

    def page(self, start: int, stop: int, **values: Value) -> list[Any]:
        """Rows ``start`` to ``stop`` of the list for ``values``, each as ``shown`` reads it
        (a values_list's tuples) or as a model instance."""
        statement, alias, rows = self._rows(values, (start, stop))
        if statement.order is not None:
            return [tuple(row[i] for i in statement.order) for row in rows]
        return _made(statement, alias, rows)

    def count(self, cap: int, **values: Value) -> int:
        """How many rows the list has for ``values``, up to ``cap`` and one more."""
        _, _, rows = self._rows(values, (cap,))
        return int(rows[0][0]) if rows else 0

    def listing(self, **values: Value) -> Listing:
        """The list for ``values``, for ``escalate.paging.paginate``."""
        return Listing(self, values)

    def first(self, **values: Value) -> M | None:
        """The first row for ``values`` (build the query with ``[:1]`` to read only one)."""
        found = self.instances(**values)
        return found[0] if found else None


@dataclass(frozen=True)
class Listing:
    """A compiled list with its values, as ``paginate`` reads it: a page by its slice, and
    its length counted up to a cap."""

    compiled: Compiled[Any]
    values: dict[str, Value]

    def __getitem__(self, rows: slice) -> list[Any]:
        return self.compiled.page(rows.start or 0, rows.stop, **self.values)

    def count_to(self, cap: int) -> int:
        return self.compiled.count(cap, **self.values)


def _values_order(found: QuerySet[Any]) -> list[int] | None:
    """For a values_list, where each of its fields is among the columns the SQL selects
    (fields, then annotations, as Django writes them); None for model instances."""
    if not issubclass(found._iterable_class, ValuesListIterable):
        return None
    query = found.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    fields = list(found._fields) or names  # type: ignore[attr-defined]
    return [names.index(name) for name in fields]


def _made(statement: _Statement, alias: str, rows: list[list[Any]]) -> list[Any]:
    """Model instances from ``rows``, with their related rows and annotations."""
    found = []
    for row in rows:
        assert statement.klass_info is not None
        instance = _built(statement, statement.klass_info, row, alias)
        for name, index in statement.annotations.items():
            setattr(instance, name, row[index])
        found.append(instance)
    return found


def _built(statement: _Statement, info: dict[str, Any], row: list[Any], alias: str) -> Any:
    """The model instance ``info`` describes from ``row`` (None for a missing left join),
    with the related instances selected with it cached on it, as the ORM does."""
    fields = info["select_fields"]
    values = [row[i] for i in fields]
    model = info["model"]
    names = [statement.columns[i].target.attname for i in fields]
    if values[names.index(model._meta.pk.attname)] is None:
        return None
    instance = model.from_db(alias, names, values)
    for related in info.get("related_klass_infos", ()):
        obj = _built(statement, related, row, alias)
        related["local_setter"](instance, obj)
        if obj is not None:
            related["remote_setter"](obj, instance)
    return instance
