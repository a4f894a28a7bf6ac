"""Raising an escalation: the checks on what the raiser gave, the partnership's next
reference, and the first event (written through ``services.append_event`` like every other)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from escalate.escalations.errors import ActionRefused
from escalate.escalations.models import ChildStatus, Escalation, EventKind, ReferenceCounter
from escalate.escalations.routes import routes_for
from escalate.escalations.services import append_event
from escalate.partnerships.models import Agency, Person
from escalate.policy.routing import GENERAL, on_route


def _next_reference(escalation: Escalation, year: int) -> str:
    counter, _ = ReferenceCounter.objects.get_or_create(
        partnership=escalation.partnership, year=year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    return f"{escalation.partnership.reference_prefix}-{year}-{counter.last:04d}"


@transaction.atomic
def escalation_raise(
    *,
    raiser: Person,
    receiving_agency: Agency,
    child_name: str,
    child_date_of_birth: dt.date,
    child_status: str,
    categories: Sequence[str],
    disagreement: str,
    outcome_wanted: str,
    immediate_risk: bool,
    immediate_action: str = "",
    receiving_professional: Person | None = None,
    receiving_professional_name: str = "",
    child_reference: str = "",
    need_level: str = "not-known",
    parents_carers: str = "",
    arose_on: dt.date | None = None,
    route: str = GENERAL,
    now: dt.datetime | None = None,
) -> Escalation:
    now = now or timezone.now()
    if arose_on is not None and arose_on > timezone.localdate(now):
        raise ActionRefused("The date the disagreement arose must be today or in the past")
    if raiser.agency is None:
        raise ActionRefused("Your account is not in an agency. Ask your administrator to add you")
    partnership = raiser.agency.partnership
    if receiving_agency.partnership_id != partnership.pk:
        raise ActionRefused("Choose an agency in your own partnership")
    if receiving_agency.pk == raiser.agency.pk:
        raise ActionRefused(
            "An escalation is a disagreement with another agency. For a disagreement inside "
            "your own agency, follow your agency's own procedure"
        )
    if receiving_professional is not None and (
        receiving_professional.agency_id != receiving_agency.pk
    ):
        raise ActionRefused(
            "Choose a professional who works in the agency you disagree with, or say they are "
            "not listed"
        )
    if child_status not in ChildStatus.values:
        raise ActionRefused("Choose the child's status from the list")
    if child_date_of_birth > timezone.localdate(now):
        raise ActionRefused("The child's date of birth must be today or in the past")
    version = partnership.policy_in_force(timezone.localdate(now))
    known = {category.key for category in version.policy.categories}
    unknown = [c for c in categories if c not in known]
    if not categories or unknown:
        raise ActionRefused("Choose at least one kind of disagreement from the list")
    open_routes = routes_for(
        policy=version.policy,
        raiser=raiser,
        receiving_agency=receiving_agency,
        child_status=child_status,
        immediate_risk=immediate_risk,
    )
    if route not in {choice.key for choice in open_routes}:
        raise ActionRefused(
            "The procedure you chose is not open to you for this child and agency. Choose one "
            "of: " + "; ".join(choice.title for choice in open_routes)
        )
    escalation = Escalation(
        partnership=partnership,
        policy_version=version,
        raised_at=now,
        raised_by=raiser,
        raising_agency=raiser.agency,
        receiving_agency=receiving_agency,
        receiving_professional=receiving_professional,
        receiving_professional_name=receiving_professional_name,
        child_name=child_name.strip(),
        child_date_of_birth=child_date_of_birth,
        child_reference=child_reference.strip(),
        child_status=child_status,
        need_level=need_level,
        parents_carers=parents_carers.strip(),
        categories=list(categories),
        disagreement=disagreement.strip(),
        outcome_wanted=outcome_wanted.strip(),
        immediate_risk=immediate_risk,
        immediate_action=immediate_action.strip(),
        arose_on=arose_on or timezone.localdate(now),
        route=route,
        current_stage=on_route(version.policy, route).stages[0].key,
    )
    escalation.reference = _next_reference(escalation, timezone.localdate(now).year)
    escalation.full_clean()
    escalation.save()
    append_event(
        escalation,
        actor=raiser,
        kind=EventKind.RAISED,
        expected_version=0,
        now=now,
        text=escalation.disagreement,
    )
    escalation.refresh_from_db()
    return escalation
