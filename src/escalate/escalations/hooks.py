"""Listeners told of each new event inside the transaction that records it, so whatever
they write (a webhook delivery) exists exactly when the event does. Apps above this one
register at start-up (in their AppConfig.ready); this app never imports them."""

from __future__ import annotations

from collections.abc import Callable

from escalate.escalations.models import Escalation, Event

Listener = Callable[[Escalation, Event], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def recorded(escalation: Escalation, event: Event) -> None:
    for listener in _listeners:
        listener(escalation, event)
