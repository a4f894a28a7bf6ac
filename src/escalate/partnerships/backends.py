"""Signing in with a username and password, and loading the signed-in person on each request
in one query: with their agency, their partnership (every page's header shows them), the
roles they hold (every page asks whether they are one of the partnership's officers), and
the other facts about them that every page needs, each a subquery of the same SELECT.

Facts that belong to another app (the unread count is the notifications app's) are
registered by that app, from its ``AppConfig.ready``, with ``add_signed_in_fact``: this app
imports none of them. The ones this app reads itself: whether the person manages anyone
(home's filters) and the stamp of their partnership's policy versions (``versions``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Aggregate, CharField, Exists, OuterRef, Subquery
from django.db.models.expressions import BaseExpression
from django.db.models.sql.compiler import SQLCompiler

from escalate.partnerships.models import Person, RoleHolder
from escalate.partnerships.versions import STAMP, stamp_expression

MANAGES_ANYONE = "signed_in_manages_anyone"  # read by Person.manages_anyone

_facts: dict[str, Callable[[], BaseExpression]] = {}


def add_signed_in_fact(name: str, expression: Callable[[], BaseExpression]) -> None:
    """Work ``name`` out in the signed-in person's one query, as ``expression()`` on their
    row (``OuterRef("pk")`` is the person): ``person.<name>`` on every request."""
    _facts[name] = expression


class _Joined(Aggregate):
    """The values joined with commas (role keys are slugs: they never hold one)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler: SQLCompiler, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def with_roles(people: Any) -> Any:
    """``people`` with each one's role keys worked out in the same query."""
    roles = (
        RoleHolder.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(keys=_Joined("role"))
        .values("keys")
    )
    return people.annotate(held_roles=Subquery(roles, output_field=CharField()))


def _manages_anyone() -> BaseExpression:
    return Exists(Person.objects.filter(line_manager=OuterRef("pk")))


add_signed_in_fact(MANAGES_ANYONE, _manages_anyone)
add_signed_in_fact(STAMP, stamp_expression)


def _people() -> Any:
    people = with_roles(Person._default_manager.select_related("agency__partnership"))
    return people.annotate(**{name: expression() for name, expression in _facts.items()})


_ANY_ID = -424_242_424  # stands for the person's id while the statement is compiled


@dataclass(frozen=True)
class _Statement:
    """The person's query compiled once per process and database: building and compiling
    its subqueries in the ORM took longer (about 4 ms) than running it (0.2 ms)."""

    sql: str
    params: tuple[Any, ...]
    at: int  # where the person's id goes in ``params``
    query: Any
    columns: list[Any]
    klass_info: dict[str, Any]
    annotations: dict[str, int]


_statements: dict[tuple[str, tuple[str, ...]], _Statement] = {}


def _statement(alias: str) -> _Statement:
    key = (alias, tuple(_facts))
    found = _statements.get(key)
    if found is None:
        query = _people().filter(pk=_ANY_ID).order_by().query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        found = _Statement(
            sql,
            tuple(params),
            list(params).index(_ANY_ID),
            query,
            [column for column, _, _ in compiler.select],
            compiler.klass_info,
            dict(compiler.annotation_col_map),
        )
        _statements[key] = found
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


def signed_in_person(user_id: Any) -> Person | None:
    """The person, with their roles and every registered fact, in one query."""
    try:
        pk = Person._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = router.db_for_read(Person)
    statement = _statement(alias)
    params = list(statement.params)
    params[statement.at] = pk
    with connections[alias].cursor() as cursor:
        cursor.execute(statement.sql, params)
        found = cursor.fetchone()
    if found is None:
        return None
    compiler = statement.query.get_compiler(using=alias)
    converters = compiler.get_converters(statement.columns)
    row = next(iter(compiler.apply_converters([found], converters))) if converters else found
    person: Person = _built(statement, statement.klass_info, list(row), alias)
    for name, index in statement.annotations.items():
        setattr(person, name, row[index])
    held: str = getattr(person, "held_roles", None) or ""
    person._role_keys = frozenset(filter(None, held.split(",")))
    return person


class PersonBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Person | None:
        person = signed_in_person(user_id)
        if person is None or not self.user_can_authenticate(person):
            return None
        return person
