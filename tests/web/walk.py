"""Walking an escalation through the web stack as the people concerned: signing in, raising
through the wizard, and following the action links on the escalation page. The ladders say
who takes each shipped policy from raising to its end."""

from __future__ import annotations

import html
import re
from typing import Any

from cast import PASSWORD, Cast, person
from django.test import Client
from django.utils import timezone

from escalate.escalations.models import Escalation
from escalate.escalations.routes import routes_for
from escalate.partnerships.models import Person
from escalate.policy.routing import GENERAL
from escalate.reports import services as meeting_services

DONE = {
    "record-discussion": "Discussion recorded",
    "complete-step": "Step recorded as done",
    "escalate": "Escalated",
    "resolve": "Recorded as resolved",
    "record-decision": "Decision recorded",
    "mash-referral": "MASH referral recorded",
}

# People some ladders need beyond the fixed cast: (name, agency, roles).
EXTRAS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "lincolnshire": [
        ("slo", "school", ("senior-liaison-officer",)),
        ("other_slo", "social_care", ("senior-liaison-officer",)),
        ("reviewer", "team", ("case-review-group-member",)),
    ],
    "st-helens": [("director", "school", ("director",))],
    "bromley": [("board", "school", ("agency-board-member",))],
}
# A board member in each agency, for the panels.
PANELLISTS = [
    ("bm_school", "school", ("board-member",)),
    ("bm_social", "social_care", ("board-member",)),
    ("bm_health", "health", ("board-member",)),
]
for _policy in ("brent", "bromley"):
    EXTRAS[_policy] = [*EXTRAS.get(_policy, []), *PANELLISTS]

# Each move: who acts, the action, the step (for complete-step), the stage after it.
LADDERS: dict[str, list[tuple[str, str, str, str]]] = {
    "brent": [
        ("manager", "record-discussion", "", "line-manager"),
        ("raiser", "escalate", "", "other-worker"),
        ("other", "escalate", "", "line-managers"),
        ("other_manager", "escalate", "", "safeguarding-leads"),
        ("head", "escalate", "", "resolution-panel"),
        ("chair", "meeting-decision", "", "resolution-panel"),
    ],
    "haringey": [
        ("manager", "record-discussion", "", "first-line-managers"),
        ("manager", "escalate", "", "head-of-service"),
        ("manager", "complete-step", "refer-to-head-of-service", "head-of-service"),
        ("head", "escalate", "", "round-table"),
        ("head", "complete-step", "propose-actions", "round-table"),
        ("other_manager", "resolve", "", "round-table"),  # agreed by the receiving side
        ("manager", "resolve", "", "round-table"),  # and by the raising side: resolved
    ],
    "lincolnshire": [
        ("other", "record-discussion", "", "frontline"),
        ("other", "escalate", "", "line-managers"),
        ("manager", "escalate", "", "senior-liaison-officers"),
        ("slo", "escalate", "", "case-review-group"),
        ("other_slo", "complete-step", "refer-to-case-review-group", "case-review-group"),
        ("reviewer", "meeting-decision", "", "case-review-group"),
        ("slo", "resolve", "", "case-review-group"),
        ("other_slo", "resolve", "", "case-review-group"),
    ],
    "st-helens": [
        ("manager", "record-discussion", "", "line-manager"),
        ("raiser", "escalate", "", "professionals"),
        ("other", "escalate", "", "line-managers"),
        ("other_manager", "escalate", "", "safeguarding-leads"),
        ("manager", "issue-notice", "", "safeguarding-leads"),  # does its step
        ("dsl", "escalate", "", "mediation"),
        ("dsl", "complete-step", "refer-to-business-coordinator", "mediation"),
        ("chair", "complete-step", "identify-chair", "mediation"),
        ("chair", "complete-step", "hold-meeting", "mediation"),
        ("chair", "complete-step", "report-back", "mediation"),
        ("head", "escalate", "", "directors"),
        ("director", "escalate", "", "director-of-childrens-services"),
        ("chair", "record-decision", "", "director-of-childrens-services"),
    ],
    "bromley": [
        ("other", "record-discussion", "", "other-worker"),
        ("raiser", "escalate", "", "line-managers"),
        ("other_manager", "escalate", "", "senior-managers"),
        ("board", "complete-step", "engage-board-members", "senior-managers"),
        ("head", "escalate", "", "bscb-chair"),
        ("chair", "meeting-decision", "", "bscb-chair"),
    ],
}

DISCUSSION = {
    "who": "The two practitioners and their managers",
    "method": "phone",
    "agreed": "The child needs an assessment.",
    "disagreed": "Who should carry it out.",
    "text": "Agreed to talk again on Friday.",
}
RESOLUTION = {
    "text": "Children's social care will start a single assessment this week.",
    "outstanding": "The school will raise any new concern at the review on 1 June.",
}
IMMEDIATE_ACTION = "Told our DSL at 10:00 and referred to MASH."
DECISION = "The assessment starts within five working days; both agencies attend."


def signed_in(someone: Person) -> Client:
    client = Client()
    assert client.login(username=someone.username, password=PASSWORD)
    return client


def people(cast: Cast, policy_id: str) -> dict[str, Person]:
    found: dict[str, Person] = {
        name: getattr(cast, name)
        for name in ("raiser", "manager", "dsl", "other", "other_manager", "officer", "chair")
    }
    found["head"] = Person.objects.get(username=f"head.{policy_id.replace('-', '')}")
    for name, agency, roles in EXTRAS.get(policy_id, []):
        found[name] = person(f"{name}.{policy_id}", getattr(cast, agency), *roles)
    return found


def text_of(page: Any) -> str:
    return html.unescape(page.content.decode())


def raise_through_wizard(
    client: Client, cast: Cast, *, immediate_risk: bool = False, route: str = GENERAL
) -> Escalation:
    """Raise as ``cast.raiser`` against ``cast.other`` in social care. Where the policy offers
    this raiser more than one procedure for the child, the wizard asks, and ``route`` is
    chosen."""
    category = cast.partnership.policy_in_force(timezone.localdate()).policy.categories[0].key
    today = timezone.localdate()
    assert client.get("/raise/")["Location"] == "/raise/immediate-risk/"
    pages: list[tuple[str, dict[str, Any]]] = [
        ("immediate-risk", {"immediate_risk": "yes" if immediate_risk else "no"}),
    ]
    if immediate_risk:
        pages.append(("immediate-action", {"immediate_action": IMMEDIATE_ACTION}))
    policy = cast.partnership.policy_in_force(timezone.localdate()).policy
    if policy.not_escalations:  # a policy that names no other procedures is not asked
        pages.append(("not-an-escalation", {"matter": "none"}))
    pages += [
        ("agency", {"agency": cast.social_care.pk}),
        ("professional", {"professional": cast.other.pk}),
        (
            "child",
            {
                "name": "Ava Testington",
                "day": "4",
                "month": "5",
                "year": "2016",
                "status": "cp-plan",
                "need_level": "child-protection",
            },
        ),
    ]
    offered = routes_for(
        policy=policy,
        raiser=cast.raiser,
        receiving_agency=cast.social_care,
        child_status="cp-plan",
        immediate_risk=immediate_risk,
    )
    if len(offered) > 1:
        pages.append(("route", {"route": route}))
    else:
        assert route == GENERAL, f"{policy.id} offers no other procedure here"
    pages += [
        ("category", {"categories": [category]}),
        ("disagreement", {"disagreement": "The referral was closed without a visit."}),
        ("arose", {"day": str(today.day), "month": str(today.month), "year": str(today.year)}),
        ("outcome", {"outcome_wanted": "An assessment is started."}),
    ]
    following = [f"/raise/{page}/" for page, _ in pages[1:]] + ["/raise/check/"]
    for (page, answer), expected in zip(pages, following, strict=True):
        assert client.get(f"/raise/{page}/").status_code == 200
        response = client.post(f"/raise/{page}/", answer)
        assert response.status_code == 302, text_of(response)[:2000]
        assert response["Location"] == expected
    check = client.get("/raise/check/")
    assert "Ava Testington" in text_of(check)
    done = client.post("/raise/check/")
    escalation = Escalation.objects.get()
    assert done["Location"] == f"/raise/done/{escalation.reference}/"
    assert (
        escalation.reference
        == f"{cast.partnership.reference_prefix}-{timezone.localdate().year}-0001"
    )
    assert client.get(done["Location"]).status_code == 200
    return escalation


def links(page: Any, escalation: Escalation) -> dict[str, list[str]]:
    """The action links on an escalation page, by action."""
    found: dict[str, list[str]] = {}
    prefix = f"/escalations/{escalation.reference}/"
    for href in re.findall(r'href="([^"]+)"', page.content.decode()):
        href = html.unescape(href)
        if href.startswith(prefix) and href != prefix:
            action = href[len(prefix) :].split("/")[0]
            found.setdefault(action, []).append(href)
    return found


def hold_meeting(escalation: Escalation, officer: Person, chair: Person) -> None:
    """The business manager convenes the stage's meeting or panel with the role holders it
    names (a board member of each agency), and records it as held."""
    escalation.refresh_from_db()
    stage = escalation.policy_version.policy.stage(escalation.current_stage)
    assert stage.meeting is not None
    members = list(
        Person.objects.filter(
            role_holdings__role__in=stage.meeting.membership.members,
            agency__partnership=escalation.partnership,
        ).distinct()
    )
    meeting = meeting_services.meeting_convene(
        escalation=escalation,
        actor=officer,
        expected_version=escalation.version,
        members=members,
        chair=chair if stage.meeting.kind == "panel" else None,
        starts_at=escalation.raised_at,
        place="Civic Centre, room 3",
    )
    escalation.refresh_from_db()
    meeting_services.meeting_record_held(
        meeting=meeting,
        actor=officer,
        attended=members,
        discussion="Both agencies were heard.",
        expected_version=escalation.version,
    )
    escalation.refresh_from_db()


def decide_at_meeting(client: Client, escalation: Escalation) -> Any:
    """Record the decision from the meeting's page, as the escalation page leads there."""
    detail = client.get(f"/escalations/{escalation.reference}/")
    assert "record-decision" not in links(detail, escalation)
    meeting = client.get(f"/escalations/{escalation.reference}/meeting/")
    url = f"/escalations/{escalation.reference}/meeting/decision/"
    assert url in meeting.content.decode()
    form = text_of(client.get(url))
    stage = escalation.policy_version.policy.stage(escalation.current_stage)
    assert stage.decision is not None
    if stage.decision.binding and stage.decision.final:
        assert "This decision is final and binding" in form
    response = client.post(url, {"version": escalation.version, "decision": DECISION})
    assert response.status_code == 302, text_of(response)[:3000]
    escalation.refresh_from_db()
    return client.get(f"/escalations/{escalation.reference}/")


NOTICE_INFORMATION = "The referral was closed without a visit; the managers could not agree."


def issue_notice(client: Client, escalation: Escalation) -> Any:
    """Follow 'Review and sign the Escalation Notice' from the escalation page and sign it."""
    detail = text_of(client.get(f"/escalations/{escalation.reference}/"))
    url = f"/escalations/{escalation.reference}/documents/notice/{escalation.current_stage}/"
    assert f'href="{url}"' in detail, detail[:3000]
    assert client.get(url).status_code == 200
    fields = {
        "version": escalation.version,
        "information": NOTICE_INFORMATION,
        "role": "Manager",
        "signed": "yes",
    }
    response = client.post(url, fields, follow=True)
    assert "Escalation Notice signed and sent" in text_of(response), text_of(response)[:3000]
    escalation.refresh_from_db()
    return client.get(f"/escalations/{escalation.reference}/")


def take(client: Client, escalation: Escalation, action: str, step: str = "") -> Any:
    """Follow the action's link on the escalation page, fill in its form and submit it."""
    escalation.refresh_from_db()
    if action == "meeting-decision":
        return decide_at_meeting(client, escalation)
    if action == "issue-notice":
        return issue_notice(client, escalation)
    detail = client.get(f"/escalations/{escalation.reference}/")
    assert detail.status_code == 200
    offered = links(detail, escalation).get(action, [])
    if step:
        offered = [href for href in offered if href.endswith(f"&step={step}")]
    assert len(offered) == 1, (action, step, links(detail, escalation))
    [url] = offered
    form = client.get(url)
    assert form.status_code == 200
    fields: dict[str, Any] = {"text": f"{action}: done as the procedure says."}
    if action == "record-discussion":
        fields = DISCUSSION
    elif action == "resolve":
        fields = RESOLUTION
    elif action == "record-decision":
        fields = {"text": DECISION}
    response = client.post(url, {"version": escalation.version, **fields}, follow=True)
    assert response.redirect_chain == [(f"/escalations/{escalation.reference}/", 302)], text_of(
        response
    )[:3000]
    assert DONE[action] in text_of(response) or (
        action == "resolve" and "Agreement recorded" in text_of(response)
    )
    escalation.refresh_from_db()
    return response
