"""Limits that keep a hostile policy file from holding the server.

The largest shipped policy is 17 KB and is read in milliseconds. Without these limits,
322 bytes of nested aliases ("billion laughs") took 9 s and 1.1 GB in the loader, and a
60 MB list took minutes: anchors are refused (so every alias is undefined), the size is
capped and reading stops at a deadline.
"""

from __future__ import annotations

import time
from typing import Any

import yaml

MAX_POLICY_BYTES = 256 * 1024
PARSE_SECONDS = 5.0


class LimitError(Exception):
    """A file refused by a limit: the line (if known) and what to do."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def too_large(size: int) -> LimitError:
    return LimitError(
        None,
        f"the file is {size / 1024:,.0f} KB, and a policy file can be at most "
        f"{MAX_POLICY_BYTES // 1024} KB (the largest shipped policy is 17 KB). "
        "Check that this is the right file",
    )


def check_size(text: str) -> None:
    if len(text) > MAX_POLICY_BYTES or len(text.encode("utf-8")) > MAX_POLICY_BYTES:
        raise too_large(len(text.encode("utf-8")))


class BoundedComposer(yaml.SafeLoader):
    """A YAML loader that refuses anchors and stops at its deadline."""

    deadline = float("inf")

    def start_clock(self) -> None:
        self.deadline = time.monotonic() + PARSE_SECONDS

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            raise LimitError(
                line,
                f"'&{anchor}' is a YAML anchor. Anchors and aliases (&name, *name) are not "
                "allowed in a policy file: write each value out in full",
            )
        if time.monotonic() > self.deadline:
            raise LimitError(
                line,
                f"reading the file took longer than {PARSE_SECONDS:g} seconds, so it was "
                "stopped here. A policy file is read in well under a second: check that this "
                "is the right file",
            )
        return super().compose_node(parent, index)
