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
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Aggregate, CharField, Exists, OuterRef, Subquery
from django.db.models.expressions import BaseExpression
from django.db.models.sql.compiler import SQLCompiler

from escalate.compiled import Compiled
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


# Compiled once per process: building and compiling its subqueries in the ORM took longer
# (about 4 ms) than running it (0.2 ms). A fact registered later compiles it again.
_PERSON: Compiled[Person] = Compiled(
    Person,
    lambda pk: _people().filter(pk=pk).order_by(),
    shape=lambda: tuple(_facts),
    prepared=True,
)


def signed_in_person(user_id: Any) -> Person | None:
    """The person, with their roles and every registered fact, in one query."""
    try:
        pk = Person._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    if not isinstance(pk, int):
        return None
    person = _PERSON.first(pk=pk)
    if person is None:
        return None
    held: str = getattr(person, "held_roles", None) or ""
    person._role_keys = frozenset(filter(None, held.split(",")))
    return person


class PersonBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Person | None:
        person = signed_in_person(user_id)
        if person is None or not self.user_can_authenticate(person):
            return None
        return person
