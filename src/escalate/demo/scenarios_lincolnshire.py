"""The demo's escalations in Lincolnshire: what each disagreement is about and how it went."""

from __future__ import annotations

import datetime as dt

from escalate.demo.acts import (
    Scenario,
    date,
    decide,
    discuss,
    done,
    escalate,
    resolve,
)

LINCOLNSHIRE: tuple[Scenario, ...] = (
    Scenario(
        "lincolnshire", "schools", "cs", "Dexter Frane", date("2013-10-10"), "SCH-1109",
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
        "lincolnshire", "ulht", "cs", "Mila Ostrander", date("2024-01-20"), "UL-90221",
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
        "lincolnshire", "police", "lpft", "Rio Castellan", date("2011-07-07"), "LP-66120",
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
        "lincolnshire", "nspcc", "schools", "Sienna Whitlow", date("2015-05-25"), "NSP-4410",
        "early-help", "targeted", ("plan-inappropriate",),
        "The school ended the early help plan for a Year 4 pupil when her attendance improved, "
        "but the NSPCC's work with the family on neglect is only half way through.",
        "The early help plan kept open until the NSPCC programme ends.",
        2,
        (discuss("The class teacher will ask the head of year.", side="receiving"),),
    ),
    Scenario(
        "lincolnshire", "lpft", "cs", "Alfie Brundish", date("2010-09-09"), "LPFT-3302",
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
)  # fmt: skip
