"""Who and where the demo invents: people's names, usernames, and each partnership's agencies.

Everything is made up: names come from fixed lists of invented names, every email address
is @example.org, and the agencies are plausible but fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from escalate.demo.titles import GP_TITLES
from escalate.partnerships.models import AgencyKind

DEMO_PASSWORD = "escalate-demo"
EMAIL_DOMAIN = "example.org"

# Invented names. Staff get a first name and a surname from these lists, in a fixed order.
FIRST_NAMES = (
    "Alex", "Bev", "Chidi", "Dana", "Eamon", "Fatima", "Gethin", "Hana", "Imran", "Jess",
    "Kofi", "Lena", "Marek", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sunil", "Tamsin",
    "Uche", "Vera", "Wes", "Xenia", "Yusuf", "Zara", "Ines", "Bryony", "Callum", "Delphine",
)  # fmt: skip
SURNAMES = (
    "Testington", "Marlowby", "Quenby", "Brindlecombe", "Carrowdale", "Dunmarsh",
    "Fallowmere", "Greythorpe", "Hollinsby", "Ivelcombe", "Jessamine", "Kettlewick",
    "Larkwood", "Mossington", "Netherfold", "Orrindale", "Pellingham", "Quarrendon",
    "Rushwick", "Stallbridge", "Thistlecombe", "Upcottle", "Vellacott", "Wetherden",
    "Yarncliffe", "Ashbury-Lowe", "Bramblecote", "Dewhollow", "Embertoft", "Fernleigh-Wray",
)  # fmt: skip


def invented_name(index: int) -> tuple[str, str]:
    """A unique invented first name and surname for each index below 900."""
    size = len(FIRST_NAMES)
    return FIRST_NAMES[index % size], SURNAMES[(7 * index + index // size) % len(SURNAMES)]


def username(slug: str, role: str, *, agency: str | None = None) -> str:
    """The username of the demo person holding ``role`` in the partnership ``slug``: in the
    agency tagged ``agency``, or for the partnership itself when there is none."""
    return f"{slug}.{role}.{agency}" if agency else f"{slug}.{role}"


@dataclass(frozen=True)
class AgencySpec:
    tag: str
    name: str
    kind: AgencyKind
    titles: dict[str, str] = field(default_factory=dict)  # job titles special to this agency


def _agencies(
    place: str,
    *,
    school: str,
    police: str,
    hv: str | None = None,
    hv_titles: dict[str, str] | None = None,
    gp: str | None = None,
) -> tuple[AgencySpec, ...]:
    """The five agencies of a London or Merseyside partnership; health visiting and GP
    practices are named after the place unless named here."""
    return (
        AgencySpec("csc", f"{place} Children's Social Care", AgencyKind.SOCIAL_CARE),
        AgencySpec("school", school, AgencyKind.SCHOOL),
        AgencySpec("police", police, AgencyKind.POLICE),
        AgencySpec(
            "hv", hv or f"{place} Health Visiting Service", AgencyKind.HEALTH, hv_titles or {}
        ),
        AgencySpec("gp", gp or f"{place} GP practices", AgencyKind.HEALTH, GP_TITLES),
    )


AGENCIES: dict[str, tuple[AgencySpec, ...]] = {
    "brent": _agencies(
        "Brent",
        school="Oakfield Primary School",
        police="Brent Police Child Abuse Investigation Team",
        hv="Brent Community Health Visiting",
        gp="North West London Health (GP practices)",
    ),
    "bromley": _agencies(
        "Bromley",
        school="Wrenfield Academy",
        police="Bromley Police Child Abuse Investigation Team",
    ),
    "haringey": _agencies(
        "Haringey",
        school="Larkspur Lane Primary School",
        police="Haringey Police Safeguarding Unit",
        hv="Haringey Community Health (school nursing)",
        hv_titles={"practitioner": "School nurse"},
        gp="Haringey GP Federation (GP practices)",
    ),
    # The names of Lincolnshire's agencies are those of its table of senior liaison officers.
    "lincolnshire": (
        AgencySpec("police", "Lincolnshire Police", AgencyKind.POLICE),
        AgencySpec("schools", "Schools", AgencyKind.SCHOOL),
        AgencySpec("cs", "Children's Services", AgencyKind.SOCIAL_CARE),
        AgencySpec(
            "ulht",
            "ULHT",
            AgencyKind.HEALTH,
            {
                "practitioner": "Paediatric staff nurse",
                "line-manager": "Ward sister",
                "senior-manager": "Matron, children's services",
            },
        ),
        AgencySpec(
            "lpft",
            "LPFT",
            AgencyKind.HEALTH,
            {
                "practitioner": "Community mental health nurse",
                "senior-manager": "Service manager, adult mental health",
            },
        ),
        AgencySpec("nspcc", "NSPCC", AgencyKind.VOLUNTARY),
    ),
    "st-helens": _agencies(
        "St Helens",
        school="Hawthorn Lane Primary School",
        police="Merseyside Police Family Crime Investigation Unit",
    ),
}


def first_agency(slug: str, *, kind: AgencyKind) -> AgencySpec | None:
    """The first of the partnership's demo agencies of this kind, if it has one."""
    return next((spec for spec in AGENCIES[slug] if spec.kind == kind), None)
