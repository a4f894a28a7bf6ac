"""The roles a policy may name, and the sides of a disagreement they act on.

A policy may add roles of its own in its ``roles`` section; these are the ones every
partnership shares, so that the directory of role holders has one vocabulary.
"""

from __future__ import annotations

from typing import Final, Literal

Side = Literal["raising", "receiving", "both", "partnership"]

SIDES: Final[dict[str, str]] = {
    "raising": "the agency that raised the disagreement",
    "receiving": "the agency the disagreement is with",
    "both": "both agencies",
    "partnership": "the safeguarding partnership",
}

STANDARD_ROLES: Final[dict[str, str]] = {
    "practitioner": "Practitioner",
    "line-manager": "Line manager or supervisor",
    "team-manager": "Team manager",
    "designated-safeguarding-lead": "Designated safeguarding lead",
    "named-professional": "Named safeguarding professional",
    "designated-professional": "Designated safeguarding professional",
    "operations-manager": "Operations manager",
    "senior-manager": "Senior manager",
    "service-manager": "Service manager",
    "head-of-service": "Head of service",
    "director": "Director",
    "director-of-childrens-services": "Director of Children's Services",
    "senior-liaison-officer": "Senior liaison officer",
    "agency-board-member": "The agency's member of the partnership board",
    "cp-chair": "Child protection conference chair",
    "iro": "Independent reviewing officer",
    "business-manager": "Partnership business manager",
    "partnership-chair": "Partnership chair",
    "board-member": "Partnership board member",
    "lado": "Local authority designated officer (LADO)",
    "mash": "Multi-agency safeguarding hub (MASH)",
    "whistleblowing-lead": "The agency's whistleblowing lead",
}
