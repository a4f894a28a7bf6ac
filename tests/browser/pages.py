"""Every page type of Escalate, each with who looks at it and where. The browser tests check
each one (axe-core on the WCAG 2.2 A and AA rules, reflow at 320 px and at 1280 px zoomed to
400%, its title) and save screenshots of it.

A new page type is one line in PAGE_TYPES: a name, who looks (a username of the cast that
``world.py`` builds, or None for nobody signed in) and the address, filled in with the
references ``world.py`` returns (``{brent_open}`` and so on). ``form=True`` also submits the
page's form empty and checks the page of errors; ``status`` is the status the page answers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str
    user: str | None
    path: str
    form: bool = False
    status: int = 200

    def url(self, refs: dict[str, object]) -> str:
        return self.path.format(**refs)


P = PageType
# Who looks: the Brent cast unless a page needs another partnership's policy.
RAISER, MANAGER, OFFICER, CHAIR = "raiser.brent", "manager.brent", "officer.brent", "chair.brent"
OPEN = "/escalations/{brent_open}"  # at its first stage, with a lesson recorded
PANEL = "/escalations/{brent_panel}"  # at the Resolution Panel, convened
RESOLVED = "/escalations/{brent_resolved}"  # resolved, the outcome to confirm
HEAD = "/escalations/{haringey_head}"  # Haringey, at the Head of Service meeting
NOTICE = "/escalations/{sthelens_notice}"  # St Helens, its Escalation Notice to sign
SIGNED = "/escalations/{sthelens_signed}"  # St Helens, its notice signed and sent
STH = "manager.sthelens"  # raising agency, may sign the notice
STEP = "?stage=head-of-service&step=refer-to-head-of-service"

PAGE_TYPES: list[PageType] = [
    P("sign-in", None, "/sign-in/", form=True),
    P("home-practitioner", RAISER, "/"),
    P("home-officer", OFFICER, "/"),
    P("procedure", RAISER, "/procedure/"),
    P("raise-immediate-risk", RAISER, "/raise/immediate-risk/", form=True),
    P("raise-immediate-action", RAISER, "/raise/immediate-action/", form=True),
    P("raise-not-an-escalation", RAISER, "/raise/not-an-escalation/", form=True),
    P("raise-agency", RAISER, "/raise/agency/", form=True),
    # An agency with more people than the form lists: the first 25 and a search for more.
    P("raise-professional", "colleague.brent", "/raise/professional/", form=True),
    P("raise-professional-found", "colleague.brent", "/raise/professional/?find=nurse2"),
    P("raise-child", RAISER, "/raise/child/", form=True),
    P("raise-category", RAISER, "/raise/category/", form=True),
    P("raise-disagreement", RAISER, "/raise/disagreement/", form=True),
    P("raise-arose", RAISER, "/raise/arose/", form=True),
    P("raise-outcome", RAISER, "/raise/outcome/", form=True),
    P("raise-stop", RAISER, "/raise/not-an-escalation/conduct/"),
    P("raise-done", RAISER, "/raise/done/{brent_open}/"),
    P("escalation-raiser", RAISER, OPEN + "/"),
    P("escalation-officer", OFFICER, OPEN + "/"),
    P("escalation-panel", CHAIR, PANEL + "/"),
    P("escalation-resolved", RAISER, RESOLVED + "/"),
    P("escalation-views", OFFICER, OPEN + "/views/"),
    P("record-discussion", MANAGER, OPEN + "/record-discussion/", form=True),
    P("add-note", RAISER, OPEN + "/add-note/", form=True),
    P("escalate", RAISER, OPEN + "/escalate/", form=True),
    P("resolve", RAISER, OPEN + "/resolve/", form=True),
    P("withdraw", RAISER, OPEN + "/withdraw/", form=True),
    P("report-policy-gap", RAISER, OPEN + "/report-policy-gap/", form=True),
    P("complete-step", "manager.haringey", HEAD + "/complete-step/" + STEP, form=True),
    P("skip", "head.haringey", "/escalations/{haringey_first}/skip/?stage=round-table", form=True),
    P("mash-referral", "raiser.bromley", "/escalations/{bromley_risk}/mash-referral/", form=True),
    P("outcomes-to-confirm", RAISER, "/outcomes/to-confirm/"),
    P("agreed-outcome", RAISER, RESOLVED + "/documents/agreed-outcome/", form=True),
    P("resolution-form", RAISER, RESOLVED + "/documents/resolution-form/", form=True),
    P("record-for-file", RAISER, OPEN + "/documents/record/"),
    P("notice-form", STH, NOTICE + "/documents/notice/safeguarding-leads/", form=True),
    P("document", STH, SIGNED + "/documents/{sthelens_document}/"),
    P("meeting", OFFICER, PANEL + "/meeting/"),
    P("meeting-convene", "officer.haringey", HEAD + "/meeting/convene/", form=True),
    P("meeting-representation", RAISER, PANEL + "/meeting/representation/", form=True),
    P("meeting-held", OFFICER, PANEL + "/meeting/held/", form=True),
    P("learning", RAISER, OPEN + "/learning/", form=True),
    P("debrief", OFFICER, OPEN + "/learning/debrief/", form=True),
    P("learning-queues", OFFICER, "/partnership/learning/"),
    P("learning-answer", OFFICER, "/partnership/learning/{learning_item}/answer/", form=True),
    P("dashboard", OFFICER, "/partnership/dashboard/"),
    P("board-report", OFFICER, "/partnership/report/"),
    P("audit-log", OFFICER, "/partnership/audit/"),
    P("notifications", RAISER, "/notifications/"),
    P("failed-emails", OFFICER, "/partnership/failed-emails/"),
    P("policy-upload", OFFICER, "/partnership/policy/", form=True),
    P("administration", OFFICER, "/partnership/administration/"),
    P("administration-agencies", OFFICER, "/partnership/administration/agencies/"),
    P("administration-people", OFFICER, "/partnership/administration/people/"),
    P("administration-person", OFFICER, "/partnership/administration/people/{brent_raiser}/"),
    P("not-found", RAISER, "/no-such-page/", status=404),
    P("accessibility-statement", None, "/accessibility/"),
    P("server-error", None, "/harness/server-error/", status=500),
]
