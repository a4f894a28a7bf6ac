"""Answers a request asks for more than once, worked out once per request.

A page asks the same question many times: may this person see this escalation (the page,
its actions, its documents and its meetings each ask), who holds a role on each side, who
manages whom. ``once`` remembers each answer until the request ends::

    from escalate.memo import once

    def can_view(person, escalation):
        return once(("can-view", person.pk, escalation.pk, escalation.version), lambda: ...)

The key must name everything the answer depends on. The middleware gives each request its
own memory; outside a request (the worker, a service called from a test, a command) there
is none, so every call works its answer out afresh, exactly as without this module.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_memory: ContextVar[dict[Hashable, Any] | None] = ContextVar("escalate_memo", default=None)


def once(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``key`` earlier in this request."""
    memory = _memory.get()
    if memory is None:
        return compute()
    if key in memory:
        found: T = memory[key]
        return found
    value = compute()
    memory[key] = value
    return value


def remember(key: Hashable, value: object) -> None:
    """Store an answer worked out ahead, for many keys at once (one query for a batch)."""
    memory = _memory.get()
    if memory is not None:
        memory[key] = value


def remembered(key: Hashable) -> bool:
    memory = _memory.get()
    return memory is not None and key in memory


def active() -> bool:
    """Is there a request (or a ``remembering`` block) to remember answers for?"""
    return _memory.get() is not None


@contextmanager
def remembering() -> Iterator[None]:
    """Remember answers inside the ``with`` block (what the middleware does for a request)."""
    token = _memory.set({})
    try:
        yield
    finally:
        _memory.reset(token)


def forget() -> None:
    """Drop what this request has remembered, after it changed what the answers depend on."""
    memory = _memory.get()
    if memory is not None:
        memory.clear()


class RequestMemoMiddleware:
    """Each request starts with nothing remembered and forgets everything when it ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with remembering():
            return self.get_response(request)
