"""Demo data: the five shipped partnerships with fictional agencies, people and escalations.

Everything here is invented: agencies are plausible but made up, people and children have
names from fixed lists of invented names, and every email address is @example.org.
``load_demo`` is idempotent: what exists already is left alone, and a partnership that
already has escalations gets no more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.db import transaction

from escalate.escalations import rules
from escalate.escalations.models import Escalation, Event, Status
from escalate.escalations.services import escalation_act, escalation_raise, escalation_state
from escalate.partnerships.directory import people_holding
from escalate.partnerships.models import (
    Agency,
    AgencyKind,
    Partnership,
    Person,
    PolicyVersion,
    RoleHolder,
)
from escalate.policy.clock import LONDON, WorkingCalendar
from escalate.policy.loader import shipped_policies
from escalate.policy.schema import Party, Policy

DEMO_PASSWORD = "escalate-demo"
EMAIL_DOMAIN = "example.org"

# -- people and roles ----------------------------------------------------------------------

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

# Roles held in every front-line agency when the policy names them.
FRONT_LINE_ROLES = frozenset(
    {
        "practitioner",
        "line-manager",
        "designated-safeguarding-lead",
        "team-manager",
        "service-manager",
        "head-of-service",
        "operations-manager",
        "senior-manager",
        "named-professional",
        "director",
        "agency-board-member",
        "senior-liaison-officer",
    }
)
# Every partnership has these in its team, whatever its policy names.
ALWAYS_TEAM_ROLES = frozenset(
    {"partnership-chair", "business-manager", "partnership-administrator"}
)
# Partnership-side roles whose holder works in a front-line agency of this kind.
HOMED_ROLES = {"dci": AgencyKind.POLICE, "designated-professional": AgencyKind.HEALTH}
# The management chain inside an agency, lowest first.
CHAIN = (
    "line-manager",
    "team-manager",
    "operations-manager",
    "service-manager",
    "senior-manager",
    "head-of-service",
    "director",
)
ROLE_ORDER = (
    "practitioner",
    *CHAIN,
    "designated-safeguarding-lead",
    "named-professional",
    "senior-liaison-officer",
    "agency-board-member",
    "business-manager",
    "partnership-administrator",
    "partnership-chair",
)

_TITLES: dict[str, dict[str, str]] = {
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
_TEAM_TITLES = {
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
_GP = {
    "practitioner": "GP",
    "line-manager": "GP partner",
    "designated-safeguarding-lead": "Safeguarding lead GP",
    "operations-manager": "Named GP for safeguarding children",
    "service-manager": "Practice business manager",
    "senior-manager": "Named GP for safeguarding children",
    "head-of-service": "Clinical director",
    "director": "Medical director",
}


@dataclass(frozen=True)
class AgencySpec:
    tag: str
    name: str
    kind: AgencyKind
    titles: dict[str, str] = field(default_factory=dict)


def _agencies(place: str, school: str, police: str) -> tuple[AgencySpec, ...]:
    return (
        AgencySpec("csc", f"{place} Children's Social Care", AgencyKind.SOCIAL_CARE),
        AgencySpec("school", school, AgencyKind.SCHOOL),
        AgencySpec("police", police, AgencyKind.POLICE),
        AgencySpec("hv", f"{place} Health Visiting Service", AgencyKind.HEALTH),
        AgencySpec("gp", f"{place} GP practices", AgencyKind.HEALTH, _GP),
    )


AGENCIES: dict[str, tuple[AgencySpec, ...]] = {
    "brent": (
        AgencySpec("csc", "Brent Children's Social Care", AgencyKind.SOCIAL_CARE),
        AgencySpec("school", "Oakfield Primary School", AgencyKind.SCHOOL),
        AgencySpec("police", "Brent Police Child Abuse Investigation Team", AgencyKind.POLICE),
        AgencySpec("hv", "Brent Community Health Visiting", AgencyKind.HEALTH),
        AgencySpec("gp", "North West London Health (GP practices)", AgencyKind.HEALTH, _GP),
    ),
    "bromley": _agencies(
        "Bromley",
        "Wrenfield Academy",
        "Bromley Police Child Abuse Investigation Team",
    ),
    "haringey": (
        AgencySpec("csc", "Haringey Children's Social Care", AgencyKind.SOCIAL_CARE),
        AgencySpec("school", "Larkspur Lane Primary School", AgencyKind.SCHOOL),
        AgencySpec("police", "Haringey Police Safeguarding Unit", AgencyKind.POLICE),
        AgencySpec(
            "hv",
            "Haringey Community Health (school nursing)",
            AgencyKind.HEALTH,
            {"practitioner": "School nurse"},
        ),
        AgencySpec("gp", "Haringey GP Federation (GP practices)", AgencyKind.HEALTH, _GP),
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
        "Hawthorn Lane Primary School",
        "Merseyside Police Family Crime Investigation Unit",
    ),
}


def _parties(policy: Policy) -> tuple[list[Party], set[str]]:
    """Every party the policy names with a side, and the role keys it names without one."""
    sided: list[Party] = []
    loose: set[str] = set()
    for action in policy.immediate_risk.actions:
        sided += action.tell
    for note in policy.notify:
        sided += note.to
    for stage in policy.stages:
        sided += stage.actors
        for step in stage.steps:
            sided += step.who
        for note in stage.notify:
            sided += note.to
        if stage.meeting is not None:
            meeting = stage.meeting
            sided += [*meeting.convened_by, *meeting.chair, *meeting.reports_to]
            loose.update(meeting.membership.members)
        if stage.decision is not None:
            sided += stage.decision.by
        for rule in stage.skip:
            loose.update(rule.by)
    loose.update(table.role for table in policy.counterparts)
    return sided, loose


def policy_roles(policy: Policy) -> tuple[frozenset[str], frozenset[str]]:
    """The roles held in each front-line agency, and those held for the partnership."""
    sided, loose = _parties(policy)
    front = {p.role for p in sided if p.side != "partnership"} | {"practitioner", "line-manager"}
    team = {p.role for p in sided if p.side == "partnership"} | ALWAYS_TEAM_ROLES
    for role in loose - front - team:
        (front if role in FRONT_LINE_ROLES else team).add(role)
    return frozenset(front), frozenset(team)


def _ordered(roles: Iterable[str]) -> list[str]:
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(roles, key=lambda role: (rank.get(role, len(rank)), role))


def _manager_role(role: str, held: Iterable[str]) -> str | None:
    """Who ``role`` reports to in an agency whose people hold ``held``."""
    chain = [r for r in CHAIN if r in set(held)]
    if not chain:
        return None
    if role == "practitioner":
        return chain[0]
    if role in chain:
        position = chain.index(role)
        return chain[position + 1] if position + 1 < len(chain) else None
    return chain[-1]


def _name(index: int) -> tuple[str, str]:
    """A unique invented name for each index below 900."""
    size = len(FIRST_NAMES)
    return FIRST_NAMES[index % size], SURNAMES[(7 * index + index // size) % len(SURNAMES)]


@dataclass
class _Counts:
    partnerships: int = 0
    people: int = 0
    escalations: int = 0
    fallbacks: int = 0


@dataclass
class _Directory:
    """What the loader built for one partnership."""

    partnership: Partnership
    policy: Policy
    agencies: dict[str, Agency]
    team: Agency


class _PeopleMaker:
    def __init__(self, counts: _Counts) -> None:
        self.counts = counts
        self.index = 0
        self._password: str | None = None

    def password(self) -> str:
        """The shared password, hashed once with set_password: hashing it afresh for each of
        some two hundred people would make loading the demo take a minute."""
        if self._password is None:
            someone = Person()
            someone.set_password(DEMO_PASSWORD)
            self._password = someone.password
        return self._password

    def person(self, username: str, agency: Agency, title: str, roles: Sequence[str]) -> Person:
        first, last = _name(self.index)
        self.index += 1
        person = Person.objects.filter(username=username).first()
        if person is None:
            person = Person.objects.create(
                username=username,
                password=self.password(),
                first_name=first,
                last_name=last,
                email=f"{username}@{EMAIL_DOMAIN}",
                agency=agency,
                job_title=title,
            )
            self.counts.people += 1
        for role in roles:
            RoleHolder.objects.get_or_create(person=person, role=role)
        return person


def _title(spec: AgencySpec, role: str, policy: Policy) -> str:
    for table in policy.counterparts:
        if table.role == role:
            for entry in table.entries:
                if entry.agency.casefold() == spec.name.casefold():
                    return entry.title
    if role in spec.titles:
        return spec.titles[role]
    return _TITLES.get(spec.kind, {}).get(role) or policy.role_label(role)


def _set_managers(people: dict[str, Person], managers: dict[str, str | None]) -> None:
    for role, person in people.items():
        boss_role = managers.get(role)
        boss = people.get(boss_role) if boss_role else None
        if boss is not None and person.line_manager_id is None and boss.pk != person.pk:
            person.line_manager = boss
            person.save(update_fields=["line_manager"])


def _build_partnership(policy: Policy, maker: _PeopleMaker, counts: _Counts) -> _Directory:
    text = (resources.files("escalate.policy") / "policies" / f"{policy.id}.yaml").read_text(
        encoding="utf-8"
    )
    partnership = Partnership.objects.filter(slug=policy.id).first()
    if partnership is None:
        partnership = Partnership.objects.create(
            slug=policy.id,
            name=policy.partnership,
            short_name=policy.short_name,
            reference_prefix=policy.reference_prefix,
        )
        counts.partnerships += 1
    if not partnership.policy_versions.filter(version=policy.version).exists():
        PolicyVersion.objects.create(
            partnership=partnership,
            version=policy.version,
            effective_date=policy.effective_date,
            text=text,
        )
    front, team_roles = policy_roles(policy)
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES[policy.id]:
        agency, _ = Agency.objects.get_or_create(
            partnership=partnership, name=spec.name, defaults={"kind": spec.kind}
        )
        agencies[spec.tag] = agency
        people: dict[str, Person] = {}
        for role in _ordered(front):
            username = f"{policy.id}.{role}.{spec.tag}"
            people[role] = maker.person(username, agency, _title(spec, role, policy), [role])
        for role, kind in HOMED_ROLES.items():
            homes = [s for s in AGENCIES[policy.id] if s.kind == kind]
            if role in team_roles and homes and homes[0] is spec:
                title = _TEAM_TITLES[role]
                people[role] = maker.person(f"{policy.id}.{role}", agency, title, [role])
        _set_managers(people, {role: _manager_role(role, people) for role in people})
    team, _ = Agency.objects.get_or_create(
        partnership=partnership,
        name=f"{policy.short_name} team",
        defaults={"kind": AgencyKind.PARTNERSHIP},
    )
    team_people: dict[str, Person] = {}
    for role in _ordered(team_roles - set(HOMED_ROLES)):
        title = _TEAM_TITLES.get(role) or policy.role_label(role)
        team_people[role] = maker.person(f"{policy.id}.{role}", team, title, [role])
    _set_managers(
        team_people,
        {
            "partnership-administrator": "business-manager",
            "business-coordinator": "business-manager",
        },
    )
    return _Directory(partnership, policy, agencies, team)


# -- escalations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Act:
    """One action on a demo escalation, ``gap`` working days after the one before (0: the
    same day, a little later)."""

    action: str
    text: str = ""
    gap: int = 1
    side: str = "raising"
    step: str | None = None
    stage: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    by: str | None = None  # the role preferred to take it, where the stage has several


def discuss(
    text: str, *, gap: int = 1, side: str = "raising", method: str = "phone",
    agreed: str = "", disagreed: str = "", by: str | None = None,
) -> Act:  # fmt: skip
    data = {"method": method, "agreed": agreed, "disagreed": disagreed}
    return Act("record-discussion", text, gap, side, data=data, by=by)


def escalate(text: str = "", *, gap: int = 1, by: str | None = None) -> Act:
    text = text or "Not resolved at this stage, so escalated to the next."
    return Act("escalate", text, gap, by=by)


def done(step: str, text: str, *, gap: int = 1) -> Act:
    return Act("complete-step", text, gap, step=step)


def resolve(outcome: str, outstanding: str = "None", *, gap: int = 1, by: str | None = None) -> Act:
    return Act("resolve", outcome, gap, data={"outstanding": outstanding}, by=by)


def withdraw(text: str, *, gap: int = 1) -> Act:
    return Act("withdraw", text, gap)


def decide(text: str, *, gap: int = 1) -> Act:
    return Act("record-decision", text, gap)


def skip(stage: str, text: str, *, gap: int = 0) -> Act:
    return Act("skip", text, gap, stage=stage)


def note(text: str, *, gap: int = 1) -> Act:
    return Act("add-note", text, gap)


@dataclass(frozen=True)
class Scenario:
    partnership: str
    raiser: str  # agency tag of the raising practitioner
    receiver: str  # agency tag of the agency the disagreement is with
    child: str
    born: dt.date
    reference: str
    child_status: str
    need_level: str
    categories: tuple[str, ...]
    disagreement: str
    outcome: str
    days_back: int  # raised this many working days before ``now``
    acts: tuple[Act, ...]
    immediate_action: str = ""  # set when the child is at immediate risk
    parents: str = ""
    at: dt.time | None = None  # when it was raised; by default some time in the morning


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


SCENARIOS: tuple[Scenario, ...] = (
    # -- Brent ----------------------------------------------------------------------------
    Scenario(
        "brent", "school", "csc", "Ava Testington", _d("2016-04-11"), "CS-10293",
        "child-in-need", "specialist", ("thresholds",),
        "A referral about Ava's repeated absences and weight loss was closed as 'no further "
        "action' after one phone call to her mother. School believes the threshold for a child "
        "and family assessment is met.",
        "A child and family assessment, with school invited to contribute.",
        2,
        (
            discuss(
                "Talked it through with my line manager: the concern is specific and the outcome "
                "we want is an assessment. I will contact the duty social worker.", gap=0,
                method="meeting",
            ),
        ),
        parents="Mother: Kerry Testington",
    ),
    Scenario(
        "brent", "hv", "csc", "Leo Plumbridge", _d("2023-02-17"), "HV-55817",
        "child-in-need", "specialist", ("progressing-plans",),
        "Children's social care closed Leo's child in need plan after six weeks, although the "
        "home conditions and missed health appointments that led to the plan have not changed.",
        "The plan reopened and a review meeting held with health visiting present.",
        14,
        (
            discuss("My team leader agrees the closure is premature; I will call the social "
                    "worker."),
            escalate(gap=0),
            discuss("The social worker says the team manager closed the case and she cannot "
                    "reopen it.", side="receiving", disagreed="Whether the plan should close"),
            escalate(),
            discuss("The team manager will review the closure but gave no date.", gap=2),
        ),
    ),
    Scenario(
        "brent", "police", "school", "Maisie Wexcombe", _d("2012-09-03"), "CAIT-2291",
        "none", "targeted", ("communication",),
        "The school did not pass on that Maisie told a teaching assistant about an injury on "
        "Friday; the police learnt of it on Monday from a neighbour's call.",
        "The school shares disclosures with the team on the day they are made.",
        8,
        (
            discuss("Sergeant agreed this should go to the school's safeguarding lead.", gap=0),
            escalate(gap=0),
            discuss("The class teacher explained the safeguarding lead was on leave and her "
                    "deputy was not told.", side="receiving", method="meeting",
                    agreed="The disclosure should have been passed on the same day"),
            resolve("The school has named two deputy safeguarding leads and will phone the "
                    "team on the day of any disclosure.",
                    "School to refresh staff training on recording disclosures by the end of "
                    "term and confirm to the team when done.", gap=0),
        ),
    ),
    Scenario(
        "brent", "gp", "csc", "Kai Fennimore", _d("2021-06-30"), "GPR-20871",
        "none", "child-protection", ("thresholds",),
        "A toddler seen with bruising to both ears. The GP believes a strategy discussion is "
        "needed today; the duty team says an assessment within ten days is enough.",
        "A strategy discussion today and a child protection medical.",
        3,
        (
            discuss("GP partner agreed to escalate at once.", gap=0),
            escalate(gap=0),
            discuss("The duty social worker keeps to the assessment route.", gap=0,
                    side="receiving"),
            escalate(gap=0),
            discuss("GP partner and practice manager spoke; the practice manager will consult "
                    "the service manager.", gap=0),
            escalate(gap=0),
            discuss("Named GP and the service manager agreed a strategy discussion at 14:00.",
                    gap=0),
            resolve("Strategy discussion held at 14:00; child protection medical arranged for "
                    "this afternoon.", "None: the GP will receive the minutes.", gap=0),
        ),
        immediate_action="Phoned the duty social worker at 09:10 and told our safeguarding "
        "lead GP.",
        at=dt.time(9, 20),
    ),
    Scenario(
        "brent", "csc", "police", "Ruby Sallowby", _d("2014-01-22"), "CS-18820",
        "cp-plan", "child-protection", ("roles-and-responsibilities",),
        "Police have declined a joint visit for a section 47 enquiry into Ruby's disclosure "
        "about an adult in the household, saying a single-agency visit is enough.",
        "A joint visit and a decision on whether to start a criminal investigation.",
        30,
        (
            discuss("Practice manager agrees a joint visit is needed."),
            escalate(gap=0),
            discuss("The detective constable says the disclosure does not meet their criteria.",
                    side="receiving"),
            escalate(),
            discuss("Practice manager and detective sergeant could not agree.", gap=2),
            escalate(),
            discuss("Service manager and detective inspector disagree on the criteria for "
                    "joint visits.", method="meeting",
                    disagreed="Which disclosures need a joint visit"),
            escalate(),
            note("Written representations received from both agencies for the panel.", gap=2),
            decide("The panel, with members from three agencies, decided that a joint visit "
                   "must take place within two working days and that the joint visit criteria "
                   "will be reviewed by the LSCB within three months.", gap=3),
        ),
    ),
    Scenario(
        "brent", "school", "hv", "Tyler Dartnell", _d("2019-11-05"), "SCH-3381",
        "early-help", "early-help", ("communication",),
        "Health visiting has not answered three requests for the outcome of the developmental "
        "review of a nursery-class child with delayed speech and weight concerns.",
        "The review outcome shared and a joint early help plan.",
        6,
        (
            discuss("Head of year agrees I should contact the health visitor directly."),
            escalate(gap=0),
            withdraw("The health visitor phoned back: the review outcome has been shared and "
                     "a joint early help meeting is booked. No longer needed."),
        ),
    ),
    Scenario(
        "brent", "hv", "police", "Poppy Ebbsworth", _d("2017-07-14"), "HV-60412",
        "child-in-need", "specialist", ("roles-and-responsibilities", "communication"),
        "Police have not told health visiting about three domestic abuse call-outs to the "
        "family home, saying the risk assessment conference is the only route.",
        "An agreed route for police to tell health visiting of domestic abuse incidents where "
        "there is a child under five.",
        20,
        (
            discuss("Team leader agrees."),
            escalate(gap=0),
            discuss("The detective constable says she is not allowed to share outside the "
                    "conference.", side="receiving"),
            escalate(),
            discuss("Team leader and detective sergeant could not agree."),
            escalate(),
            discuss("Operational lead and detective inspector agree a panel is needed to set "
                    "the route for all cases.", gap=2, method="video"),
            escalate(),
            note("The chair asked the business manager to convene a resolution panel."),
        ),
    ),
    # -- Bromley --------------------------------------------------------------------------
    Scenario(
        "bromley", "school", "csc", "Ezra Gadwell", _d("2013-03-28"), "CS-20931",
        "cp-plan", "child-protection", ("need-for-action",),
        "The core group agreed a home visit every ten working days; none has happened for five "
        "weeks and Ezra arrives hungry and unwashed most days.",
        "Visits restored to the agreed frequency and the core group brought forward.",
        9,
        (
            discuss("The social worker has too many cases to visit as planned.",
                    agreed="Visits are overdue"),
            escalate(gap=0),
            discuss("The practice manager agreed to reallocate the case.", method="meeting"),
            resolve("Case reallocated to a social worker with capacity; she visited on Tuesday "
                    "and the core group meets next week.",
                    "The practice manager will confirm at the core group that visits are on "
                    "schedule."),
        ),
        parents="Mother: Dionne Gadwell; stepfather: Craig Gadwell",
    ),
    Scenario(
        "bromley", "hv", "csc", "Lacey Hensleigh", _d("2020-08-09"), "HV-71123",
        "looked-after", "specialist", ("communication",),
        "Lacey moved to a new foster placement out of the area. Health visiting was not told "
        "and her health assessment is now overdue.",
        "The placement details shared and the health assessment booked.",
        10,
        (
            discuss("The social worker will ask her manager whether she can share the address.",
                    side="receiving"),
            escalate(),
            discuss("Team leader has emailed the practice manager twice with no reply."),
        ),
    ),
    Scenario(
        "bromley", "police", "csc", "Reggie Tallowfield", _d("2015-12-01"), "CAIT-3310",
        "child-in-need", "child-protection", ("levels-of-need",),
        "After his third missing episode police believe Reggie is being criminally exploited; "
        "the hub has rated the referral as child in need, not child protection.",
        "A strategy discussion and an exploitation risk assessment.",
        4,
        (
            discuss("The duty social worker will not change the rating.", gap=0),
            escalate(gap=0),
            discuss("Detective sergeant and practice manager spoke; the practice manager will "
                    "review the rating with the hub manager tomorrow.", gap=0),
        ),
        immediate_action="Referred to the hub by phone at 09:50 and told our safeguarding lead.",
        at=dt.time(10, 5),
    ),
    Scenario(
        "bromley", "csc", "school", "Niamh Quillfeather", _d("2011-05-17"), "CS-15507",
        "child-in-need", "specialist", ("roles-and-responsibilities",),
        "The school will not lead the early help plan for a Year 8 pupil stepped down from "
        "child in need, saying her needs are too high for early help.",
        "Agreement on which agency leads the plan after step-down.",
        28,
        (
            discuss("The head of year says the school cannot take the lead.", side="receiving"),
            escalate(),
            discuss("Practice manager and head of year could not agree."),
            escalate(),
            done("engage-board-members", "Both agencies' board members were briefed and "
                 "asked to help.", gap=2),
            discuss("Head of service and headteacher still disagree.", method="meeting"),
            escalate(),
            note("The details were emailed to the independent chair.", gap=0),
            decide("The chair met both senior managers. Children's social care keeps the case "
                   "for twelve weeks with a step-down review; the school then leads the early "
                   "help plan with the family support service.", gap=3),
        ),
    ),
    Scenario(
        "bromley", "gp", "hv", "Harvey Culcombe", _d("2022-10-19"), "GPR-44012",
        "early-help", "early-help", ("progressing-plans",),
        "The GP asked for a targeted visit for a baby with faltering growth; health visiting "
        "offered only a clinic appointment.",
        "A home visit within a week.",
        5,
        (
            discuss("The health visitor agreed a home visit on Thursday with a weight check."),
            resolve("Home visit booked for Thursday; the health visitor will send the GP the "
                    "outcome.", gap=0),
        ),
    ),
    Scenario(
        "bromley", "school", "police", "Esme Vantridge", _d("2012-02-02"), "SCH-7720",
        "cp-plan", "child-protection", ("communication", "progressing-plans"),
        "Police have missed the last two core group meetings and have not shared the bail "
        "conditions of the adult named in the child protection plan.",
        "Police attend core groups and share the bail conditions with the school.",
        13,
        (
            discuss("The detective constable says the bail conditions are confidential.",
                    side="receiving"),
            escalate(),
            discuss("Head of year and detective sergeant could not agree."),
            escalate(),
            done("engage-board-members", "The school's and the police's board members have "
                 "been asked to help."),
        ),
    ),
    # -- Haringey -------------------------------------------------------------------------
    Scenario(
        "haringey", "school", "csc", "Bobby Kinsell", _d("2016-06-06"), "SCH-2210",
        "early-help", "targeted", ("threshold",),
        "Four low-level referrals about a Year 3 pupil (hunger, unwashed uniform, late "
        "collection) have each been judged below the threshold for assessment.",
        "The referrals looked at together and an assessment started.",
        7,
        (
            discuss("Head of year and the practice manager went through the four referrals "
                    "together.", method="meeting", agreed="The pattern is a concern"),
            resolve("The practice manager agreed the pattern meets the threshold; a child and "
                    "family assessment has been opened.",
                    "Social care will tell the school who the allocated worker is by Friday."),
        ),
    ),
    Scenario(
        "haringey", "hv", "csc", "Lily-Mae Corran", _d("2023-01-12"), "HV-80014",
        "child-in-need", "child-protection", ("cp-conference-refused",),
        "The school nursing team asked for an initial child protection conference for a baby "
        "whose mother's partner has a history of violence; social care declined and kept the "
        "child in need plan.",
        "An initial child protection conference.",
        12,
        (
            discuss("Team leader and practice manager could not agree."),
            escalate(),
            done("refer-to-head-of-service", "Referred to both heads of service.", gap=0),
            discuss("The heads of service met; social care will take legal advice before "
                    "deciding.", gap=2, method="meeting"),
        ),
    ),
    Scenario(
        "haringey", "police", "csc", "Zain Harlowe", _d("2010-11-23"), "PN-5512",
        "child-in-need", "child-protection", ("course-of-action",),
        "Police want Zain removed under police protection after a knife was found at home; "
        "social care wants him to stay at home with a safety plan. His mother is in hospital "
        "after an overdose.",
        "An agreed safety plan tonight and a joint decision on where Zain sleeps.",
        6,
        (
            discuss("Detective sergeant and practice manager could not agree.", gap=0),
            skip("round-table", "High risk with polarised views: a short notice round table "
                 "is needed today."),
            done("propose-actions", "Round table with the heads of service, the DCI and the "
                 "designated nurse: Zain stays with his aunt tonight under a written agreement; "
                 "strategy discussion tomorrow at 10:00.", gap=0),
            resolve("Zain is staying with his maternal aunt under a written agreement; "
                    "strategy discussion booked.",
                    "Social care will confirm the aunt's checks by noon tomorrow.", gap=0),
        ),
        immediate_action="Told my sergeant and the safeguarding lead at once; officers stayed "
        "at the address.",
        at=dt.time(9, 15),
    ),
    Scenario(
        "haringey", "csc", "gp", "Freya Pellow", _d("2018-04-04"), "CS-31007",
        "child-in-need", "specialist", ("agreed-action-not-completed",),
        "The GP practice agreed at the child in need review to send a health summary and "
        "medication history; nothing has arrived after three reminders.",
        "The health summary sent before the next review.",
        1,
        (discuss("Practice manager phoned the surgery; the GP partner will call back.", gap=0),),
    ),
    Scenario(
        "haringey", "school", "police", "Ollie Brenchley", _d("2014-08-30"), "SCH-6644",
        "none", "universal", ("multi-agency-plan",),
        "Police closed their part of a neighbourhood exploitation plan that includes a Year 6 "
        "pupil without telling the school.",
        "Police stay involved until the plan is reviewed.",
        4,
        (
            discuss("Head of year has asked the detective sergeant why it was closed."),
            withdraw("Police confirmed their involvement continues under another team; the "
                     "closure letter was sent in error."),
        ),
    ),
    Scenario(
        "haringey", "gp", "csc", "Isla Marchbank", _d("2019-03-15"), "GPR-67001",
        "child-in-need", "specialist", ("multi-agency-plan",),
        "The child in need plan for a child with complex health needs leaves out the community "
        "nursing team, who the GP believes are essential.",
        "Community nursing added to the plan.",
        16,
        (
            discuss("GP partner and practice manager could not agree."),
            escalate(),
            done("refer-to-head-of-service", "Referred to the clinical director and the head of "
                 "service.", gap=0),
            discuss("The heads of service could not agree; health, police and social care views "
                    "are polarised.", gap=2, method="meeting"),
            escalate(),
        ),
    ),
    # -- Lincolnshire ---------------------------------------------------------------------
    Scenario(
        "lincolnshire", "schools", "cs", "Dexter Frane", _d("2013-10-10"), "SCH-1109",
        "child-in-need", "child-protection", ("case-conference-refused",),
        "The school asked for a child protection conference for Dexter after a second "
        "disclosure of neglect; Children's Services declined it.",
        "An initial child protection conference.",
        11,
        (
            discuss("The social worker will not request a conference.", side="receiving"),
            escalate(),
            discuss("Head of year and practice manager could not agree.", by="line-manager"),
            escalate(by="line-manager"),
            discuss("The senior liaison officers for schools and for Children's Services spoke; "
                    "Children's Services will look again at the chronology."),
        ),
    ),
    Scenario(
        "lincolnshire", "ulht", "cs", "Mila Ostrander", _d("2024-01-20"), "UL-90221",
        "none", "child-protection", ("course-of-action",),
        "Children's Services planned to let a ten-week-old baby with an unexplained fracture go "
        "home before a strategy discussion.",
        "The baby stays on the ward until a strategy discussion decides on a safe discharge.",
        5,
        (
            discuss("The duty social worker says discharge is a health decision.", gap=0,
                    side="receiving"),
            escalate(gap=0),
            discuss("Ward sister and practice manager agreed to hold a strategy discussion "
                    "today.", gap=0, by="line-manager"),
            resolve("Strategy discussion held at 15:00; the baby went home to her grandparents "
                    "under a safety plan.",
                    "Children's Services will send the safety plan to the ward and the GP.",
                    gap=0, by="line-manager"),
        ),
        immediate_action="Told the named nurse and kept the baby on the ward.",
        at=dt.time(11, 0),
    ),
    Scenario(
        "lincolnshire", "police", "lpft", "Rio Castellan", _d("2011-07-07"), "LP-66120",
        "child-in-need", "specialist", ("agreed-action-not-completed",),
        "LPFT agreed at the strategy meeting to assess the mental health of a 13-year-old after "
        "two missing episodes; six weeks on it has not been done.",
        "The assessment done and shared with the police.",
        26,
        (
            discuss("The nurse says the referral is on a waiting list.", side="receiving"),
            escalate(),
            discuss("Detective sergeant and team leader could not agree a date.",
                    by="line-manager"),
            escalate(by="line-manager"),
            discuss("The senior liaison officers agreed to refer the case to the case review "
                    "group."),
            escalate(),
            done("refer-to-case-review-group", "Referred to the group on the officers' "
                 "advice.", gap=0),
            decide("Recommendations: LPFT to complete the assessment within ten working days; "
                   "both agencies to review how they track actions agreed at strategy "
                   "meetings.", gap=4),
            resolve("The assessment was completed and shared with the police.",
                    "LPFT will report its review of action tracking to the next quality "
                    "assurance meeting.", gap=3),
        ),
    ),
    Scenario(
        "lincolnshire", "nspcc", "schools", "Sienna Whitlow", _d("2015-05-25"), "NSP-4410",
        "early-help", "targeted", ("plan-inappropriate",),
        "The school ended the early help plan for a Year 4 pupil when her attendance improved, "
        "but the NSPCC's work with the family on neglect is only half way through.",
        "The early help plan kept open until the NSPCC programme ends.",
        2,
        (discuss("The class teacher will ask the head of year.", side="receiving"),),
    ),
    Scenario(
        "lincolnshire", "lpft", "cs", "Alfie Brundish", _d("2010-09-09"), "LPFT-3302",
        "child-in-need", "specialist", ("plan-inappropriate",),
        "Children's Services do not think they need to be involved with a 15-year-old whose "
        "father is an inpatient after a psychotic episode; LPFT believes this young carer "
        "needs an assessment.",
        "A young carer's assessment and a plan for while his father is in hospital.",
        9,
        (
            discuss("The social worker says there is no role for Children's Services.",
                    side="receiving"),
            escalate(),
            discuss("Team leader and practice manager agreed a young carer's assessment.",
                    method="video", by="line-manager"),
            resolve("Children's Services will complete a young carer's assessment this month.",
                    "LPFT will tell Children's Services before the father is discharged.",
                    by="line-manager"),
        ),
    ),
    # -- St Helens ------------------------------------------------------------------------
    Scenario(
        "st-helens", "school", "csc", "Aaliyah Brookhouse", _d("2017-02-14"), "SCH-5123",
        "none", "early-help", ("threshold-conflict",),
        "The front door has twice passed the school's concerns about a Year 2 pupil being left "
        "alone overnight to early help rather than social care.",
        "A child and family assessment.",
        2,
        (
            discuss("Consulted my head of year the same day; we agreed the outcome we want.",
                    gap=0),
            escalate(gap=0),
            discuss("The duty social worker will take it to her team manager.",
                    side="receiving"),
        ),
    ),
    Scenario(
        "st-helens", "hv", "csc", "Jayden Coldharbour", _d("2022-05-05"), "HV-83310",
        "child-in-need", "specialist", ("information-sharing",),
        "Social care will not share the outcome of a child and family assessment with health "
        "visiting, citing consent, though the plan asks health visiting to monitor the baby's "
        "weight.",
        "The assessment outcome and the plan shared with health visiting.",
        15,
        (
            discuss("Team leader agrees we need the assessment.", gap=0),
            escalate(gap=0),
            discuss("The social worker says the mother has not consented.", side="receiving"),
            escalate(),
            discuss("Team leader and practice manager could not agree."),
            escalate(),
        ),
    ),
    Scenario(
        "st-helens", "police", "school", "Amelia-Rose Kilbride", _d("2012-12-12"), "MP-70218",
        "child-in-need", "child-protection", ("severity-of-risk",),
        "The school planned to let a pupil go home at 15:15 today with her father, who is "
        "subject to a non-molestation order.",
        "The school releases her only to her mother or the social worker today.",
        3,
        (
            discuss("Sergeant agreed to escalate at once.", gap=0),
            escalate(gap=0),
            discuss("The class teacher had not seen the order.", gap=0, side="receiving"),
            escalate(gap=0),
            discuss("Detective sergeant and head of year agreed the arrangements.", gap=0),
            resolve("Her mother collected her with the social worker present; the front office "
                    "has been briefed.",
                    "The school will add the order to her record and give a copy to the "
                    "safeguarding lead.", gap=0),
        ),
        immediate_action="Told my sergeant and the Safeguarding Children Unit duty manager.",
        at=dt.time(9, 30),
    ),
    Scenario(
        "st-helens", "csc", "gp", "Tomasz Lydgate", _d("2016-01-30"), "CS-40021",
        "cp-plan", "child-protection", ("roles-and-responsibilities",),
        "The GP practice will not send reports to child protection conferences, saying its "
        "safeguarding lead has no capacity, and has missed the last two.",
        "A GP report for every conference and review.",
        40,
        (
            discuss("Practice manager agrees.", gap=0),
            escalate(gap=0),
            discuss("The GP says reports are the safeguarding lead's job.", side="receiving"),
            escalate(),
            discuss("Practice manager and GP partner could not agree."),
            escalate(),
            done("send-escalation-notice", "Escalation notice sent to the practice business "
                 "manager, copied to the business manager."),
            discuss("Principal social worker and the practice's safeguarding lead could not "
                    "agree.", gap=2),
            escalate(),
            done("refer-to-business-coordinator", "Referred to the business coordinator.",
                 gap=0),
            done("identify-chair", "A board member from the police will chair the meeting."),
            done("hold-meeting", "Senior managers met; no agreement on who writes the "
                 "reports.", gap=3),
            done("report-back", "Reported back to the chair of the Board."),
            escalate(gap=2),
            discuss("The directors could not agree.", gap=3, method="meeting"),
            escalate(),
            decide("The GP practice will provide a written report to every initial and review "
                   "child protection conference; social care will send the invitation at least "
                   "ten working days before.", gap=4),
        ),
    ),
    Scenario(
        "st-helens", "school", "police", "Bobby Loxley", _d("2013-06-18"), "SCH-5567",
        "none", "targeted", ("reducing-risk",),
        "Police advised the family of a pupil being groomed online just to block the account; "
        "the school believes it should be reported and the child offered support.",
        "A report made and a plan to reduce the risk.",
        6,
        (
            discuss("Head of year agreed the outcome we want.", gap=0),
            escalate(gap=0),
            discuss("The detective constable agreed to take a report and refer the child for "
                    "support.", side="receiving", method="meeting"),
            resolve("Report taken; the child has been referred to the exploitation support "
                    "service.", gap=0),
        ),
    ),
    Scenario(
        "st-helens", "gp", "csc", "Harriet Skelwith", _d("2020-07-01"), "GPR-99120",
        "cp-plan", "child-protection", ("need-for-action",),
        "Social care has not acted on the GP's report that a child on a plan has missed four "
        "hospital appointments for a heart condition.",
        "A plan with the hospital to get her to her appointments.",
        22,
        (
            discuss("GP partner agrees.", gap=0),
            escalate(gap=0),
            discuss("The social worker says the hospital should chase the family.",
                    side="receiving"),
            escalate(),
            discuss("GP partner and practice manager could not agree."),
            escalate(),
            done("send-escalation-notice", "Escalation notice sent to the service manager."),
            discuss("The safeguarding leads could not agree."),
            escalate(gap=2),
            done("refer-to-business-coordinator", "Referred to the business coordinator.",
                 gap=0),
            done("identify-chair", "A board member from the school sector will chair.", gap=2),
        ),
    ),
)  # fmt: skip


def _holders(escalation: Escalation, party: Party) -> list[Person]:
    if party.role == "practitioner":
        found: list[Person] = []
        if party.side in ("raising", "both"):
            found.append(escalation.raised_by)
        if party.side in ("receiving", "both") and escalation.receiving_professional:
            found.append(escalation.receiving_professional)
        return found
    return list(
        people_holding(
            party,
            partnership=escalation.partnership,
            raising=escalation.raising_agency,
            receiving=escalation.receiving_agency,
        ).order_by("username")
    )


def _candidates(escalation: Escalation, parties: Sequence[Party], side: str) -> list[Person]:
    first = escalation.receiving_agency_id if side == "receiving" else escalation.raising_agency_id
    found: list[Person] = []
    for party in parties:
        for person in _holders(escalation, party):
            if person not in found:
                found.append(person)
    # Stable sort: people in the preferred agency first, then the other side, then the rest.
    return sorted(found, key=lambda p: 0 if p.agency_id == first else 1)


class _Player:
    """Plays the scenarios: raises each escalation, then takes its actions in order."""

    def __init__(self, now: dt.datetime, counts: _Counts) -> None:
        self.now = now
        self.counts = counts
        self.calendar = WorkingCalendar("england")

    def _days_back(self, count: int) -> dt.date:
        day = self.calendar.local_date(self.now)
        for _ in range(count):
            day -= dt.timedelta(days=1)
            while not self.calendar.is_working_day(day):
                day -= dt.timedelta(days=1)
        return day

    def _actor(self, escalation: Escalation, act: Act, at: dt.datetime) -> Person:
        state = escalation_state(escalation, at)
        allowed = next(
            (
                a
                for a in state.allowed_actions
                if a.kind == act.action
                and (act.stage is None or a.stage == act.stage)
                and (act.step is None or a.step == act.step)
            ),
            None,
        )
        if allowed is None:
            raise ValueError(
                f"Demo data: {act.action} is not allowed on {escalation.child_name}'s "
                f"escalation at {escalation.current_stage}"
            )
        stage = escalation.policy_version.policy.stage(escalation.current_stage)
        parties: list[Party] = list(stage.actors)
        if act.action == "complete-step":
            parties = [p for s in stage.steps if s.key == act.step for p in s.who]
        elif act.action == "record-decision" and stage.decision is not None:
            parties = list(stage.decision.by)
        elif act.action == "skip":
            parties = [
                Party(role=role, side=side)
                for role in allowed.roles
                for side in ("raising", "receiving", "partnership")
            ]
        if act.by is not None:
            parties.sort(key=lambda party: 0 if party.role == act.by else 1)
        candidates = (
            [escalation.raised_by]
            if act.action == "withdraw"
            else _candidates(escalation, parties, act.side)
        )
        for person in candidates:
            if rules.can_take(person, escalation, allowed):
                return person
        # The partnership's officers may take any action a participant may.
        self.counts.fallbacks += 1
        return Person.objects.get(username=f"{escalation.partnership.slug}.business-manager")

    def _who(self, escalation: Escalation) -> str:
        stage = escalation.policy_version.policy.stage(escalation.current_stage)
        people = _candidates(escalation, stage.actors, "raising")[:4]
        return ", ".join(f"{p.display_name} ({p.job_title}, {p.agency})" for p in people)[:500]

    def play(self, scenario: Scenario, directory: _Directory, index: int) -> Escalation:
        slug = scenario.partnership
        raiser = Person.objects.get(username=f"{slug}.practitioner.{scenario.raiser}")
        receiving = directory.agencies[scenario.receiver]
        professional = Person.objects.get(username=f"{slug}.practitioner.{scenario.receiver}")
        day = self._days_back(scenario.days_back)
        minutes = 9 * 60 + 5 + (index * 37) % 180
        at = scenario.at or dt.time(minutes // 60, minutes % 60)
        moment = dt.datetime.combine(day, at, tzinfo=LONDON)
        escalation = escalation_raise(
            raiser=raiser,
            receiving_agency=receiving,
            receiving_professional=professional,
            child_name=scenario.child,
            child_date_of_birth=scenario.born,
            child_reference=scenario.reference,
            child_status=scenario.child_status,
            need_level=scenario.need_level,
            parents_carers=scenario.parents,
            categories=scenario.categories,
            disagreement=scenario.disagreement,
            outcome_wanted=scenario.outcome,
            immediate_risk=bool(scenario.immediate_action),
            immediate_action=scenario.immediate_action,
            now=moment,
        )
        self.counts.escalations += 1
        for number, act in enumerate(scenario.acts):
            if act.gap:
                for _ in range(act.gap):
                    day = self.calendar.next_working_day(day)
                minutes = 9 * 60 + 30 + (index * 29 + number * 47) % 390
                moment = dt.datetime.combine(
                    day, dt.time(minutes // 60, minutes % 60), tzinfo=LONDON
                )
            else:
                moment += dt.timedelta(minutes=20)
            if self.calendar.local_date(moment) >= self.calendar.local_date(self.now):
                raise ValueError(
                    f"Demo data: {scenario.child}'s escalation would have actions today or "
                    f"later; raise it more than {scenario.days_back} working days back"
                )
            data: dict[str, Any] = dict(act.data)
            if act.action == "record-discussion":
                data["who"] = self._who(escalation)
            escalation_act(
                escalation=escalation,
                actor=self._actor(escalation, act, moment),
                action=act.action,
                expected_version=escalation.version,
                text=act.text,
                stage=act.stage,
                step=act.step,
                data=data,
                now=moment,
            )
            escalation.refresh_from_db()
        return escalation


# -- the summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    partnership: str
    who: str
    username: str


@dataclass(frozen=True)
class DemoSummary:
    partnerships: int
    agencies: int
    people: int
    escalations: int
    events: int
    by_status: dict[str, int]
    overdue: int
    immediate_risk: int
    created_partnerships: int
    created_people: int
    created_escalations: int
    officer_fallbacks: int
    sign_ins: tuple[SignIn, ...]
    password: str = DEMO_PASSWORD


def _sign_ins(directory: _Directory) -> list[SignIn]:
    slug = directory.partnership.slug
    school = next(s.tag for s in AGENCIES[slug] if s.kind == AgencyKind.SCHOOL)
    other = next(s.tag for s in AGENCIES[slug] if s.kind == AgencyKind.SOCIAL_CARE)
    wanted = (
        ("Practitioner", f"{slug}.practitioner.{school}"),
        ("Their line manager", f"{slug}.line-manager.{school}"),
        ("Practitioner in the other agency", f"{slug}.practitioner.{other}"),
        ("Business manager", f"{slug}.business-manager"),
        ("Administrator", f"{slug}.partnership-administrator"),
    )
    found: list[SignIn] = []
    for label, username in wanted:
        person = Person.objects.select_related("agency").get(username=username)
        who = f"{label}: {person.display_name}, {person.job_title}, {person.agency}"
        found.append(SignIn(directory.partnership.short_name, who, username))
    return found


@transaction.atomic
def load_demo(*, now: dt.datetime) -> DemoSummary:
    """Load the demo; what exists already is left as it is. ``now`` places the history:
    escalations are raised between one and forty working days before it."""
    if now.tzinfo is None:
        raise ValueError("'now' must carry a time zone")
    counts = _Counts()
    maker = _PeopleMaker(counts)
    policies = shipped_policies()
    directories = [_build_partnership(policies[slug], maker, counts) for slug in AGENCIES]
    player = _Player(now, counts)
    for directory in directories:
        partnership = directory.partnership
        if Escalation.objects.filter(partnership=partnership).exists():
            continue
        for index, scenario in enumerate(SCENARIOS):
            if scenario.partnership == partnership.slug:
                player.play(scenario, directory, index)
    partnerships = [d.partnership for d in directories]
    escalations = Escalation.objects.filter(partnership__in=partnerships)
    by_status = {status: escalations.filter(status=status).count() for status in Status.values}
    return DemoSummary(
        partnerships=len(partnerships),
        agencies=Agency.objects.filter(partnership__in=partnerships).count(),
        people=Person.objects.filter(agency__partnership__in=partnerships).count(),
        escalations=escalations.count(),
        events=Event.objects.filter(escalation__in=escalations).count(),
        by_status=by_status,
        overdue=escalations.filter(status=Status.OPEN, next_deadline__lt=now).count(),
        immediate_risk=escalations.filter(immediate_risk=True).count(),
        created_partnerships=counts.partnerships,
        created_people=counts.people,
        created_escalations=counts.escalations,
        officer_fallbacks=counts.fallbacks,
        sign_ins=tuple(s for d in directories for s in _sign_ins(d)),
    )
