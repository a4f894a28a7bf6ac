"""Keeping children's names out of reports: free text (decisions, lessons, answers) is
shown only with the child's name, and each part of it, taken out."""

from __future__ import annotations

import re
from functools import lru_cache

REMOVED = "[the child]"


@lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str]:
    words = name.split()
    pieces = {p for word in words for p in re.split(r"[\-']+", word)}
    parts = sorted({p for p in (*words, *pieces) if len(p) >= 2}, key=len, reverse=True)
    patterns = [re.escape(name), *(re.escape(p) for p in parts)]
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)


def redact(text: str, child_name: str) -> str:
    """``text`` without the child's full name or any part of it (any case)."""
    name = " ".join(child_name.split())
    if not name:
        return text
    return _pattern(name).sub(REMOVED, text)
