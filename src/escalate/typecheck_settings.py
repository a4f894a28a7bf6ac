"""The settings mypy's Django plugin loads: the real ones, read in development mode.

Type checking starts Django without a deployment's environment; production (the default)
would rightly refuse to start without a secret key, so the checker opts in to development.
"""

import os

os.environ["ESCALATE_ENV"] = "development"

from escalate.settings import *  # noqa: F403
