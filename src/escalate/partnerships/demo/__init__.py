"""Demo data: the five shipped partnerships with fictional agencies, people and escalations.

Everything here is invented: agencies are plausible but made up, people and children have
names from fixed lists of invented names, and every email address is @example.org.
``load_demo`` is idempotent: what exists already is left alone, and a partnership that
already has escalations gets no more.

The modules: ``names`` (invented names, usernames, agencies), ``titles`` (job titles),
``roles`` (the roles each policy needs), ``people`` (building partnerships and their people),
``acts`` and ``scenarios_*`` (the escalation stories), ``play`` (playing them) and
``summary`` (what was loaded).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from escalate.escalations.models import Escalation
from escalate.partnerships.demo.names import AGENCIES, DEMO_PASSWORD
from escalate.partnerships.demo.people import Counts, PeopleMaker, build_partnership
from escalate.partnerships.demo.play import Player
from escalate.partnerships.demo.scenarios import SCENARIOS
from escalate.partnerships.demo.summary import DemoSummary, SignIn, summarise
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
