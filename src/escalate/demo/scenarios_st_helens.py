"""The demo's escalations in St Helens: what each disagreement is about and how it went."""

from __future__ import annotations

import datetime as dt

from escalate.demo.acts import (
    Scenario,
    date,
    decide,
    discuss,
    done,
    escalate,
    notice,
    resolve,
)

ST_HELENS: tuple[Scenario, ...] = (
    Scenario(
        "st-helens", "school", "csc", "Aaliyah Brookhouse", date("2017-02-14"), "SCH-5123",
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
        "st-helens", "hv", "csc", "Jayden Coldharbour", date("2022-05-05"), "HV-83310",
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
        "st-helens", "police", "school", "Amelia-Rose Kilbride", date("2012-12-12"), "MP-70218",
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
        "st-helens", "csc", "gp", "Tomasz Lydgate", date("2016-01-30"), "CS-40021",
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
            notice("No GP report reached the last two child protection conferences; the practice "
                   "manager and the GP partner could not agree with social care who writes them."),
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
        "st-helens", "school", "police", "Bobby Loxley", date("2013-06-18"), "SCH-5567",
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
        "st-helens", "gp", "csc", "Harriet Skelwith", date("2020-07-01"), "GPR-99120",
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
            notice("Four missed hospital appointments for a heart condition, reported by the GP, "
                   "have had no response from social care."),
            discuss("The safeguarding leads could not agree."),
            escalate(gap=2),
            done("refer-to-business-coordinator", "Referred to the business coordinator.",
                 gap=0),
            done("identify-chair", "A board member from the school sector will chair.", gap=2),
        ),
    ),
)  # fmt: skip
