"""Signing in with a username and password, and loading the signed-in person on each request
in one query: with their agency, their partnership (every page's header shows them) and the
roles they hold (every page asks whether they are one of the partnership's officers)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.db.models.sql.compiler import SQLCompiler

from escalate.partnerships.models import Person, RoleHolder


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


class PersonBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Person | None:
        person: Person | None = (
            with_roles(Person._default_manager.select_related("agency__partnership"))
            .filter(pk=user_id)
            .first()
        )
        if person is None or not self.user_can_authenticate(person):
            return None
        held: str = getattr(person, "held_roles", None) or ""
        person._role_keys = frozenset(filter(None, held.split(",")))
        return person
