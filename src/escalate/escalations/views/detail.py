"""One escalation: its summary, ladder, what must happen now, timeline and actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from escalate.escalations import agreement, rules
from escalate.escalations.circumstances import child_status_now
from escalate.escalations.history import facts_for
from escalate.escalations.models import ChildStatus, Escalation, EventKind
from escalate.escalations.next_step import actions_shown
from escalate.escalations.participants import people_for, remember_parties
from escalate.escalations.selectors import escalation_for, history
from escalate.escalations.services import escalation_state
from escalate.escalations.timeline import timeline
from escalate.partnerships.models import Person, remember_managers
from escalate.policy.case import CaseState, StageVisit
from escalate.policy.conditions import holds
from escalate.policy.render import parties
from escalate.policy.schema import Party, Policy, Stage


@dataclass(frozen=True)
class Rung:
    stage: Stage
    visit: StageVisit | None
    current: bool
    note: str = ""  # why the deadline came before the stage began


def deadline_note(escalation: Escalation, policy: Policy, visit: StageVisit | None) -> str:
    """Why a stage's deadline is before the stage began: a cap over several stages had run
    out by then (as the policy sets it), not a mistake in the dates."""
    if visit is None or visit.deadline is None or visit.deadline >= visit.started_at:
        return ""
    keys = [stage.key for stage in policy.stages]
    here = keys.index(visit.key)
    facts = facts_for(escalation)  # only for such a stage: rare, so not looked up otherwise
    for cap in policy.caps:
        covers = keys.index(cap.first_stage) <= here <= keys.index(cap.last_stage)
        if covers and holds(cap.only_if, facts):
            first, last = policy.stage(cap.first_stage), policy.stage(cap.last_stage)
            return (
                f"the time the policy allows for stages {first.number} to {last.number} "
                f"together ({cap.within}) had run out before this stage began"
            )
    return "it had passed before this stage began"


def _names(escalation: Escalation, party: Party) -> str:
    names = [person.display_name for person in people_for(escalation, party)]
    not_in_directory = escalation.receiving_professional is None
    if party.role == "practitioner" and party.side != "raising" and not_in_directory:
        names.append(escalation.receiving_professional_display)
    return ", ".join(names) or "nobody in the directory yet"


def _parties_on_the_page(policy: Policy, state: CaseState) -> list[Party]:
    """Everyone the page may ask about: who must act, the current stage's actors, the
    people of the steps that may be done now and whoever convenes the stage's meeting."""
    stage = policy.stage(state.current.key)
    parties = [*state.who_must_act, *stage.actors]
    for action in state.allowed_actions:
        if action.kind == "complete-step":
            steps = policy.stage(action.stage or stage.key).steps
            parties.extend(p for step in steps if step.key == action.step for p in step.who)
    if stage.meeting is not None:
        parties.extend(stage.meeting.convened_by)
    return [*parties, *stage.contacts]


def _contact_parties(escalation: Escalation, policy: Policy, state: CaseState) -> list[Party]:
    """Whose contact details the page gives: who must act, the stage's own contacts and, for
    an immediate risk, whoever the policy says must be told of it (MASH, the DSL)."""
    found = [*state.who_must_act, *policy.stage(state.current.key).contacts]
    if escalation.immediate_risk:
        found += [party for action in policy.immediate_risk.actions for party in action.tell]
    return found


def _remember_people(escalation: Escalation, policy: Policy, state: CaseState) -> None:
    """Look up, in two queries, the people and line managers the page's rules ask about."""
    parties = [*_parties_on_the_page(policy, state), *_contact_parties(escalation, policy, state)]
    remember_parties(escalation, parties)
    people = [escalation.raised_by]
    if escalation.receiving_professional is not None:
        people.append(escalation.receiving_professional)
    for party in parties:
        people.extend(people_for(escalation, party))
    remember_managers(people)


@login_required
def escalation_detail(request: HttpRequest, reference: str) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    escalation = escalation_for(person, reference)
    policy = escalation.policy
    events = history(escalation)
    state = escalation_state(escalation, events=events)
    _remember_people(escalation, policy, state)
    visits = {visit.key: visit for visit in state.history}
    ladder = [
        Rung(
            stage,
            visits.get(stage.key),
            stage.key == state.current.key,
            deadline_note(escalation, policy, visits.get(stage.key)),
        )
        for stage in policy.stages
    ]
    stage = policy.stage(state.current.key)
    who = [
        {"label": parties(policy, [party]), "names": _names(escalation, party)}
        for party in stage.actors
    ]
    # The step to be done next, where the policy names other people for it than the stage's.
    step = next((s for s in state.current.steps if s.needed and s.done_at is None), None)
    next_step = None
    if step is not None and any(party not in stage.actors for party in step.who):
        next_step = {
            "title": step.title,
            "who": [
                {"label": parties(policy, [party]), "names": _names(escalation, party)}
                for party in step.who
            ],
        }
    contacts = [
        {"label": parties(policy, [party]), "people": people_for(escalation, party)}
        for party in dict.fromkeys(_contact_parties(escalation, policy, state))
    ]
    labels = {category.key: category.label for category in policy.categories}
    actions = rules.actions_for(person, escalation, state.allowed_actions)
    return render(
        request,
        "escalations/detail.html",
        {
            "escalation": escalation,
            "policy": policy,
            "state": state,
            "stage": stage,
            "ladder": ladder,
            "who": who,
            "next_step": next_step,
            "deadline_note": deadline_note(escalation, policy, state.current),
            "contacts": contacts,
            "categories": [labels.get(c, c) for c in escalation.categories],
            "timeline": timeline(events, policy),
            "actions": actions_shown(agreement.labelled(escalation, person, events, actions)),
            "may_dispute": agreement.may_dispute_now(person, escalation, events),
            "decision": next((e for e in reversed(events) if e.kind == EventKind.DECISION), None),
            "may_record_mash_referral": rules.can_record_mash_referral(
                person, escalation, state.allowed_actions
            ),
            "may_record_circumstances": rules.can_record_circumstances(
                person, escalation, state.allowed_actions
            ),
            "child_status": ChildStatus(child_status_now(escalation, events)).label,
            "may_see_views": rules.can_see_view_log(person, escalation),
        },
    )
