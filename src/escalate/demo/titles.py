"""Job titles for the demo's people: by agency kind and role, and for the partnership team."""

from __future__ import annotations

from escalate.partnerships.models import AgencyKind

# Front-line roles, by the kind of agency.
AGENCY_TITLES: dict[str, dict[str, str]] = {
    AgencyKind.SCHOOL: {
        "practitioner": "Class teacher",
        "line-manager": "Head of year",
        "team-manager": "Assistant headteacher",
        "designated-safeguarding-lead": "Designated safeguarding lead",
        "operations-manager": "Deputy headteacher",
        "service-manager": "Deputy headteacher",
        "senior-manager": "Headteacher",
        "head-of-service": "Headteacher",
        "director": "Chief executive of the academy trust",
        "agency-board-member": "Schools' representative on the board",
        "senior-liaison-officer": "Safeguarding officer for schools",
    },
    AgencyKind.HEALTH: {
        "practitioner": "Health visitor",
        "line-manager": "Team leader",
        "team-manager": "Clinical team manager",
        "designated-safeguarding-lead": "Named nurse for safeguarding children",
        "named-professional": "Named nurse for safeguarding children",
        "operations-manager": "Operational lead",
        "service-manager": "Service manager",
        "senior-manager": "Head of nursing",
        "head-of-service": "Head of children's community services",
        "director": "Director of nursing",
        "agency-board-member": "Director of nursing and quality",
        "senior-liaison-officer": "Named nurse",
    },
    AgencyKind.POLICE: {
        "practitioner": "Detective constable",
        "line-manager": "Detective sergeant",
        "team-manager": "Detective sergeant (team lead)",
        "designated-safeguarding-lead": "Detective inspector, safeguarding",
        "operations-manager": "Detective inspector",
        "service-manager": "Detective chief inspector",
        "senior-manager": "Detective chief inspector",
        "head-of-service": "Detective superintendent",
        "director": "Chief superintendent",
        "agency-board-member": "Detective superintendent, public protection",
        "senior-liaison-officer": "Head of public protection",
    },
    AgencyKind.SOCIAL_CARE: {
        "practitioner": "Social worker",
        "line-manager": "Practice manager",
        "team-manager": "Team manager",
        "designated-safeguarding-lead": "Principal social worker",
        "operations-manager": "Service manager",
        "service-manager": "Service manager",
        "senior-manager": "Head of service",
        "head-of-service": "Head of service",
        "director": "Assistant director, children's social care",
        "agency-board-member": "Assistant director, safeguarding",
        "senior-liaison-officer": "Head of service",
    },
    AgencyKind.VOLUNTARY: {
        "practitioner": "Children's services practitioner",
        "line-manager": "Team leader",
        "team-manager": "Team manager",
        "designated-safeguarding-lead": "Safeguarding lead",
        "operations-manager": "Operations manager",
        "service-manager": "Service manager",
        "senior-manager": "Service manager",
        "head-of-service": "Head of service",
        "director": "Director",
        "agency-board-member": "Head of service",
        "senior-liaison-officer": "Children's services manager",
    },
}
# Partnership-side roles, whichever agency their holder works in.
TEAM_TITLES = {
    "partnership-chair": "Independent chair",
    "business-manager": "Business manager",
    "partnership-administrator": "Partnership administrator",
    "board-member": "Board member",
    "cp-chair": "Child protection conference chair",
    "iro": "Independent reviewing officer",
    "mash": "MASH manager",
    "lado": "Local authority designated officer (LADO)",
    "director-of-childrens-services": "Director of Children's Services",
    "head-of-safeguarding": "Head of safeguarding",
    "business-coordinator": "Business coordinator",
    "safeguarding-children-unit-manager": "Safeguarding Children Unit manager",
    "case-review-group-member": "Chair of the inter agency case review group",
    "dci": "Detective chief inspector, public protection",
    "designated-professional": "Designated nurse for safeguarding children",
}
# GP practices have titles of their own, in every partnership.
GP_TITLES = {
    "practitioner": "GP",
    "line-manager": "GP partner",
    "designated-safeguarding-lead": "Safeguarding lead GP",
    "operations-manager": "Named GP for safeguarding children",
    "service-manager": "Practice business manager",
    "senior-manager": "Named GP for safeguarding children",
    "head-of-service": "Clinical director",
    "director": "Medical director",
}
