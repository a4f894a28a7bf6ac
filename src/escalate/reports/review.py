"""Reviewing the report's texts before they are published. A decision, a lesson or an answer
is printed in the Board report, its CSV and PDF only once an officer has read it and found
that it identifies nobody; until then the report says it is withheld. A review holds for the
text as it was read (its SHA-256): a text that changes must be reviewed again."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from escalate.escalations.services import ActionRefused
from escalate.partnerships.models import Partnership, Person
from escalate.reports.figures import binding_decisions_in, learning_in, meetings_held_in
from escalate.reports.models import TextReview, TextSource
from escalate.reports.period import Period

WITHHELD = "Withheld: not yet reviewed by an officer"
Reviewed = frozenset[tuple[str, int, str]]


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reviewed_for(partnership: Partnership) -> Reviewed:
    """Every (source, id, sha256) an officer of the partnership has reviewed: one query."""
    return frozenset(
        TextReview.objects.filter(partnership=partnership).values_list(
            "source", "object_id", "sha256"
        )
    )


def shown(reviewed: Reviewed, source: str, pk: int, text: str) -> str:
    """``text`` if it was reviewed as it stands, else the withheld marker."""
    return text if (source, pk, text_sha(text)) in reviewed else WITHHELD


@dataclass(frozen=True)
class Text:
    source: str
    pk: int
    reference: str
    what: str
    text: str
    sha256: str
    reviewed: bool


def texts_in(partnership: Partnership, period: Period) -> list[Text]:
    """Every text the report for ``period`` would print, in the report's order."""
    reviewed = reviewed_for(partnership)
    rows: list[tuple[str, int, str, str, str]] = []
    meetings = meetings_held_in(partnership, period).exclude(decision="").order_by("held_at", "pk")
    for pk, reference, name, decision in meetings.values_list(
        "pk", "escalation__reference", "name", "decision"
    ):
        rows.append((TextSource.DECISION, pk, reference, f"Decision of the {name}", decision))
    for found in binding_decisions_in(partnership, period):
        if found.meeting is None:  # a meeting's is reviewed as the meeting's decision
            what = "Final binding decision"
            rows.append((TextSource.BINDING, found.event, found.reference, what, found.text))
    items = learning_in(partnership, period).order_by("raised_at", "pk")
    for pk, reference, kind, text, answer in items.values_list(
        "pk", "escalation__reference", "kind", "text", "answer"
    ):
        label = kind.replace("-", " ").capitalize()
        rows.append((TextSource.LEARNING, pk, reference, label, text))
        if answer:
            rows.append(
                (TextSource.ANSWER, pk, reference, f"Answer to the {label.lower()}", answer)
            )
    return [
        Text(s, pk, ref, what, text, text_sha(text), (s, pk, text_sha(text)) in reviewed)
        for s, pk, ref, what, text in rows
    ]


def text_review(
    *,
    partnership: Partnership,
    by: Person,
    source: str,
    pk: int,
    sha256: str,
    period: Period,
    now: dt.datetime | None = None,
) -> Text:
    """Record that ``by`` read the text (as it was when the page showed it) and found that it
    identifies nobody."""
    found = next(
        (t for t in texts_in(partnership, period) if (t.source, t.pk) == (source, pk)), None
    )
    if found is None:
        raise ActionRefused("That text is not in this report any more: reload the page")
    if found.sha256 != sha256:
        raise ActionRefused("That text has changed since the page was shown: read it again")
    try:
        with transaction.atomic():
            TextReview.objects.create(
                partnership=partnership,
                source=source,
                object_id=pk,
                sha256=sha256,
                reviewed_by=by,
                reviewed_at=now or timezone.now(),
            )
    except IntegrityError:
        pass  # reviewed already: the same answer
    return found
