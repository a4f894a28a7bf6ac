"""Reading policy files: YAML in, a checked ``Policy`` out, or messages that say where and what.

Whatever the input, the loader either returns a policy or raises ``PolicyError``, whose
problems each name the file, the line, the key path and what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from escalate.policy.explain import describe, validation_message
from escalate.policy.limits import (
    MAX_POLICY_BYTES,
    BoundedComposer,
    LimitError,
    check_size,
    too_large,
)
from escalate.policy.references import check_references
from escalate.policy.routing import route_problems
from escalate.policy.schema import Policy

KeyPath = tuple[str | int, ...]
FORMAT_DOC = "docs/policy-format.md"


@dataclass(frozen=True)
class LocatedProblem:
    file: str
    line: int | None
    path: KeyPath
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.path:
            where.append(format_path(self.path))
        return f"{', '.join(where)}: {self.message}"


class PolicyError(Exception):
    """A policy file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[LocatedProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def format_path(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class _Loader(BoundedComposer):
    """YAML 1.1 without its surprises: 17:00 and 2.10 stay text, 'no' is not false, and
    dates are read by the schema (so a wrong one is reported with its line)."""


_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), None)
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), None)


def _walk(
    node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]
) -> Iterator[tuple[KeyPath, int, str]]:
    """Record the line of every key path; yield (path, line, message) for duplicate keys."""
    if path not in lines:
        lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = (*path, key)
            if key in seen:
                yield (
                    child,
                    key_node.start_mark.line + 1,
                    f"the key '{key}' appears twice in the same section. Keep one of them",
                )
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            yield from _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*path, index), lines)


def _line_for(path: KeyPath, lines: dict[KeyPath, int]) -> int | None:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _problem(name: str, line: int | None, message: str) -> PolicyError:
    return PolicyError([LocatedProblem(name, line, (), message)])


_UNCLOSED = ("while scanning a quoted scalar", "while parsing a flow")


def _yaml_problem(error: yaml.MarkedYAMLError, name: str) -> PolicyError:
    context = error.context or ""
    # An unclosed quote or bracket is reported where the file ends; point at where it opened.
    mark = error.problem_mark or error.context_mark
    if context.startswith(_UNCLOSED) and error.context_mark is not None:
        mark = error.context_mark
    problem = (error.problem or context or "it is not valid YAML").strip()
    return _problem(
        name,
        mark.line + 1 if mark else None,
        f"this is not valid YAML ({problem}). Check the indentation, close every quote and "
        "bracket, and put text containing ': ' or '#' in quotes",
    )


def _parse(text: str, name: str) -> tuple[Any, dict[KeyPath, int]]:
    lines: dict[KeyPath, int] = {}
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        loader.start_clock()
        node = loader.get_single_node()
        if node is None:
            raise _problem(
                name, None, f"the file is empty. Write the policy as described in {FORMAT_DOC}"
            )
        duplicates = list(_walk(node, (), lines))
        if duplicates:
            raise PolicyError(
                [LocatedProblem(name, line, path, message) for path, line, message in duplicates]
            )
        data = loader.construct_document(node)
    except PolicyError:
        raise
    except LimitError as error:
        raise _problem(name, error.line, error.message) from None
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, name) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise _problem(
            name, line, "the file contains a control character that is not allowed. Remove it"
        ) from None
    except yaml.YAMLError as error:
        raise _problem(name, None, f"this is not valid YAML ({error}).") from None
    except RecursionError:
        raise _problem(name, None, "the file is nested too deeply to be a policy.") from None
    except Exception as error:  # PyYAML's constructors fail in many ways on odd input.
        raise _problem(
            name, None, f"a value could not be read ({error}). Put text in quotes"
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def _unencodable(value: object, path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """The key path of the first text that is not valid Unicode, if any."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found = _unencodable(key, path) if isinstance(key, str) else None
        found = found or _unencodable(item, (*path, key))
        if found is not None:
            return found
    return None


def load_policy_text(text: str, name: str = "<policy>") -> Policy:
    """Parse and check one policy; raise ``PolicyError`` with every problem found."""
    try:
        check_size(text)
    except LimitError as error:
        raise _problem(name, None, error.message) from None
    data, lines = _parse(text, name)
    if not isinstance(data, dict):
        raise PolicyError(
            [
                LocatedProblem(
                    name,
                    1,
                    (),
                    f"a policy is a section of keys and values (id:, partnership:, stages:, ...), "
                    f"but this file holds {describe(data)}. See {FORMAT_DOC}",
                )
            ]
        )
    broken = _unencodable(data, ())
    if broken is not None:  # e.g. "\ud800": it could be stored but never shown or printed
        raise PolicyError(
            [
                LocatedProblem(
                    name,
                    _line_for(broken, lines),
                    broken,
                    "this text has a character that is not a real character (a lone "
                    "surrogate, such as \\ud800); remove it or write the character itself",
                )
            ]
        )
    try:
        policy = Policy.model_validate(data)
    except ValidationError as error:
        problems = [
            LocatedProblem(
                name,
                _line_for(tuple(detail["loc"]), lines),
                tuple(detail["loc"]),
                validation_message(detail),
            )
            for detail in error.errors(include_url=False)
        ]
        raise PolicyError(problems) from None
    references = [*check_references(policy), *route_problems(policy)]
    if references:
        raise PolicyError(
            [
                LocatedProblem(name, _line_for(problem.path, lines), problem.path, problem.message)
                for problem in references
            ]
        )
    return policy


def load_policy(path: Path) -> Policy:
    try:
        with path.open("rb") as file:  # Never more than the limit, even from a pipe.
            raw = file.read(MAX_POLICY_BYTES + 1)
        if len(raw) > MAX_POLICY_BYTES:
            size = max(path.stat().st_size, len(raw))
            raise _problem(str(path), None, too_large(size).message)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise PolicyError(
            [LocatedProblem(str(path), None, (), "there is no such file. Check the path")]
        ) from None
    except UnicodeDecodeError:
        raise PolicyError(
            [LocatedProblem(str(path), None, (), "the file is not UTF-8 text. Save it as UTF-8")]
        ) from None
    except OSError as error:
        raise PolicyError(
            [LocatedProblem(str(path), None, (), f"the file cannot be read ({error.strerror}).")]
        ) from None
    return load_policy_text(text, str(path))


def shipped_policies() -> dict[str, Policy]:
    """The policies shipped in the package, by id, in file order."""
    folder = resources.files("escalate.policy") / "policies"
    found: dict[str, Policy] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yaml"):
            policy = load_policy_text(entry.read_text(encoding="utf-8"), entry.name)
            found[policy.id] = policy
    return found


def find_policy(id_or_file: str) -> Policy:
    """A shipped policy by its id, or a policy file by its path."""
    shipped = shipped_policies()
    if id_or_file in shipped:
        return shipped[id_or_file]
    path = Path(id_or_file)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_policy(path)
    raise PolicyError(
        [
            LocatedProblem(
                id_or_file,
                None,
                (),
                f"there is no shipped policy with this id and no such file. The shipped "
                f"policies are: {', '.join(shipped)}",
            )
        ]
    )
