"""Every demo escalation, in the order they are played.

The order matters: a scenario's position sets the time of day it was raised and acted on.
"""

from __future__ import annotations

from escalate.demo.acts import Scenario
from escalate.demo.scenarios_brent import BRENT
from escalate.demo.scenarios_bromley import BROMLEY
from escalate.demo.scenarios_haringey import HARINGEY
from escalate.demo.scenarios_lincolnshire import LINCOLNSHIRE
from escalate.demo.scenarios_st_helens import ST_HELENS

SCENARIOS: tuple[Scenario, ...] = (*BRENT, *BROMLEY, *HARINGEY, *LINCOLNSHIRE, *ST_HELENS)
