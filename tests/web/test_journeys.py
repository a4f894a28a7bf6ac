"""Whole journeys through the test client, for each shipped policy: the raiser raises through
the wizard, the right people take it up the ladder using the links on the escalation page,
and it ends with the final binding decision, or with a resolution where the policy has none."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from cast import PASSWORD, Cast, make_cast, person
from django.test import Client
from django.utils import timezone

from escalate.escalations.models import Escalation, Event
from escalate.partnerships.models import Person

pytestmark = pytest.mark.django_db

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

# Each move: who acts, the action, the step (for complete-step), the stage after it.
LADDERS: dict[str, list[tuple[str, str, str, str]]] = {
    "brent": [
        ("manager", "record-discussion", "", "line-manager"),
        ("raiser", "escalate", "", "other-worker"),
        ("other", "escalate", "", "line-managers"),
        ("other_manager", "escalate", "", "safeguarding-leads"),
        ("head", "escalate", "", "resolution-panel"),
        ("chair", "record-decision", "", "resolution-panel"),
    ],
    "haringey": [
        ("manager", "record-discussion", "", "first-line-managers"),
        ("manager", "escalate", "", "head-of-service"),
        ("manager", "complete-step", "refer-to-head-of-service", "head-of-service"),
        ("head", "escalate", "", "round-table"),
        ("head", "complete-step", "propose-actions", "round-table"),
        ("other_manager", "resolve", "", "round-table"),
    ],
    "lincolnshire": [
        ("other", "record-discussion", "", "frontline"),
        ("other", "escalate", "", "line-managers"),
        ("manager", "escalate", "", "senior-liaison-officers"),
        ("slo", "escalate", "", "case-review-group"),
        ("other_slo", "complete-step", "refer-to-case-review-group", "case-review-group"),
        ("reviewer", "record-decision", "", "case-review-group"),
        ("slo", "resolve", "", "case-review-group"),
    ],
    "st-helens": [
        ("manager", "record-discussion", "", "line-manager"),
        ("raiser", "escalate", "", "professionals"),
        ("other", "escalate", "", "line-managers"),
        ("other_manager", "escalate", "", "safeguarding-leads"),
        ("manager", "complete-step", "send-escalation-notice", "safeguarding-leads"),
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
        ("chair", "record-decision", "", "bscb-chair"),
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


def raise_through_wizard(client: Client, cast: Cast, *, immediate_risk: bool = False) -> Escalation:
    category = cast.partnership.policy_in_force(timezone.localdate()).policy.categories[0].key
    assert client.get("/raise/")["Location"] == "/raise/immediate-risk/"
    pages: list[tuple[str, dict[str, Any]]] = [
        ("immediate-risk", {"immediate_risk": "yes" if immediate_risk else "no"}),
    ]
    if immediate_risk:
        pages.append(("immediate-action", {"immediate_action": IMMEDIATE_ACTION}))
    pages += [
        ("not-an-escalation", {"matter": "none"}),
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
        ("category", {"categories": [category]}),
        ("disagreement", {"disagreement": "The referral was closed without a visit."}),
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


def take(client: Client, escalation: Escalation, action: str, step: str = "") -> Any:
    """Follow the action's link on the escalation page, fill in its form and submit it."""
    escalation.refresh_from_db()
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
    assert DONE[action] in text_of(response)
    escalation.refresh_from_db()
    return response


@pytest.mark.parametrize("policy_id", list(LADDERS))
def test_journey_from_raising_to_the_end(policy_id: str) -> None:
    cast = make_cast(policy_id)
    cast_people = people(cast, policy_id)
    raiser = signed_in(cast.raiser)
    escalation = raise_through_wizard(raiser, cast)
    assert escalation.current_stage == LADDERS[policy_id][0][3]
    page = None
    for number, (who, action, step, stage_after) in enumerate(LADDERS[policy_id], start=2):
        client = signed_in(cast_people[who])
        page = take(client, escalation, action, step)
        assert escalation.current_stage == stage_after, (who, action)
        assert escalation.version == number
        assert escalation.events.count() == number
    assert page is not None
    shown = text_of(page)
    kinds = list(escalation.events.values_list("kind", flat=True))
    assert kinds.count("discussion") == 1
    assert "With The two practitioners and their managers (phone)." in shown
    assert "Agreed: The child needs an assessment." in shown
    assert kinds.count("step-done") == sum(1 for m in LADDERS[policy_id] if m[2])
    assert "escalate" not in links(page, escalation)
    binding = LADDERS[policy_id][-1][1] == "record-decision"
    if binding:
        assert escalation.status == "decided"
        assert kinds[-1] == "decision"
        assert "Final binding decision made" in shown
        assert DECISION in shown
        assert Event.objects.get(escalation=escalation, kind="decision").data["binding"] is True
    else:
        assert escalation.status == "resolved"
        assert kinds[-1] == "resolved"
        assert "Final binding decision made" not in shown
        assert RESOLUTION["text"] in shown
        assert f"Outstanding issues: {RESOLUTION['outstanding']}" in shown
    assert escalation.next_deadline is None
    # Nobody can take it further: not the raiser, not an officer.
    for someone in (cast.raiser, cast.officer):
        client = signed_in(someone)
        detail = client.get(f"/escalations/{escalation.reference}/")
        assert detail.status_code == 200
        assert not {"escalate", "resolve", "record-decision"} & set(links(detail, escalation))
        assert client.get(f"/escalations/{escalation.reference}/escalate/").status_code == 404
    # The raiser sees the outcome on their home page, with the others kept out.
    home = raiser.get("/")
    assert escalation.reference in text_of(home)
    for outsider in (cast.outsider, cast.stranger):
        detail = signed_in(outsider).get(f"/escalations/{escalation.reference}/")
        assert detail.status_code == 404


@pytest.mark.parametrize(
    ("policy_id", "allowed", "not_allowed"),
    [
        ("brent", ["chair", "officer"], ["raiser", "head", "other_manager"]),
        ("st-helens", ["chair", "officer"], ["raiser", "director", "head"]),
        ("bromley", ["chair", "officer"], ["raiser", "head", "board"]),
        ("lincolnshire", ["reviewer", "officer"], ["raiser", "slo", "manager"]),
    ],
)
def test_only_the_deciders_are_offered_the_decision(
    policy_id: str, allowed: list[str], not_allowed: list[str]
) -> None:
    cast = make_cast(policy_id)
    cast_people = people(cast, policy_id)
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    for who, action, step, _ in LADDERS[policy_id][:-1]:
        if action not in ("resolve", "record-decision"):
            take(signed_in(cast_people[who]), escalation, action, step)
    url = f"/escalations/{escalation.reference}/record-decision/"
    for who in allowed:
        client = signed_in(cast_people[who])
        detail = client.get(f"/escalations/{escalation.reference}/")
        assert [h.split("?")[0] for h in links(detail, escalation)["record-decision"]] == [url]
        assert client.get(url).status_code == 200
    for who in not_allowed:
        client = signed_in(cast_people[who])
        detail = client.get(f"/escalations/{escalation.reference}/")
        assert "record-decision" not in links(detail, escalation)
        assert client.get(url).status_code == 404
        refused = client.post(url, {"version": escalation.version, "text": DECISION})
        assert refused.status_code == 404
    escalation.refresh_from_db()
    assert escalation.status == "open"


def test_lincolnshire_group_recommendation_does_not_close_the_case() -> None:
    cast = make_cast("lincolnshire")
    cast_people = people(cast, "lincolnshire")
    escalation = raise_through_wizard(signed_in(cast.raiser), cast)
    for who, action, step, _ in LADDERS["lincolnshire"][:-1]:
        take(signed_in(cast_people[who]), escalation, action, step)
    assert escalation.status == "open"
    page = signed_in(cast.raiser).get(f"/escalations/{escalation.reference}/")
    shown = text_of(page)
    assert DECISION in shown
    assert "Final binding decision made" not in shown
    assert "resolve" in links(page, escalation)


def test_bromley_immediate_risk_journey_records_the_mash_referral() -> None:
    cast = make_cast("bromley")
    cast_people = people(cast, "bromley")
    raiser = signed_in(cast.raiser)
    escalation = raise_through_wizard(raiser, cast, immediate_risk=True)
    assert escalation.immediate_risk
    assert escalation.immediate_action == IMMEDIATE_ACTION
    detail = raiser.get(f"/escalations/{escalation.reference}/")
    shown = text_of(detail)
    assert "Immediate risk" in shown
    assert IMMEDIATE_ACTION in shown
    assert links(detail, escalation)["mash-referral"] == [
        f"/escalations/{escalation.reference}/mash-referral/"
    ]
    escalation.refresh_from_db()
    stage, deadline = escalation.current_stage, escalation.next_deadline
    page = raiser.post(
        f"/escalations/{escalation.reference}/mash-referral/",
        {"version": escalation.version, "text": "Referral made at 10:05, MASH reference M-4471."},
        follow=True,
    )
    assert page.redirect_chain == [(f"/escalations/{escalation.reference}/", 302)]
    shown = text_of(page)
    assert "MASH referral recorded" in shown
    assert "Referral made at 10:05, MASH reference M-4471." in shown
    escalation.refresh_from_db()
    event = escalation.events.order_by("-sequence").first()
    assert event is not None
    assert (event.kind, event.actor, event.sequence) == ("mash-referral", cast.raiser, 2)
    assert (escalation.current_stage, escalation.next_deadline) == (stage, deadline)
    # The rest of the ladder still runs to the Chair's binding decision.
    for who, action, step, stage_after in LADDERS["bromley"]:
        take(signed_in(cast_people[who]), escalation, action, step)
        assert escalation.current_stage == stage_after
    assert escalation.status == "decided"
    final = text_of(raiser.get(f"/escalations/{escalation.reference}/"))
    assert "Final binding decision made" in final
    assert "Referral made at 10:05, MASH reference M-4471." in final
