"""Loading the demo: build each shipped partnership, then play its scenarios."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from escalate.demo.names import AGENCIES, DEMO_PASSWORD
from escalate.demo.people import Counts, PeopleMaker, build_partnership
from escalate.demo.play import Player
from escalate.demo.scenarios import SCENARIOS
from escalate.demo.summary import DemoSummary, SignIn, summarise
from escalate.escalations.models import Escalation
from escalate.policy.loader import shipped_policies

__all__ = ["DEMO_PASSWORD", "DemoSummary", "SignIn", "load_demo"]


@transaction.atomic
def load_demo(*, now: dt.datetime) -> DemoSummary:
    """Load the demo; what exists already is left as it is. ``now`` places the history:
    escalations are raised between one and forty working days before it."""
    if now.tzinfo is None:
        raise ValueError("'now' must carry a time zone")
    counts = Counts()
    maker = PeopleMaker(counts)
    policies = shipped_policies()
    directories = [build_partnership(policies[slug], maker=maker) for slug in AGENCIES]
    player = Player(now=now, counts=counts)
    for directory in directories:
        if Escalation.objects.filter(partnership=directory.partnership).exists():
            continue
        for index, scenario in enumerate(SCENARIOS):
            if scenario.partnership == directory.partnership.slug:
                player.play(scenario, directory=directory, index=index)
    return summarise(directories, counts=counts, now=now)
