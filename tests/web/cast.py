"""A small fixed cast for web tests: who is party to an escalation, and who is not.

raiser (a teacher), colleague (same school, not party), manager (the raiser's line
manager), other (the social worker the disagreement is with), other_manager, dsl (the
school's designated safeguarding lead), outsider (a health visitor in the same
partnership), officer (this partnership's business manager), stranger (the business
manager of another partnership), chair (this partnership's chair).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from escalate.partnerships.models import Agency, Partnership, Person, PolicyVersion, RoleHolder
from escalate.policy.loader import load_policy_text

if TYPE_CHECKING:
    from escalate.escalations.models import Escalation

PASSWORD = "a-test-password-2026"


def partnership_for(policy_id: str) -> Partnership:
    text = (resources.files("escalate.policy") / "policies" / f"{policy_id}.yaml").read_text(
        encoding="utf-8"
    )
    policy = load_policy_text(text, f"{policy_id}.yaml")
    partnership, _ = Partnership.objects.get_or_create(
        slug=policy.id,
        defaults={
            "name": policy.partnership,
            "short_name": policy.short_name,
            "reference_prefix": policy.reference_prefix,
        },
    )
    PolicyVersion.objects.get_or_create(
        partnership=partnership,
        version=policy.version,
        defaults={"effective_date": policy.effective_date, "text": text},
    )
    return partnership


def person(
    username: str, agency: Agency, *roles: str, manager: Person | None = None, title: str = ""
) -> Person:
    someone = Person.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.split(".")[0].title(),
        last_name="Testperson",
        email=f"{username}@example.org",
        agency=agency,
        line_manager=manager,
        job_title=title,
    )
    for role in roles:
        RoleHolder.objects.create(person=someone, role=role)
    return someone


@dataclass
class Cast:
    partnership: Partnership
    school: Agency
    social_care: Agency
    health: Agency
    team: Agency
    raiser: Person
    colleague: Person
    manager: Person
    dsl: Person
    other: Person
    other_manager: Person
    outsider: Person
    officer: Person
    chair: Person
    stranger: Person


def make_cast(policy_id: str = "brent") -> Cast:
    p = partnership_for(policy_id)
    prefix = policy_id.replace("-", "")
    school = Agency.objects.create(partnership=p, name="Oakfield Primary School", kind="school")
    social = Agency.objects.create(
        partnership=p, name="Children's Social Care", kind="childrens-social-care"
    )
    health = Agency.objects.create(partnership=p, name="Community Health", kind="health")
    team = Agency.objects.create(partnership=p, name="Partnership team", kind="partnership")
    head = person(
        f"head.{prefix}", school, "head-of-service", "operations-manager", "senior-manager"
    )
    manager = person(f"manager.{prefix}", school, "line-manager", "team-manager", manager=head)
    dsl = person(f"dsl.{prefix}", school, "designated-safeguarding-lead")
    raiser = person(f"raiser.{prefix}", school, "practitioner", manager=manager, title="Teacher")
    colleague = person(f"colleague.{prefix}", school, "practitioner", manager=manager)
    other_head = person(
        f"otherhead.{prefix}", social, "head-of-service", "service-manager", "operations-manager"
    )
    other_manager = person(
        f"othermanager.{prefix}", social, "line-manager", "team-manager", manager=other_head
    )
    other = person(f"other.{prefix}", social, "practitioner", manager=other_manager)
    outsider = person(f"outsider.{prefix}", health, "practitioner", "line-manager")
    officer = person(f"officer.{prefix}", team, "business-manager", "partnership-administrator")
    chair = person(
        f"chair.{prefix}",
        team,
        "partnership-chair",
        "board-member",
        "cp-chair",
        "iro",
        "director-of-childrens-services",
    )
    elsewhere = partnership_for("haringey" if policy_id != "haringey" else "brent")
    far_team = Agency.objects.create(partnership=elsewhere, name="Far team", kind="partnership")
    stranger = person(f"stranger.{prefix}", far_team, "business-manager")
    return Cast(
        p,
        school,
        social,
        health,
        team,
        raiser,
        colleague,
        manager,
        dsl,
        other,
        other_manager,
        outsider,
        officer,
        chair,
        stranger,
    )


def escalator(escalation: Escalation, usual: Person | None = None) -> Person:
    """Who escalates it in a test: ``usual`` (the raiser unless said), or, where the stage
    names who may ('may: escalate'), a holder of the first role it names in that agency
    (made, and made party to it, if there is none)."""
    from escalate.escalations.participants import refresh_participants
    from escalate.escalations.services import escalation_state

    escalation.refresh_from_db()
    policy = escalation.policy_version.policy
    named = policy.stage(escalation.current_stage).may.escalate
    if named is None:
        return usual or escalation.raised_by
    party = named[0]
    agency = escalation.receiving_agency if party.side == "receiving" else escalation.raising_agency
    found = Person.objects.filter(agency=agency, role_holdings__role=party.role).first()
    if found is None:
        found = person(f"{party.role}.{escalation.pk}", agency, party.role)
        refresh_participants(escalation, policy, escalation_state(escalation))
    return found


CHILD = {
    "child_name": "Ava Testington",
    "child_date_of_birth": dt.date(2016, 5, 4),
    "child_status": "child-in-need",
}


def raised_by_raiser(cast: Cast, **changes: Any) -> Escalation:
    """The cast's usual escalation: the raiser (a teacher) against the social worker, about
    a fictional child, in the policy's first category; ``changes`` override any argument."""
    from django.utils import timezone

    from escalate.escalations.raising import escalation_raise

    policy = cast.partnership.policy_in_force(timezone.localdate()).policy
    values: dict[str, Any] = {
        "raiser": cast.raiser,
        "receiving_agency": cast.social_care,
        "receiving_professional": cast.other,
        "child_name": "Ava Testington",
        "child_date_of_birth": dt.date(2016, 5, 4),
        "child_status": "child-in-need",
        "categories": [policy.categories[0].key],
        "disagreement": "The referral was closed without a visit.",
        "outcome_wanted": "An assessment is started.",
        "immediate_risk": False,
        **changes,
    }
    return escalation_raise(**values)
