"""Addresses of Escalate's pages, as ``reverse`` gives them, in a fraction of its time.

Django's ``reverse`` looks through the address patterns each time it is asked, about 35
microseconds an address: the dashboard's list of 25 escalations and its links asked it 41
times a page. ``address(name, args)`` gives the same answer. For a name and the kinds of its
arguments it asks ``reverse`` once, with stand-ins, and keeps the address around them; each
later call puts its own arguments where the stand-ins were. It does so only where the answer
cannot differ from ``reverse``'s:

- the name has one address pattern, in no namespace (``reverse`` may choose between
  several by the arguments, and a namespace by the current application);
- each argument is one that the converters of Escalate's addresses (``str``, ``slug``,
  ``int``) take as it is and that ``reverse`` would not quote: a whole number from 0, or a
  string of letters, digits, ``-`` and ``_``, as references, stage keys and actions are.

Anything else (keyword arguments, other characters, a name ``reverse`` cannot find) is
asked of ``reverse`` itself, so an address that does not exist still fails as it would.
The addresses kept are per address configuration and script prefix (an install under a
path, ``FORCE_SCRIPT_NAME``, has its own).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse

_PLAIN = re.compile(r"[A-Za-z0-9_-]+")
_MOST_KEPT = 2048  # names and kinds of arguments; Escalate has a few hundred
_kept: dict[tuple[Any, ...], tuple[str, ...] | None] = {}


def _plain(value: Any) -> bool:
    if type(value) is int:  # not bool, which reverse writes as "True"
        return value >= 0
    return type(value) is str and _PLAIN.fullmatch(value) is not None


def _stand_in(kind: type, at: int) -> int | str:
    return 987_654_321_000 + at if kind is int else f"zqstandin{at}qz"


def _pieces(name: str, kinds: tuple[type, ...]) -> tuple[str, ...] | None:
    """The address of ``name`` cut where each argument goes, or None where ``reverse``
    itself must be asked."""
    if ":" in name or len(get_resolver(get_urlconf()).reverse_dict.getlist(name)) != 1:
        return None
    stand_ins = [_stand_in(kind, at) for at, kind in enumerate(kinds)]
    try:
        found = reverse(name, args=stand_ins)
    except NoReverseMatch:
        return None
    pieces: list[str] = []
    for stand_in in map(str, stand_ins):
        if found.count(stand_in) != 1:
            return None
        before, found = found.split(stand_in)
        pieces.append(before)
    return (*pieces, found)


def address(name: str, args: Sequence[Any] = ()) -> str:
    """``reverse(name, args=args)``, kept for the name and the kinds of its arguments."""
    if not all(_plain(arg) for arg in args):
        return reverse(name, args=args)
    kinds = tuple(type(arg) for arg in args)
    key = (name, kinds, get_urlconf(), get_script_prefix())
    try:
        pieces = _kept[key]
    except KeyError:
        pieces = _pieces(name, kinds)
        if len(_kept) < _MOST_KEPT:
            _kept[key] = pieces
    if pieces is None:
        return reverse(name, args=args)
    parts = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        parts += (str(arg), piece)
    return "".join(parts)
