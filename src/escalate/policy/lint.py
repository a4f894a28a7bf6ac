"""Warnings about a policy file that loads but may not say what its writer meant.

A warning never stops a file from loading: ``policy_warnings`` is run on a file the loader
has accepted, and each warning names the file, the line, the key path and what to check.

Today it finds one mistake: a comma inside ``[...]`` separates items, so
``record: [the discussion and its outcome, on the child's file]`` is two records, the
second being "on the child's file". An item after the first that starts with a word that
continues a sentence (on, for, in, and, which, ...) is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import yaml

from escalate.policy.loader import KeyPath, LocatedProblem, _Loader

CONTINUING_WORDS: Final = frozenset(
    {
        "on",
        "onto",
        "for",
        "in",
        "into",
        "to",
        "with",
        "without",
        "within",
        "and",
        "or",
        "but",
        "nor",
        "by",
        "at",
        "from",
        "of",
        "which",
        "who",
        "whom",
        "whose",
        "that",
        "where",
        "when",
        "including",
        "as",
        "so",
        "if",
        "unless",
        "then",
        "than",
        "e.g.",
        "i.e.",
        "etc",
        "etc.",
    }
)


def _continues(text: str) -> bool:
    words = text.split()
    return len(words) > 0 and words[0].casefold() in CONTINUING_WORDS


def _flow_items(node: yaml.Node, path: KeyPath) -> Iterator[tuple[KeyPath, yaml.SequenceNode]]:
    """Every flow sequence (``[a, b]``) in the document, with its key path."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            yield from _flow_items(value_node, (*path, key))
    elif isinstance(node, yaml.SequenceNode):
        if node.flow_style:
            yield path, node
        for index, item in enumerate(node.value):
            yield from _flow_items(item, (*path, index))


def _warning(name: str, path: KeyPath, node: yaml.SequenceNode) -> LocatedProblem | None:
    items = node.value
    plain = [item for item in items if isinstance(item, yaml.ScalarNode) and item.style is None]
    if len(items) < 2 or len(plain) != len(items):
        return None
    texts = [str(item.value) for item in plain]
    suspect = next((t for t in texts[1:] if _continues(t)), None)
    if suspect is None:
        return None
    joined = ", ".join(texts)
    return LocatedProblem(
        name,
        node.start_mark.line + 1,
        path,
        f"warning: this list is read as {len(texts)} items, because a comma inside [...] "
        f"starts a new item, and '{suspect}' looks like the rest of a sentence. If it is one "
        f'item, put it in double quotes: ["{joined}"]. If they are separate items, start '
        "each with a word that does not continue the one before",
    )


def policy_warnings(text: str, name: str = "<policy>") -> list[LocatedProblem]:
    """Warnings about a policy file's text (one the loader accepts), in file order."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        return []
    found = (_warning(name, path, seq) for path, seq in _flow_items(node, ()))
    return [problem for problem in found if problem is not None]
