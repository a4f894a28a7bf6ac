"""Each shipped policy's ladder, as written in the document it was transcribed from.

The expected values are read off the seed documents in shared/seeds, not off the YAML files:
a change to a policy file that departs from its document should fail here.
"""

from __future__ import annotations

from functools import cache

from escalate.policy.loader import shipped_policies
from escalate.policy.schema import Notification, Party, Policy, Stage


@cache
def _policies() -> dict[str, Policy]:
    return shipped_policies()


def _policy(policy_id: str) -> Policy:
    return _policies()[policy_id]


def _who(parties: list[Party] | tuple[Party, ...]) -> list[str]:
    return [f"{party.role}@{party.side}" for party in parties]


def _ladder(policy: Policy) -> list[tuple[str, int, str]]:
    return [(stage.key, stage.number, stage.title) for stage in policy.stages]


def _actors(policy: Policy) -> dict[str, list[str]]:
    return {stage.key: _who(stage.actors) for stage in policy.stages}


def _note(notes: list[Notification], key: str) -> Notification:
    found = [note for note in notes if note.key == key]
    assert len(found) == 1, f"expected one notification '{key}', found {len(found)}"
    return found[0]


def _deadline(stage: Stage) -> str | None:
    return None if stage.deadline is None else str(stage.deadline.within)


def _decisions(policy: Policy) -> list[tuple[str, list[str], bool, bool]]:
    return [
        (stage.key, _who(stage.decision.by), stage.decision.binding, stage.decision.final)
        for stage in policy.stages
        if stage.decision is not None
    ]


def _immediate(policy: Policy) -> list[tuple[str, list[str], str]]:
    return [
        (action.key, _who(action.tell), str(action.within))
        for action in policy.immediate_risk.actions
    ]


def test_the_five_policies_are_shipped() -> None:
    assert sorted(_policies()) == ["brent", "bromley", "haringey", "lincolnshire", "st-helens"]


def test_reference_prefixes_are_distinct() -> None:
    prefixes = {policy.reference_prefix: policy.id for policy in _policies().values()}
    assert prefixes == {
        "BRE": "brent",
        "BRO": "bromley",
        "HAR": "haringey",
        "LIN": "lincolnshire",
        "STH": "st-helens",
    }


# -- Brent: five stages, ending in a binding LSCB Resolution Panel ---------------------------


def test_brent_ladder() -> None:
    policy = _policy("brent")
    assert policy.effective_date.isoformat() == "2014-12-03"
    assert policy.version == "2"
    assert _ladder(policy) == [
        ("line-manager", 1, "Stage One \N{EN DASH} Involving your Line manager"),
        ("other-worker", 2, "Stage Two \N{EN DASH} involving the worker from other agency/service"),
        ("line-managers", 3, "Stage Three \N{EN DASH} Escalate Line Manager to Line Manager"),
        (
            "safeguarding-leads",
            4,
            "Stage Four \N{EN DASH} Escalate to named/designated safeguarding leads or senior "
            "operational manager",
        ),
        (
            "resolution-panel",
            5,
            "Stage Five \N{EN DASH} Involving the Local Safeguarding Board (LSCB)",
        ),
    ]
    assert _actors(policy) == {
        "line-manager": ["practitioner@raising", "line-manager@raising"],
        "other-worker": ["practitioner@both"],
        "line-managers": ["line-manager@both"],
        "safeguarding-leads": ["operations-manager@both", "designated-safeguarding-lead@both"],
        "resolution-panel": ["partnership-chair@partnership", "board-member@partnership"],
    }
    assert str(policy.target.within) == "5 working days"
    assert policy.target.timescale == "indicative"
    assert [(cap.first_stage, cap.last_stage, str(cap.within)) for cap in policy.caps] == [
        ("line-manager", "safeguarding-leads", "5 working days")
    ]


def test_brent_resolution_panel_and_binding_decision() -> None:
    panel = _policy("brent").stage("resolution-panel")
    assert panel.meeting is not None
    assert panel.meeting.kind == "panel"
    assert _who(panel.meeting.convened_by) == ["partnership-chair@partnership"]
    assert panel.meeting.membership.min_agencies == 3
    assert panel.meeting.membership.disputing_agencies == "where-possible"
    assert panel.meeting.representations is True
    assert _decisions(_policy("brent")) == [
        ("resolution-panel", ["board-member@partnership"], True, True)
    ]


def test_brent_immediate_risk_and_notifications() -> None:
    policy = _policy("brent")
    assert _immediate(policy) == [
        ("tell-dsl", ["designated-safeguarding-lead@raising"], "immediately"),
        ("tell-head-of-safeguarding", ["head-of-safeguarding@partnership"], "immediately"),
    ]
    assert str(policy.immediate_risk.stage_deadline) == "same working day"
    raiser = _note(policy.notify, "decisions-to-raiser")
    assert (_who(raiser.to), raiser.when) == (["practitioner@raising"], "stage-end")
    gap = _note(policy.notify, "gap-to-chair")
    assert (_who(gap.to), gap.when) == (["partnership-chair@partnership"], "policy-gap")
    outcome = _note(policy.notify, "outcome-confirmed")
    assert (outcome.when, outcome.document) == ("resolved", "outcome-letter")


# -- Haringey: first line managers, Head of Service meeting, round table for high risk ------


def test_haringey_ladder() -> None:
    policy = _policy("haringey")
    assert policy.effective_date.isoformat() == "2017-12-01"
    assert _ladder(policy) == [
        ("first-line-managers", 1, "Stage 1 \N{EN DASH} First line managers"),
        ("head-of-service", 2, "Stage 2 \N{EN DASH} Head of Service meeting with all key agencies"),
        (
            "round-table",
            3,
            "Complex High Risk Cases \N{EN DASH} 'short notice response' round table discussion",
        ),
    ]
    assert _actors(policy) == {
        "first-line-managers": ["line-manager@both"],
        "head-of-service": ["head-of-service@both"],
        "round-table": [
            "head-of-service@both",
            "dci@partnership",
            "designated-professional@partnership",
        ],
    }
    # The protocol states no numbers of days: no stage has a deadline of its own; the
    # London procedures' one working week caps the two stages.
    assert [_deadline(stage) for stage in policy.stages] == [None, None, None]
    assert [(c.first_stage, c.last_stage, str(c.within)) for c in policy.caps] == [
        ("first-line-managers", "head-of-service", "5 working days")
    ]
    assert str(policy.target.within) == "5 working days"
    assert policy.target.timescale == "indicative"
    assert "as swiftly as possible" in policy.target.text
    assert "London Child Protection Procedures" in policy.target.text


def test_haringey_head_of_service_meeting_and_round_table() -> None:
    policy = _policy("haringey")
    stage2 = policy.stage("head-of-service")
    assert stage2.meeting is not None
    assert stage2.meeting.kind == "meeting"
    assert _who(stage2.meeting.convened_by) == ["head-of-service@raising"]
    assert stage2.meeting.membership.disputing_agencies == "required"
    assert [(step.key, _who(step.who)) for step in stage2.steps] == [
        ("refer-to-head-of-service", ["line-manager@raising"])
    ]
    # Complex high-risk cases go from Stage 1 straight to the round table.
    assert [(rule.when, rule.by) for rule in stage2.skip] == [("discretion", ["head-of-service"])]
    assert "Complex High Risk Cases" in stage2.skip[0].text

    table = policy.stage("round-table")
    assert table.meeting is not None
    assert table.meeting.kind == "round-table"
    assert table.meeting.membership.members == ["head-of-service", "dci", "designated-professional"]
    assert policy.role_label("dci") == "Detective Chief Inspector (DCI)"
    front_line = _note(table.notify, "actions-to-front-line")
    assert (_who(front_line.to), front_line.when, front_line.step) == (
        ["practitioner@both"],
        "step-done",
        "propose-actions",
    )
    # The round table proposes actions; nobody makes a binding decision.
    assert _decisions(policy) == []


def test_haringey_immediate_risk_notifications_and_procedures() -> None:
    policy = _policy("haringey")
    assert _immediate(policy) == [
        (
            "consult-manager-or-dsl",
            ["line-manager@raising", "designated-safeguarding-lead@raising"],
            "immediately",
        )
    ]
    assert str(policy.immediate_risk.stage_deadline) == "same working day"
    feedback = _note(policy.notify, "feedback-to-raiser")
    assert (_who(feedback.to), feedback.when) == (["practitioner@raising"], "stage-end")
    gap = _note(policy.notify, "gap-to-chair")
    assert (_who(gap.to), gap.when) == (["partnership-chair@partnership"], "policy-gap")
    assert [(p.key, p.category) for p in policy.procedures] == [
        ("cp-conference-request", "cp-conference-refused")
    ]
    assert "Children's Social Care should" in policy.procedures[0].text
    assert {matter.key for matter in policy.not_escalations} >= {"conduct", "whistleblowing"}
    learning = " ".join(policy.learning)
    for body in (
        "Quality Assurance and Practice Review sub-group",
        "Training, Learning and Development Sub-Group",
        "Joint Operational Group (JOG)",
        "Independent Chair",
        "debrief",
    ):
        assert body in learning


# -- Lincolnshire: four steps, Senior Liaison Officers, inter agency case review group ------


def test_lincolnshire_ladder() -> None:
    policy = _policy("lincolnshire")
    assert policy.effective_date.isoformat() == "2010-05-05"
    assert policy.version == "4"
    assert _ladder(policy) == [
        ("frontline", 1, "Step 1 \N{EN DASH} Frontline professionals"),
        ("line-managers", 2, "Step 2 \N{EN DASH} Line managers/supervisors"),
        ("senior-liaison-officers", 3, "Step 3 \N{EN DASH} Senior Liaison Officers"),
        ("case-review-group", 4, "Step 4 \N{EN DASH} Inter agency case review group"),
    ]
    assert _actors(policy) == {
        "frontline": ["practitioner@both"],
        "line-managers": ["practitioner@both", "line-manager@both", "senior-manager@both"],
        "senior-liaison-officers": ["senior-liaison-officer@both"],
        "case-review-group": [
            "senior-liaison-officer@both",
            "case-review-group-member@partnership",
        ],
    }
    assert [_deadline(stage) for stage in policy.stages] == [None, None, None, None]
    assert [(c.first_stage, c.last_stage, str(c.within)) for c in policy.caps] == [
        ("frontline", "senior-liaison-officers", "5 working days")
    ]
    assert str(policy.target.within) == "5 working days"
    assert policy.target.timescale == "indicative"


def test_lincolnshire_case_review_group_makes_recommendations_not_binding_decisions() -> None:
    policy = _policy("lincolnshire")
    group = policy.stage("case-review-group")
    assert group.meeting is not None
    assert group.meeting.kind == "case-review-group"
    assert _who(group.meeting.convened_by) == ["senior-liaison-officer@both"]
    assert _decisions(policy) == [
        ("case-review-group", ["case-review-group-member@partnership"], False, True)
    ]
    assert group.decision is not None
    assert "recommendations" in group.decision.text


def test_lincolnshire_immediate_risk_and_categories() -> None:
    policy = _policy("lincolnshire")
    assert policy.immediate_risk.guidance.startswith(
        "All staff and agencies are duty bound to take urgent action to escalate matters"
    )
    assert _immediate(policy) == [
        ("tell-dsl", ["designated-safeguarding-lead@raising"], "immediately")
    ]
    assert str(policy.immediate_risk.stage_deadline) == "same working day"
    assert len(policy.categories) == 4
    assert [matter.key for matter in policy.not_escalations] == ["conduct"]
    assert "allegations" in policy.not_escalations[0].go_to


def test_lincolnshire_senior_liaison_officers() -> None:
    policy = _policy("lincolnshire")
    [table] = policy.counterparts
    assert table.role == "senior-liaison-officer"
    assert len(table.entries) == 30
    assert table.entries[0].agency == "Adult Safeguarding"
    assert "your SLO will advise" in table.guidance

    def slo(agency: str) -> str | None:
        return policy.counterpart("senior-liaison-officer", agency)

    assert slo("Lincolnshire Police") == "Head of PPU"
    assert slo("lincolnshire police") == "Head of PPU"
    assert slo("CAFCASS") == "Service Manager"
    assert slo("ULHT") == "Chief Nurse (deputy: Named Nurse, Safeguarding Children)"
    assert slo("Voluntary Sector") == "Chief Executive, YMCA"
    # The last two rows have their columns swapped in the document: put right.
    assert slo("West Lindsey District Council") == "Cultural Development Team Leader"
    assert slo("North Kesteven District Council") == (
        "Head of Communities (Lead Officer for Safeguarding Children)"
    )
    assert slo("Cultural Development Team Leader") == table.fallback
    assert slo("An agency not in the table") == (
        "the agency's most senior safeguarding manager; ask your line manager"
    )
    assert policy.counterpart("no-such-role", "Lincolnshire Police") is None


# -- St Helens: four stages, mediation, Directors, binding decision of the DCS ---------------


def test_st_helens_ladder() -> None:
    policy = _policy("st-helens")
    assert policy.effective_date.isoformat() == "2017-09-01"
    assert _ladder(policy) == [
        ("line-manager", 1, "Stage One \N{EN DASH} Consulting the Line Manager"),
        ("professionals", 2, "Stage Two \N{EN DASH} Discussion between the Professionals"),
        ("line-managers", 3, "Stage Three \N{EN DASH} Escalation to Line Manager"),
        (
            "safeguarding-leads",
            4,
            "Stage Four \N{EN DASH} Escalation to Safeguarding Leads or Senior Manager",
        ),
        ("mediation", 4, "Stage Four \N{EN DASH} Mediation by a Third Party Agency"),
        ("directors", 5, "Referral to the comparable agency Directors"),
        (
            "director-of-childrens-services",
            6,
            "Referral to the Director of Children's Services",
        ),
    ]
    assert _actors(policy) == {
        "line-manager": ["practitioner@raising", "line-manager@raising"],
        "professionals": ["practitioner@both"],
        "line-managers": ["line-manager@both"],
        "safeguarding-leads": ["designated-safeguarding-lead@both", "service-manager@both"],
        "mediation": [
            "business-coordinator@partnership",
            "partnership-chair@partnership",
            "board-member@partnership",
            "senior-manager@both",
        ],
        "directors": ["director@both"],
        "director-of-childrens-services": ["director-of-childrens-services@partnership"],
    }
    # "This should be done on the same working day that the disagreement arises."
    first = policy.stage("line-manager")
    assert (_deadline(first), first.timescale) == ("same working day", "indicative")
    assert [_deadline(stage) for stage in policy.stages[1:]] == [None] * 6
    assert str(policy.target.within) == "5 working days"
    assert [(cap.first_stage, cap.last_stage, str(cap.within)) for cap in policy.caps] == [
        ("line-manager", "line-managers", "5 working days")
    ]


def test_st_helens_social_care_team_manager_alert() -> None:
    stage3 = _policy("st-helens").stage("line-managers")
    alert = _note(stage3.notify, "social-care-team-manager")
    assert (_who(alert.to), alert.when, str(alert.within)) == (
        ["team-manager@receiving"],
        "stage-start",
        "1 working day",
    )


def test_st_helens_escalation_notice() -> None:
    stage4 = _policy("st-helens").stage("safeguarding-leads")
    assert stage4.documents == ["escalation-notice"]
    [step] = stage4.steps
    assert step.key == "send-escalation-notice"
    assert step.due is not None
    assert str(step.due.within) == "5 working days"
    notice = _note(stage4.notify, "escalation-notice")
    assert (_who(notice.to), notice.when, str(notice.within), notice.document) == (
        ["service-manager@receiving"],
        "stage-start",
        "5 working days",
        "escalation-notice",
    )
    assert notice.copy_only is False
    copy = _note(stage4.notify, "escalation-notice-copy")
    assert (_who(copy.to), str(copy.within), copy.document, copy.copy_only) == (
        ["business-manager@partnership"],
        "5 working days",
        "escalation-notice",
        True,
    )


def test_st_helens_mediation_by_a_third_party_agency() -> None:
    mediation = _policy("st-helens").stage("mediation")
    meeting = mediation.meeting
    assert meeting is not None
    assert meeting.kind == "mediation"
    assert _who(meeting.convened_by) == ["partnership-chair@partnership"]
    assert _who(meeting.chair) == ["board-member@partnership"]
    assert meeting.membership.chair_from_uninvolved_agency is True
    assert meeting.membership.members == ["senior-manager"]
    assert _who(meeting.reports_to) == ["partnership-chair@partnership"]
    referral = _note(mediation.notify, "referral-to-business-coordinator")
    assert (_who(referral.to), referral.when) == (
        ["business-coordinator@partnership"],
        "stage-start",
    )
    to_chair = _note(mediation.notify, "business-coordinator-notifies-chair")
    assert (_who(to_chair.to), to_chair.step) == (
        ["partnership-chair@partnership"],
        "refer-to-business-coordinator",
    )
    assert mediation.decision is None


def test_st_helens_final_binding_decision_and_immediate_risk() -> None:
    policy = _policy("st-helens")
    assert _decisions(policy) == [
        (
            "director-of-childrens-services",
            ["director-of-childrens-services@partnership"],
            True,
            True,
        )
    ]
    assert _immediate(policy) == [
        ("escalate-same-day", ["line-manager@raising"], "same working day"),
        (
            "scu-follow-up",
            ["safeguarding-children-unit-manager@partnership"],
            "same working day",
        ),
    ]
    assert str(policy.immediate_risk.stage_deadline) == "same working day"


def test_st_helens_resolution_form_gaps_and_categories() -> None:
    policy = _policy("st-helens")
    form = _note(policy.notify, "resolution-form")
    assert (_who(form.to), form.when, form.document) == (
        ["business-manager@partnership"],
        "resolved",
        "resolution-form",
    )
    after_decision = _note(policy.notify, "resolution-form-after-decision")
    assert (after_decision.when, after_decision.document) == ("final-decision", "resolution-form")
    gap = _note(policy.notify, "gap-to-chair")
    assert (_who(gap.to), gap.when) == (["partnership-chair@partnership"], "policy-gap")
    raiser = _note(policy.notify, "decisions-to-raiser")
    assert (_who(raiser.to), raiser.when) == (["practitioner@raising"], "stage-end")
    keys = [category.key for category in policy.categories]
    assert keys[:5] == [
        "level-of-need",
        "severity-of-risk",
        "reducing-risk",
        "roles-and-responsibilities",
        "information-sharing",
    ]
    assert set(keys[5:]) == {"threshold-conflict", "communication", "need-for-action"}


# -- Bromley: four stages, CP Chair / IRO told, BSCB Chair or Resolution Panel --------------


def test_bromley_ladder() -> None:
    policy = _policy("bromley")
    assert policy.effective_date.isoformat() == "2016-01-01"
    assert _ladder(policy) == [
        ("other-worker", 1, "Stage One: Discuss with the other worker"),
        ("line-managers", 2, "Stage Two: Escalate to line manager"),
        ("senior-managers", 3, "Stage Three: Escalate to senior managers"),
        ("bscb-chair", 4, "Stage Four: Resolution by BSCB Chair"),
    ]
    assert _actors(policy) == {
        "other-worker": ["practitioner@both"],
        "line-managers": ["line-manager@both"],
        "senior-managers": [
            "senior-manager@both",
            "designated-safeguarding-lead@both",
            "agency-board-member@both",
        ],
        "bscb-chair": ["partnership-chair@partnership", "senior-manager@both"],
    }
    assert [_deadline(stage) for stage in policy.stages] == [None, None, None, None]
    assert str(policy.target.within) == "5 working days"
    assert [(cap.first_stage, cap.last_stage, str(cap.within)) for cap in policy.caps] == [
        ("other-worker", "senior-managers", "5 working days")
    ]
    # Agency members on the BSCB are engaged before the case goes to the Chair.
    assert [step.key for step in policy.stage("senior-managers").steps] == ["engage-board-members"]


def test_bromley_cp_chair_and_iro_are_told_at_stage_two() -> None:
    stage2 = _policy("bromley").stage("line-managers")
    cp_chair = _note(stage2.notify, "cp-chair")
    assert (_who(cp_chair.to), cp_chair.when) == (["cp-chair@partnership"], "stage-start")
    assert cp_chair.only_if is not None
    assert cp_chair.only_if.child_status == ["cp-plan"]
    iro = _note(stage2.notify, "iro")
    assert (_who(iro.to), iro.when) == (["iro@partnership"], "stage-start")
    assert iro.only_if is not None
    assert iro.only_if.child_status == ["looked-after"]


def test_bromley_resolution_by_bscb_chair() -> None:
    policy = _policy("bromley")
    chair = policy.stage("bscb-chair")
    details = _note(chair.notify, "details-to-chair")
    assert (_who(details.to), details.when) == (["partnership-chair@partnership"], "stage-start")
    assert "bscbh@bromley.gov.uk" in details.text
    meeting = chair.meeting
    assert meeting is not None
    assert meeting.kind == "panel"
    assert meeting.name == "Resolution Panel"
    assert _who(meeting.convened_by) == ["partnership-chair@partnership"]
    assert meeting.membership.min_agencies == 3
    assert meeting.membership.disputing_agencies == "required"
    assert meeting.membership.members == ["board-member"]
    assert meeting.representations is True
    assert _decisions(policy) == [
        ("bscb-chair", ["partnership-chair@partnership", "board-member@partnership"], True, True)
    ]


def test_bromley_immediate_risk_and_not_escalations() -> None:
    policy = _policy("bromley")
    assert _immediate(policy) == [
        ("refer-to-mash", ["mash@partnership"], "immediately"),
        ("tell-dsl", ["designated-safeguarding-lead@raising"], "immediately"),
    ]
    # "The shortest timescale possible to ensure the child is protected": as Brent's.
    assert str(policy.immediate_risk.stage_deadline) == "same working day"
    raiser = _note(policy.notify, "decisions-to-raiser")
    assert (_who(raiser.to), raiser.when) == (["practitioner@raising"], "stage-end")
    assert {matter.key for matter in policy.not_escalations} == {"whistleblowing", "conduct"}
