"""Pydantic's validation errors in plain words: what is wrong, and what to write instead.

The loader puts each message beside the file, line and key path it is about.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from escalate.policy.schema import Policy

KeyPath = tuple[str | int, ...]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _section_at(path: KeyPath) -> type[BaseModel] | None:
    """The schema class that describes the section at ``path``."""
    model: type[BaseModel] | None = Policy
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = _field(model, part)
        model = _model_of(field.annotation) if field is not None else None
    return model


def _field(model: type[BaseModel], name: str) -> Any:
    for field_name, field in model.model_fields.items():
        if name in (field_name, field.alias):
            return field
    return None


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a section of keys"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def validation_message(error: ErrorDetails) -> str:
    """The plain message for one validation error."""
    kind = error["type"]
    path = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx", {})
    name = str(path[-1]) if path else "the policy"
    parent = _section_at(path[:-1]) if path else None
    field = _field(parent, name) if parent is not None and isinstance(path[-1], str) else None
    hint = f" ({field.description})" if field is not None and field.description else ""
    if kind == "missing":
        return f"'{name}' is missing. Add it{hint}"
    if kind == "extra_forbidden":
        section = _section_at(path[:-1])
        allowed = _allowed_keys(section) if section else []
        close = difflib.get_close_matches(name, allowed, n=1)
        suggestion = f"Did you mean '{close[0]}'? " if close else ""
        return (
            f"'{name}' is not a key Escalate knows here. {suggestion}"
            f"The keys allowed here are: {', '.join(allowed)}"
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return f"{describe(value)} is not allowed here. Write {ctx.get('expected', '')}"
    if kind == "string_type":
        return f"expected text here, found {describe(value)}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number here, found {describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false here, found {describe(value)}"
    if kind == "list_type":
        return (
            f"expected a list here (one item per line, starting with '- '), found {describe(value)}"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a section of keys and values here, found {describe(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date like 2014-12-03 here, found {describe(value)}"
    if kind == "too_short":
        return f"this list is empty. Add at least {ctx.get('min_length', 1)} item"
    if kind == "greater_than_equal":
        return f"expected a number of at least {ctx.get('ge')}, found {describe(value)}"
    if kind == "string_pattern_mismatch":
        return f"{describe(value)} is not in the right form{hint or '.'}"
    return str(error["msg"])
