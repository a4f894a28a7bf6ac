"""Which of the policy's procedures (routes) someone may start for a case.

The policy says who may start each route and for which cases (``escalate.policy.routing``);
this asks it with the raiser's roles and agency, the agency the disagreement is with and
what the raiser said about the child. The raise pages and the raise service ask the same
question, so a route the pages did not offer is refused.
"""

from __future__ import annotations

from escalate.partnerships.models import Agency, Person
from escalate.policy.case import CaseFacts
from escalate.policy.routing import RouteChoice, routes_open
from escalate.policy.schema import Policy


def routes_for(
    *,
    policy: Policy,
    raiser: Person,
    receiving_agency: Agency | None,
    child_status: str,
    immediate_risk: bool,
) -> list[RouteChoice]:
    """The routes ``raiser`` may start for this case, the general one first."""
    if not policy.routes:
        return routes_open(policy, roles=(), facts=CaseFacts())
    facts = CaseFacts(
        child_status=child_status if child_status else "none",  # type: ignore[arg-type]
        immediate_risk=immediate_risk,
        raising_agency=raiser.agency.kind if raiser.agency else None,  # type: ignore[arg-type]
        receiving_agency=receiving_agency.kind if receiving_agency else None,  # type: ignore[arg-type]
    )
    return routes_open(policy, roles=raiser.role_keys(), facts=facts)
