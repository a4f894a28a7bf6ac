"""The demo's escalations in Haringey: what each disagreement is about and how it went."""

from __future__ import annotations

import datetime as dt

from escalate.demo.acts import (
    Scenario,
    date,
    discuss,
    done,
    escalate,
    resolve,
    skip,
    withdraw,
)

HARINGEY: tuple[Scenario, ...] = (
    Scenario(
        "haringey", "school", "csc", "Bobby Kinsell", date("2016-06-06"), "SCH-2210",
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
        "haringey", "hv", "csc", "Lily-Mae Corran", date("2023-01-12"), "HV-80014",
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
        "haringey", "police", "csc", "Zain Harlowe", date("2010-11-23"), "PN-5512",
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
        "haringey", "csc", "gp", "Freya Pellow", date("2018-04-04"), "CS-31007",
        "child-in-need", "specialist", ("agreed-action-not-completed",),
        "The GP practice agreed at the child in need review to send a health summary and "
        "medication history; nothing has arrived after three reminders.",
        "The health summary sent before the next review.",
        1,
        (discuss("Practice manager phoned the surgery; the GP partner will call back.", gap=0),),
    ),
    Scenario(
        "haringey", "school", "police", "Ollie Brenchley", date("2014-08-30"), "SCH-6644",
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
        "haringey", "gp", "csc", "Isla Marchbank", date("2019-03-15"), "GPR-67001",
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
)  # fmt: skip
