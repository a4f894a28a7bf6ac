"""Addresses kept by name (``escalate.links``) and the templates' ``url()`` that uses them give
exactly what Django's ``reverse`` gives, for every address Escalate has, and
fail where they fail."""

from __future__ import annotations

import uuid

import pytest
from django.template import engines
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix
from django.urls.resolvers import URLPattern, URLResolver
from django.utils.html import conditional_escape

from escalate.links import address

SAMPLES = {
    "str": ["BRE-2026-0001", "lincs_2026_7", "x", "12", "a b", "ü", "50%", "a.b"],
    "slug": ["second-stage", "policy_gap", "3", "a b"],
    "int": [0, 7, 123456],
    "uuid": [uuid.UUID("12345678-1234-5678-1234-567812345678")],
}


def named_patterns() -> list[tuple[str, list[str]]]:
    """Each named address outside a namespace with the kinds of its converters, in order."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[object], converters: list[str]) -> None:
        for entry in patterns:
            kinds = [*converters, *_kinds(entry)]
            if isinstance(entry, URLResolver):
                if entry.namespace is None:
                    walk(entry.url_patterns, kinds)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((entry.name, kinds))

    walk(get_resolver().url_patterns, [])
    return found


def _kinds(entry: object) -> list[str]:
    converters = getattr(entry.pattern, "converters", {})  # type: ignore[attr-defined]
    names = {"StringConverter": "str", "SlugConverter": "slug", "IntConverter": "int"}
    return [names.get(type(c).__name__, "uuid") for c in converters.values()]


def same_answer(name: str, args: list[object]) -> None:
    try:
        expected: str | type[Exception] = reverse(name, args=args)
    except NoReverseMatch:
        expected = NoReverseMatch
    if expected is NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            address(name, args)
    else:
        assert address(name, args) == expected, (name, args)
        assert address(name, args) == expected  # and again, from what was kept


def test_every_address_escalate_has_is_the_same_as_reverse_gives() -> None:
    patterns = named_patterns()
    assert len(patterns) > 50  # the walk found the addresses
    for name, kinds in patterns:
        same_answer(name, [SAMPLES[kind][0] for kind in kinds])
        for at, kind in enumerate(kinds):  # each argument with each of its samples
            for sample in SAMPLES[kind] + SAMPLES["str"][:2] + [-1, True]:
                args = [SAMPLES[k][0] for k in kinds]
                args[at] = sample
                same_answer(name, args)


def test_a_wrong_name_or_number_of_arguments_fails_as_reverse_does() -> None:
    for name, args in [("no-such-page", []), ("escalation", []), ("home", ["BRE-1"])]:
        same_answer(name, args)


def test_an_install_under_a_path_gets_its_own_addresses() -> None:
    assert address("escalation", ["BRE-2026-0001"]) == "/escalations/BRE-2026-0001/"
    set_script_prefix("/safeguarding/")
    try:
        assert address("escalation", ["BRE-2026-0001"]) == (
            "/safeguarding/escalations/BRE-2026-0001/"
        )
    finally:
        set_script_prefix("/")
    assert address("escalation", ["BRE-2026-0001"]) == "/escalations/BRE-2026-0001/"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("escalation", ["BRE-2026-0001"]),
        ("escalation-action", ["BRE-2026-0001", "withdraw"]),
        ("escalation", ["a&b <c>"]),
        ("home", []),
        ("api:api-root", []),  # a namespace: asked of reverse itself
        ("admin:app_list", ["partnerships"]),
    ],
)
def test_the_templates_url_writes_what_reverse_gives_escaped(name: str, args: list[str]) -> None:
    page = engines["jinja2"].from_string("{{ url(name, *args) }}")
    assert page.render({"name": name, "args": args}) == conditional_escape(reverse(name, args=args))


def test_the_templates_url_fails_for_a_name_that_does_not_exist() -> None:
    with pytest.raises(NoReverseMatch):
        engines["jinja2"].from_string("{{ url('no-such-page') }}").render({})
