"""Several procedures in one policy file: routes.

A policy's own ``stages`` are its general route (key ``general``); ``routes`` adds others,
each with its own ladder, who may start it and for which cases (an Independent Reviewing
Officer's dispute about a looked-after child's plan; a request for a child protection
conference). ``on_route`` gives the policy as the engine sees it on one route: the same file
with that route's stages, caps, target and notices, so the engine runs any route unchanged.
A file with no routes is one route, the general one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from escalate.policy.case import CaseFacts
from escalate.policy.conditions import holds
from escalate.policy.references import Path, Problem, check_references, role_problem
from escalate.policy.roles import STANDARD_ROLES
from escalate.policy.schema import GENERAL, Policy, Route

__all__ = [
    "GENERAL",
    "RouteChoice",
    "on_route",
    "route_keys",
    "route_problems",
    "route_title",
    "routes_open",
]


@dataclass(frozen=True)
class RouteChoice:
    """A route someone may start: its key, its name and the policy's words about it."""

    key: str
    title: str
    text: str = ""


def _route(policy: Policy, key: str) -> Route | None:
    """The route with this key; None for the general route; KeyError for no such route."""
    if key == GENERAL:
        return None
    for route in policy.routes:
        if route.key == key:
            return route
    raise KeyError(key)


def route_keys(policy: Policy) -> list[str]:
    """Every route's key, the general route's first."""
    return [GENERAL, *(route.key for route in policy.routes)]


def route_title(policy: Policy, key: str) -> str:
    """The route's name, as the policy gives it (the general route's is ``route_title``)."""
    try:
        route = _route(policy, key)
    except KeyError:
        return key
    return policy.route_title if route is None else route.title


def _project(policy: Policy, route: Route, *, notify_also: bool = True) -> Policy:
    start_at = policy.immediate_risk.start_at
    if start_at not in {stage.key for stage in route.stages}:
        start_at = None
    return policy.model_copy(
        update={
            "stages": route.stages,
            "caps": route.caps,
            "target": route.target or policy.target,
            "notify": [*policy.notify, *route.notify] if notify_also else route.notify,
            "immediate_risk": policy.immediate_risk.model_copy(update={"start_at": start_at}),
        }
    )


# Projections are asked for on every page and every event: made once per policy object.
_PROJECTED: dict[int, tuple[Policy, dict[str, Policy]]] = {}


def on_route(policy: Policy, key: str) -> Policy:
    """The policy as the engine runs it on route ``key`` (KeyError for no such route)."""
    route = _route(policy, key)
    if route is None:
        return policy
    held = _PROJECTED.get(id(policy))
    if held is None or held[0] is not policy:
        if len(_PROJECTED) > 256:
            _PROJECTED.clear()
        held = (policy, {})
        _PROJECTED[id(policy)] = held
    if key not in held[1]:
        held[1][key] = _project(policy, route)
    return held[1][key]


def routes_open(policy: Policy, *, roles: Iterable[str], facts: CaseFacts) -> list[RouteChoice]:
    """The routes this person may start for this case: the general route first, then each
    route whose ``started_by`` names one of ``roles`` (or is empty) and whose ``if`` holds."""
    held = set(roles)
    choices = [RouteChoice(GENERAL, policy.route_title)]
    for route in policy.routes:
        if route.started_by and not held.intersection(route.started_by):
            continue
        if holds(route.only_if, facts):
            choices.append(RouteChoice(route.key, route.title, route.text))
    return choices


# The parts of a projected policy that are the route's own: their problems are the route's.
_OWN = ("stages", "caps", "notify")


def _problems_on_route(policy: Policy, index: int, route: Route) -> Iterator[Problem]:
    base: Path = ("routes", index)
    checked = check_references(_project(policy, route, notify_also=False))
    for problem in checked:
        head = problem.path[0] if problem.path else None
        if head in _OWN or (head == "target" and route.target is not None):
            yield Problem((*base, *problem.path), problem.message)
        elif head == "target":
            yield Problem(
                (*base, "key"),
                f"the policy's target counts from '{policy.target.counted_from}', which is not "
                "a stage of this route. Give the route a target of its own",
            )


def route_problems(policy: Policy) -> list[Problem]:
    """Every route checked as a policy of its own, and its key and starters checked."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    known = {role.key for role in policy.roles}
    for index, route in enumerate(policy.routes):
        if route.key == GENERAL:
            problems.append(
                Problem(
                    ("routes", index, "key"),
                    f"'{GENERAL}' is the key of the ladder in 'stages'. Give this route "
                    "another key",
                )
            )
        elif route.key in seen:
            problems.append(
                Problem(
                    ("routes", index, "key"),
                    f"the route '{route.key}' is defined twice (also at routes[{seen[route.key]}])."
                    " Give each a different key",
                )
            )
        seen.setdefault(route.key, index)
        for position, role in enumerate(route.started_by):
            problem = _unknown_role(role, ("routes", index, "started_by", position), known)
            if problem is not None:
                problems.append(problem)
        problems.extend(_problems_on_route(policy, index, route))
    return problems


def _unknown_role(role: str, path: Path, defined: set[str]) -> Problem | None:
    return role_problem(role, path, set(STANDARD_ROLES) | defined)
