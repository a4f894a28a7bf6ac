"""Every page that takes an escalation's reference, every page under /partnership/ and every
API operation is audited (or named as showing nobody's data): a new page that shows a
child's details cannot be added without a line in ``escalate.audit.registry``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from escalate.audit.registry import AUDITED, NOT_AUDITED


def _patterns(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespaces: str = ""
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                inner = ":".join(n for n in (namespaces, pattern.namespace) if n)
                found += _patterns(pattern.url_patterns, route, inner)
        elif pattern.name:
            namespace = f"{namespaces}:" if namespaces else ""
            found.append((route, namespace + pattern.name))
    return found


def test_every_page_with_a_childs_details_or_the_partnerships_data_is_audited() -> None:
    routes = _patterns(get_resolver().url_patterns)
    wanted = [
        (route, name)
        for route, name in routes
        if "reference>" in route or route.startswith(("partnership/", "api/"))
    ]
    assert len(wanted) > 20
    known = set(AUDITED) | NOT_AUDITED
    missing = [f"{route} ({name})" for route, name in wanted if name not in known]
    assert missing == []


def test_every_audited_name_is_a_page() -> None:
    names = {name for _, name in _patterns(get_resolver().url_patterns)}
    assert (set(AUDITED) | NOT_AUDITED) - names == set()
