"""Every URL pattern, for everyone in the fixed cast, by GET and by POST: generated from the
URL configuration, so a new address without a rule in ``RULES`` (access.py) fails here.

One escalation, at its first stage, raised by the cast's raiser against the social worker
``other``. For each pattern its parameters are filled from ``SAMPLES`` and each member of the
cast asks once with GET and once with POST (an empty form). What they get is put in one of a
few words (``ok``, ``sign-in``, ``404``, ``405``, ``401``/``403``) and compared with the rule.
A 500 is always wrong. Everything runs in one test per family, on one database, so the whole
table takes seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from access import (
    ADMIN_OPEN,
    ADMIN_PREFIX,
    ADMIN_RULE,
    API_PREFIX,
    API_RULE,
    CAST,
    RULES,
    Expect,
)
from cast import Cast, make_cast, raised_by_raiser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from escalate.escalations.models import Escalation
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db


def patterns() -> list[str]:
    """Every route in the URL configuration, as written ('escalations/<str:reference>/')."""

    def walk(found: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
        for entry in found:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern)

    return sorted(set(walk(get_resolver().url_patterns, "")))


def _is_admin(route: str) -> bool:
    return route.startswith(ADMIN_PREFIX)


def _is_api(route: str) -> bool:
    return route.startswith(API_PREFIX)


def unruled() -> list[str]:
    return [r for r in patterns() if not (_is_admin(r) or _is_api(r) or r in RULES)]


def test_a_new_address_without_a_rule_is_found(settings: pytest.FixtureRequest) -> None:
    settings.ROOT_URLCONF = "extra_urls"  # type: ignore[attr-defined]
    assert unruled() == ["partnership/brand-new-page/"]


def test_every_pattern_has_a_rule() -> None:
    """A new address needs a line in tests/web/access.py saying who may use it."""
    missing = unruled()
    assert missing == [], (
        "These URL patterns have no access rule: add each to RULES in tests/web/access.py "
        f"with who may GET and POST it: {missing}"
    )
    stale = sorted(set(RULES) - set(patterns()))
    assert stale == [], f"RULES names patterns that no longer exist: {stale}"


def _samples(cast: Cast, escalation: Escalation) -> dict[str, str]:
    policy = escalation.policy_version.policy
    return {
        "reference": escalation.reference,
        "stage": policy.stages[0].key,
        "action": "add-note",
        "document_id": "00000000-0000-4000-8000-000000000000",
        "matter": policy.not_escalations[0].key if policy.not_escalations else "none",
        "page": "child",
        "table": "categories",
        "pk": str(cast.raiser.pk),  # a person of the partnership, whatever ids the database gives
        "uidb64": "MQ",
        "token": "not-a-token",
        "path": "",
        "object_id": str(cast.raiser.pk),
        "app_label": "partnerships",
        "content_type_id": "1",
        "id": str(cast.raiser.pk),
        "url": "",
    }


_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _path(route: str, samples: dict[str, str]) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: samples.get(m.group(1), "x"), route)
    return "/" + _PARAMETER.sub(lambda m: samples.get(m.group(2), "x"), route).replace("\\", "")


def _word(response: Any) -> str:
    status = response.status_code
    if "no-store" not in response.get("Cache-Control", ""):
        return "cacheable"  # every response may hold a child's details (test_headers.py)
    if status in (301, 302) and re.search(r"/(sign-in|admin/login)/", response["Location"]):
        return "sign-in"
    if status in (401, 403):
        return "refused"
    if status in (404, 405, 500):
        return str(status)
    return "ok"  # 200, a redirect onwards, 400 or 409 for an empty form: let in


class Asker:
    """One client per member of the cast, signed in again if a request signed them out."""

    def __init__(self, cast: Cast) -> None:
        self.people: dict[str, Person | None] = {
            name: (None if name == "anonymous" else _member(cast, name)) for name in CAST
        }
        self.clients: dict[str, Client] = {}

    def ask(self, who: str, method: str, path: str) -> str:
        person = self.people[who]
        client = self.clients.get(who)
        if client is None or (person is not None and "_auth_user_id" not in client.session):
            client = self.clients[who] = Client(raise_request_exception=False)
            if person is not None:
                client.force_login(person)
        response = client.get(path) if method == "GET" else client.post(path, {})
        return _word(response)


def _member(cast: Cast, name: str) -> Person:
    if name == "head":
        return Person.objects.get(username=f"head.{cast.partnership.slug.replace('-', '')}")
    person: Person = getattr(cast, name)
    return person


def _check(routes: list[str], rule_for: Any) -> list[str]:
    cast = make_cast("brent")
    escalation = raised_by_raiser(cast)
    samples = _samples(cast, escalation)
    asker = Asker(cast)
    wrong = []
    for route in routes:
        expect: Expect = rule_for(route)
        path = _path(route, samples)
        for method in ("GET", "POST"):
            let_in = 0
            for who in CAST:
                wanted = expect.outcome(who, method)
                if expect.costly and "ok" in wanted:
                    let_in += 1
                    if let_in > 1:
                        continue
                got = asker.ask(who, method, path)
                if got not in wanted:
                    wrong.append(
                        f"{method} {path} as {who}: got {got}, expected {'/'.join(wanted)}"
                    )
    return wrong


def test_every_page_gives_each_person_what_its_rule_says() -> None:
    routes = [r for r in patterns() if r in RULES]
    assert _check(routes, RULES.__getitem__) == []


def test_every_administration_page_is_for_administrators_only() -> None:
    routes = [r for r in patterns() if _is_admin(r)]
    assert routes
    assert _check(routes, lambda route: ADMIN_OPEN.get(route, ADMIN_RULE)) == []


def test_every_api_address_wants_a_token() -> None:
    routes = [r for r in patterns() if _is_api(r)]
    assert routes
    assert _check(routes, lambda route: API_RULE.get(route, API_RULE["*"])) == []
