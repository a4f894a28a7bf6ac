"""What the browser tests' server holds: the demo (five partnerships with realistic history, so
lists, charts and reports have real length) and the fixed test cast in four of them, with
escalations placed in the states that each page type needs. Runs inside the server process.

``build()`` returns the references and ids the page list (``pages.py``) fills its addresses
with, and the password of the cast.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from cast import PASSWORD, Cast, partnership_for, person
from django.core.management import call_command
from django.utils import timezone

from escalate.documents.services import document_issue_notice
from escalate.escalations.drafts import draft_update
from escalate.escalations.models import Escalation
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import escalation_act
from escalate.partnerships.models import Agency, Person
from escalate.policy.clock import LONDON, WorkingCalendar
from escalate.reports import learning as learning_services
from escalate.reports import services as meeting_services
from escalate.reports.models import Meeting

CALENDAR = WorkingCalendar("england")


def working_days_ago(days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment ``days`` working days before today, at ``hour``:``minute`` London time."""
    day = timezone.localdate()
    for _ in range(days):
        day -= dt.timedelta(days=1)
        while not CALENDAR.is_working_day(day):
            day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def make_cast(policy_id: str) -> Cast:
    """The fixed cast of ``tests/web/cast.py`` (the same usernames and roles: raiser.brent,
    manager.brent, ...), in agencies of its own beside the demo's, so the demo's names never
    clash with it. Nobody in it is in another partnership; the stranger is."""
    p = partnership_for(policy_id)
    prefix = policy_id.replace("-", "")

    def agency(name: str, kind: str) -> Agency:
        return Agency.objects.create(partnership=p, name=name, kind=kind)

    school = agency("Elmbridge Test School", "school")
    social = agency("Test Children's Social Care", "childrens-social-care")
    health = agency("Test Community Health", "health")
    team = agency("Test partnership team", "partnership")
    head = person(
        f"head.{prefix}", school, "head-of-service", "operations-manager", "senior-manager"
    )
    manager = person(f"manager.{prefix}", school, "line-manager", "team-manager", manager=head)
    other_head = person(
        f"otherhead.{prefix}", social, "head-of-service", "service-manager", "operations-manager"
    )
    other_manager = person(
        f"othermanager.{prefix}", social, "line-manager", "team-manager", manager=other_head
    )
    elsewhere = partnership_for("lincolnshire")
    far_team, _ = Agency.objects.get_or_create(
        partnership=elsewhere, name="Test far team", defaults={"kind": "partnership"}
    )
    return Cast(
        p,
        school,
        social,
        health,
        team,
        raiser=person(f"raiser.{prefix}", school, "practitioner", manager=manager, title="Teacher"),
        colleague=person(f"colleague.{prefix}", school, "practitioner", manager=manager),
        manager=manager,
        dsl=person(f"dsl.{prefix}", school, "designated-safeguarding-lead"),
        other=person(f"other.{prefix}", social, "practitioner", manager=other_manager),
        other_manager=other_manager,
        outsider=person(f"outsider.{prefix}", health, "practitioner", "line-manager"),
        officer=person(f"officer.{prefix}", team, "business-manager", "partnership-administrator"),
        chair=person(
            f"chair.{prefix}",
            team,
            "partnership-chair",
            "board-member",
            "cp-chair",
            "iro",
            "director-of-childrens-services",
        ),
        stranger=person(f"stranger.{prefix}", far_team, "business-manager"),
    )


def raise_for(cast: Cast, when: dt.datetime, *, immediate_risk: bool = False) -> Escalation:
    return escalation_raise(
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        receiving_professional=cast.other,
        child_name="Ava Testington",
        child_date_of_birth=dt.date(2016, 4, 3),
        child_reference="OAK-2231",
        child_status="child-in-need",
        need_level="targeted",
        parents_carers="Sam Testington (mother)",
        categories=[cast.partnership.policy_in_force(when.date()).policy.categories[0].key],
        disagreement="The referral was closed without a home visit.",
        outcome_wanted="A child and family assessment is started.",
        immediate_risk=immediate_risk,
        immediate_action="Told the designated safeguarding lead at once." if immediate_risk else "",
        now=when,
    )


def act(
    escalation: Escalation,
    actor: Person,
    action: str,
    when: dt.datetime,
    *,
    text: str = "Not resolved at this stage.",
    **kwargs: Any,
) -> Escalation:
    escalation.refresh_from_db()
    escalation_act(
        escalation=escalation,
        actor=actor,
        action=action,
        expected_version=escalation.version,
        text=text,
        now=when,
        **kwargs,
    )
    escalation.refresh_from_db()
    return escalation


def _brent(cast: Cast) -> dict[str, Any]:
    """Brent: one open at the first stage with a lesson to answer, one at the Resolution Panel
    with the panel convened, one resolved with the outcome to confirm."""
    built: dict[str, Any] = {}
    open_one = raise_for(cast, working_days_ago(3, 9))
    item = learning_services.learning_record(
        escalation=open_one,
        actor=cast.raiser,
        kind="lesson",
        text="Closing a referral without a visit should be checked by a manager first.",
        expected_version=open_one.version,
        now=working_days_ago(2, 11),
    )
    built["brent_open"] = open_one.reference
    built["brent_raiser"] = cast.raiser.pk
    built["learning_item"] = item.pk

    members = [
        person("bm.school.brent", cast.school, "board-member"),
        person("bm.social.brent", cast.social_care, "board-member"),
        person("bm.health.brent", cast.health, "board-member"),
    ]
    panel = at_brent_panel(cast, members)
    built["brent_panel"] = panel.reference

    resolved = resolved_brent(cast)
    built["brent_resolved"] = resolved.reference
    return built


def at_brent_panel(cast: Cast, members: list[Person]) -> Escalation:
    """A Brent escalation at its Resolution Panel, the panel convened."""
    panel = raise_for(cast, working_days_ago(12, 9))
    head = Person.objects.get(username="head.brent")
    moves = [(cast.raiser, 11), (cast.other, 10), (cast.other_manager, 9), (head, 8)]
    for actor, days in moves:
        act(panel, actor, "escalate", working_days_ago(days, 11))
    panel.refresh_from_db()
    meeting_services.meeting_convene(
        escalation=panel,
        actor=cast.officer,
        expected_version=panel.version,
        members=members,
        chair=cast.chair,
        starts_at=working_days_ago(1, 14),
        place="Civic Centre, room 3",
        now=working_days_ago(7, 10),
    )
    panel.refresh_from_db()
    return panel


def _hold(panel: Escalation, officer: Person, members: list[Person], at: dt.datetime) -> None:
    """Record the panel as held, so its decision is recorded on the meeting's page."""
    panel.refresh_from_db()
    meeting = Meeting.objects.get(escalation=panel, stage=panel.current_stage)
    meeting_services.meeting_record_held(
        meeting=meeting,
        actor=officer,
        attended=members,
        discussion="Both agencies were heard.",
        expected_version=panel.version,
        now=at,
    )


def resolved_brent(cast: Cast) -> Escalation:
    """A Brent escalation resolved at its first stage, the agreed outcome to confirm."""
    resolved = raise_for(cast, working_days_ago(6, 9))
    discussion = {"who": "Both line managers", "method": "phone", "agreed": "A joint visit"}
    act(resolved, cast.manager, "record-discussion", working_days_ago(5, 10),
        text="Agreed a joint visit.", data={**discussion, "disagreed": ""})  # fmt: skip
    act(resolved, cast.manager, "resolve", working_days_ago(4, 15),
        text="Children's social care will visit within 5 working days.",
        data={"outstanding": "None"})  # fmt: skip
    return resolved


def at_sthelens_notice(cast: Cast) -> Escalation:
    """A St Helens escalation at the safeguarding leads, its Escalation Notice to sign."""
    escalation = raise_for(cast, working_days_ago(8, 9))
    moves = [(cast.raiser, 7), (cast.other, 6), (cast.other_manager, 5)]
    for actor, days in moves:
        act(escalation, actor, "escalate", working_days_ago(days, 11))
    return escalation


def _st_helens(cast: Cast) -> dict[str, Any]:
    """St Helens: one at the safeguarding leads with its Escalation Notice to sign, and one
    whose notice has been signed and sent."""
    built: dict[str, Any] = {}
    for name, sign in (("sthelens_notice", False), ("sthelens_signed", True)):
        escalation = at_sthelens_notice(cast)
        built[name] = escalation.reference
        if sign:
            escalation.refresh_from_db()
            document = document_issue_notice(
                escalation=escalation,
                signer=cast.manager,
                stage="safeguarding-leads",
                information="The referral was closed without a home visit.",
                signer_role="Head of year",
                expected_version=escalation.version,
                now=working_days_ago(4, 12),
            )
            built["sthelens_document"] = str(document.pk)
    return built


def _bromley(cast: Cast) -> dict[str, Any]:
    """Bromley: a child at immediate risk (a MASH referral can be recorded)."""
    return {"bromley_risk": raise_for(cast, working_days_ago(1, 9), immediate_risk=True).reference}


def _haringey(cast: Cast) -> dict[str, Any]:
    """Haringey: one at the first stage, where the Head of Service may skip to the round table,
    and one at the Head of Service stage, where its step can be recorded as done."""
    first = raise_for(cast, working_days_ago(2, 9))
    escalation = raise_for(cast, working_days_ago(4, 9))
    act(escalation, cast.manager, "escalate", working_days_ago(3, 11))
    return {"haringey_first": first.reference, "haringey_head": escalation.reference}


# The journeys run once with JavaScript and once without: each run has escalations of its own.
JOURNEY_MODES = ("js", "nojs")


def _journeys(casts: dict[str, Cast]) -> dict[str, Any]:
    """For each journey run: one Brent escalation at its first stage (to act on), one resolved
    (to confirm), one at its panel (to decide) with a lesson to answer, a St Helens one with
    its notice to sign and a Haringey one whose Head of Service meeting is to convene."""
    brent = casts["brent"]
    members = list(Person.objects.filter(username__startswith="bm.").order_by("username"))
    built: dict[str, Any] = {}
    for mode in JOURNEY_MODES:
        built[f"act_{mode}"] = raise_for(brent, working_days_ago(1, 9)).reference
        built[f"resolved_{mode}"] = resolved_brent(brent).reference
        panel = at_brent_panel(brent, members)
        built[f"panel_{mode}"] = panel.reference
        lesson = learning_services.learning_record(
            escalation=panel,
            actor=brent.raiser,
            kind="training-need",
            text=f"Managers need training on the panel's timescales ({mode}).",
            expected_version=panel.version,
            now=working_days_ago(1, 11),
        )
        built[f"lesson_{mode}"] = lesson.pk
        _hold(panel, brent.officer, members, working_days_ago(1, 16))  # then it decides
        built[f"notice_{mode}"] = at_sthelens_notice(casts["st-helens"]).reference
        haringey = casts["haringey"]
        escalation = raise_for(haringey, working_days_ago(4, 9))
        act(escalation, haringey.manager, "escalate", working_days_ago(3, 11))
        built[f"convene_{mode}"] = escalation.reference
    return built


def build() -> dict[str, Any]:
    call_command("load_demo", stdout=io.StringIO())
    casts = {name: make_cast(name) for name in ("brent", "st-helens", "bromley", "haringey")}
    refs: dict[str, Any] = {}
    refs.update(_brent(casts["brent"]))
    refs.update(_st_helens(casts["st-helens"]))
    refs.update(_bromley(casts["bromley"]))
    refs.update(_haringey(casts["haringey"]))
    refs.update(_journeys(casts))
    _choosing_in_a_big_agency(casts["brent"])
    return {"refs": refs, "password": PASSWORD}


def _choosing_in_a_big_agency(cast: Cast) -> None:
    """The colleague half way through raising one against the health agency, which has more
    people than the raise form lists, so its professional page offers a search."""
    Person.objects.bulk_create(
        Person(
            username=f"nurse{i:02d}.brent",
            first_name="Jo",
            last_name=f"Nurse{i:02d}",
            job_title="Health visitor",
            agency=cast.health,
        )
        for i in range(30)
    )
    draft_update(
        person=cast.colleague, immediate_risk="no", matter="none", agency=str(cast.health.pk)
    )
