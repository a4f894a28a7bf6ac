"""The demo's escalations in Bromley: what each disagreement is about and how it went."""

from __future__ import annotations

import datetime as dt

from escalate.demo.acts import (
    Scenario,
    date,
    decide,
    discuss,
    done,
    escalate,
    note,
    resolve,
)

BROMLEY: tuple[Scenario, ...] = (
    Scenario(
        "bromley", "school", "csc", "Ezra Gadwell", date("2013-03-28"), "CS-20931",
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
        "bromley", "hv", "csc", "Lacey Hensleigh", date("2020-08-09"), "HV-71123",
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
        "bromley", "police", "csc", "Reggie Tallowfield", date("2015-12-01"), "CAIT-3310",
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
        "bromley", "csc", "school", "Niamh Quillfeather", date("2011-05-17"), "CS-15507",
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
        "bromley", "gp", "hv", "Harvey Culcombe", date("2022-10-19"), "GPR-44012",
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
        "bromley", "school", "police", "Esme Vantridge", date("2012-02-02"), "SCH-7720",
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
)  # fmt: skip
