"""Raise drafts: the answers a practitioner has given so far, kept on the server.

The child's details never go into the session (which travels as a cookie-keyed row and
lives as long as the sign-in). A draft belongs to one person, is replaced as they answer,
deleted when they raise or abandon it, and expires ``RAISE_DRAFT_HOURS`` after their last
answer; an expired draft is treated as absent at once, and the worker deletes it.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from escalate.escalations.models import RaiseDraft
from escalate.partnerships.models import Person


def draft_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.RAISE_DRAFT_HOURS)


def draft_answers(*, person: Person, now: dt.datetime | None = None) -> dict[str, Any]:
    """The person's answers so far; empty when there is no draft or it has expired."""
    now = now or timezone.now()
    draft = RaiseDraft.objects.filter(person=person, expires_at__gt=now).first()
    return dict(draft.answers) if draft is not None else {}


@transaction.atomic
def draft_save(
    *, person: Person, answers: dict[str, Any], now: dt.datetime | None = None
) -> RaiseDraft:
    """Replace the person's draft with these answers, expiring a lifetime from now."""
    now = now or timezone.now()
    draft, _ = RaiseDraft.objects.update_or_create(
        person=person,
        defaults={"answers": answers, "updated_at": now, "expires_at": now + draft_lifetime()},
    )
    return draft


def draft_update(
    *, person: Person, now: dt.datetime | None = None, **values: Any
) -> dict[str, Any]:
    """Add these answers to the person's draft (a new draft if theirs has expired)."""
    now = now or timezone.now()
    answers = {**draft_answers(person=person, now=now), **values}
    draft_save(person=person, answers=answers, now=now)
    return answers


def draft_discard(*, person: Person) -> None:
    RaiseDraft.objects.filter(person=person).delete()


def drafts_purge_expired(*, now: dt.datetime) -> int:
    """Delete every draft past its expiry; returns how many."""
    deleted, _ = RaiseDraft.objects.filter(expires_at__lte=now).delete()
    return deleted


def sessions_purge_expired(*, now: dt.datetime) -> int:
    """Delete expired sign-in sessions (Django keeps them until asked); returns how many
    when the sessions live in the database, else asks the session engine to clear them."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)
    if model is None:
        store.clear_expired()
        return 0
    deleted, _ = model().objects.filter(expire_date__lt=now).delete()
    return int(deleted)


def purge_job(*, now: dt.datetime, worker: str) -> dict[str, int]:
    """The worker's job: delete expired raise drafts and expired sessions."""
    return {
        "drafts deleted": drafts_purge_expired(now=now),
        "sessions deleted": sessions_purge_expired(now=now),
    }
