"""The demo's escalations in Brent: what each disagreement is about and how it went."""

from __future__ import annotations

import datetime as dt

from escalate.demo.acts import (
    Scenario,
    date,
    decide,
    discuss,
    escalate,
    note,
    resolve,
    withdraw,
)

BRENT: tuple[Scenario, ...] = (
    Scenario(
        "brent", "school", "csc", "Ava Testington", date("2016-04-11"), "CS-10293",
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
        "brent", "hv", "csc", "Leo Plumbridge", date("2023-02-17"), "HV-55817",
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
        "brent", "police", "school", "Maisie Wexcombe", date("2012-09-03"), "CAIT-2291",
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
        "brent", "gp", "csc", "Kai Fennimore", date("2021-06-30"), "GPR-20871",
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
        "brent", "csc", "police", "Ruby Sallowby", date("2014-01-22"), "CS-18820",
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
        "brent", "school", "hv", "Tyler Dartnell", date("2019-11-05"), "SCH-3381",
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
        "brent", "hv", "police", "Poppy Ebbsworth", date("2017-07-14"), "HV-60412",
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
)  # fmt: skip
