"""Password rules beside Django's: no password that is only a date or only digits."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_SEPARATORS = re.compile(r"[\s\-/.,_:]+")
_DATE_LIKE = re.compile(rf"(?:\d+(?:st|nd|rd|th)?)?(?:{_MONTHS})?\d*", re.IGNORECASE)


def looks_like_a_date(password: str) -> bool:
    """20261201, 01/12/2026, 1 Dec 2026, December-2026: digits and at most a month name."""
    bare = _SEPARATORS.sub("", password)
    return bool(bare) and _DATE_LIKE.fullmatch(bare) is not None


class DateLikePasswordValidator:
    """Refuses a password made only of digits, separators and a month's name: a date of
    birth or an anniversary is among the first things guessed."""

    def validate(self, password: str, user: Any = None) -> None:
        if looks_like_a_date(password):
            raise ValidationError(
                "Your password cannot be only numbers or a date. Use three or more random "
                "words, for example 'harbour-violet-stapler'",
                code="password_date_like",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be only numbers or a date."
