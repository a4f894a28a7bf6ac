"""Playing the demo's scenarios: each escalation raised, then its actions taken in turn by
whoever the policy lets take them, on working days before ``now``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from escalate.demo.acts import Act, Scenario
from escalate.demo.names import username
from escalate.demo.people import Counts, Directory
from escalate.documents import rules as document_rules
from escalate.documents.services import document_issue_notice
from escalate.escalations import rules
from escalate.escalations.models import Escalation, Event, EventKind
from escalate.escalations.participants import people_for
from escalate.escalations.raising import escalation_raise
from escalate.escalations.services import escalation_act, escalation_state
from escalate.partnerships.models import Person
from escalate.policy.clock import LONDON, WorkingCalendar
from escalate.policy.schema import Party, Stage
from escalate.reports import services as meeting_services


def _candidates(escalation: Escalation, parties: Sequence[Party], side: str) -> list[Person]:
    first = escalation.receiving_agency_id if side == "receiving" else escalation.raising_agency_id
    found: list[Person] = []
    for party in parties:
        for person in people_for(escalation, party):
            if person not in found:
                found.append(person)
    # Stable sort: people in the preferred agency first, then the other side, then the rest.
    return sorted(found, key=lambda p: 0 if p.agency_id == first else 1)


def _current_stage(escalation: Escalation) -> Stage:
    return escalation.policy.stage(escalation.current_stage)


def _clock(minutes: int) -> dt.time:
    """The time ``minutes`` after midnight."""
    return dt.time(minutes // 60, minutes % 60)


class Player:
    """Plays the scenarios: raises each escalation, then takes its actions in order."""

    def __init__(self, *, now: dt.datetime, counts: Counts) -> None:
        self.now = now
        self.counts = counts
        self.calendar = WorkingCalendar("england")

    def _days_back(self, count: int) -> dt.date:
        day = self.calendar.local_date(self.now)
        for _ in range(count):
            day -= dt.timedelta(days=1)
            while not self.calendar.is_working_day(day):
                day -= dt.timedelta(days=1)
        return day

    def _actor(self, escalation: Escalation, act: Act, at: dt.datetime) -> Person:
        state = escalation_state(escalation, at)
        allowed = next(
            (
                a
                for a in state.allowed_actions
                if a.kind == act.action
                and (act.stage is None or a.stage == act.stage)
                and (act.step is None or a.step == act.step)
            ),
            None,
        )
        if allowed is None:
            raise ValueError(
                f"Demo data: {act.action} is not allowed on {escalation.child_name}'s "
                f"escalation at {escalation.current_stage}"
            )
        stage = _current_stage(escalation)
        parties: list[Party] = list(stage.actors)
        if act.action == "complete-step":
            parties = [p for s in stage.steps if s.key == act.step for p in s.who]
        elif act.action == "record-decision" and stage.decision is not None:
            parties = list(stage.decision.by)
        elif act.action == "skip":
            parties = [
                Party(role=role, side=side)
                for role in allowed.roles
                for side in ("raising", "receiving", "partnership")
            ]
        if act.by is not None:
            parties.sort(key=lambda party: 0 if party.role == act.by else 1)
        candidates = (
            [escalation.raised_by]
            if act.action == "withdraw"
            else _candidates(escalation, parties, act.side)
        )
        for person in candidates:
            if rules.can_take(person, escalation, allowed):
                return person
        # The partnership's officers may take any action a participant may.
        self.counts.fallbacks += 1
        return Person.objects.get(
            username=username(escalation.partnership.slug, "business-manager")
        )

    def _who(self, escalation: Escalation) -> str:
        people = _candidates(escalation, _current_stage(escalation).actors, "raising")[:4]
        return ", ".join(f"{p.display_name} ({p.job_title}, {p.agency})" for p in people)[:500]

    def play(self, scenario: Scenario, *, directory: Directory, index: int) -> Escalation:
        """Raise the escalation of ``scenario``, the ``index``th of all, and take its acts."""
        slug = scenario.partnership
        day = self._days_back(scenario.days_back)
        at = scenario.at or _clock(9 * 60 + 5 + (index * 37) % 180)
        moment = dt.datetime.combine(day, at, tzinfo=LONDON)
        escalation = escalation_raise(
            raiser=Person.objects.get(
                username=username(slug, "practitioner", agency=scenario.raiser)
            ),
            receiving_agency=directory.agencies[scenario.receiver],
            receiving_professional=Person.objects.get(
                username=username(slug, "practitioner", agency=scenario.receiver)
            ),
            child_name=scenario.child,
            child_date_of_birth=scenario.born,
            child_reference=scenario.reference,
            child_status=scenario.child_status,
            need_level=scenario.need_level,
            parents_carers=scenario.parents,
            categories=scenario.categories,
            disagreement=scenario.disagreement,
            outcome_wanted=scenario.outcome,
            immediate_risk=bool(scenario.immediate_action),
            immediate_action=scenario.immediate_action,
            now=moment,
        )
        self.counts.escalations += 1
        for number, act in enumerate(scenario.acts):
            if act.gap:
                for _ in range(act.gap):
                    day = self.calendar.next_working_day(day)
                at = _clock(9 * 60 + 30 + (index * 29 + number * 47) % 390)
                moment = dt.datetime.combine(day, at, tzinfo=LONDON)
            else:
                moment += dt.timedelta(minutes=20)
            if self.calendar.local_date(moment) >= self.calendar.local_date(self.now):
                raise ValueError(
                    f"Demo data: {scenario.child}'s escalation would have actions today or "
                    f"later; raise it more than {scenario.days_back} working days back"
                )
            data: dict[str, Any] = dict(act.data)
            if act.action == "record-discussion":
                data["who"] = self._who(escalation)
            if act.action == "record-decision" and _current_stage(escalation).meeting:
                self._decide_at_meeting(escalation, act, moment)
                continue
            if act.action == "issue-notice":
                self._issue_notice(escalation, act, moment)
                continue
            event = escalation_act(
                escalation=escalation,
                actor=self._actor(escalation, act, moment),
                action=act.action,
                expected_version=escalation.version,
                text=act.text,
                stage=act.stage,
                step=act.step,
                data=data,
                now=moment,
            )
            escalation.refresh_from_db()
            if event.kind == EventKind.RESOLUTION_PROPOSED:
                self._other_side_agrees(escalation, event, data)
        return escalation

    def _issue_notice(self, escalation: Escalation, act: Act, at: dt.datetime) -> None:
        """The first of the notice step's people (the raising side) who may sign it does."""
        stage = _current_stage(escalation)
        parties = [p for step in stage.steps if step.document for p in step.who]
        state = escalation_state(escalation, at)
        signer = next(
            person
            for person in _candidates(escalation, parties, "raising")
            if document_rules.can_issue_notice(person, escalation, state)
        )
        document_issue_notice(
            escalation=escalation,
            signer=signer,
            stage=stage.key,
            information=act.text,
            signer_role=signer.job_title or "Line manager",
            expected_version=escalation.version,
            now=at,
        )
        escalation.refresh_from_db()

    def _decide_at_meeting(self, escalation: Escalation, act: Act, at: dt.datetime) -> None:
        """Where the stage has a meeting or panel, the business manager convenes it with a
        member from each agency holding the roles it names, records it as held an hour
        later, with the decision."""
        spec = _current_stage(escalation).meeting
        assert spec is not None
        officer = Person.objects.get(
            username=username(escalation.partnership.slug, "business-manager")
        )
        holders = Person.objects.filter(
            role_holdings__role__in=spec.membership.members,
            agency__partnership=escalation.partnership,
        ).order_by("username")
        members = list({person.agency_id: person for person in reversed(holders)}.values())
        meeting = meeting_services.meeting_convene(
            escalation=escalation,
            actor=officer,
            expected_version=escalation.version,
            members=members,
            chair=None,  # the policies name no chair where a meeting decides
            starts_at=at - dt.timedelta(minutes=90),
            place="Civic Centre, committee room 2",
            now=at - dt.timedelta(hours=2),
        )
        escalation.refresh_from_db()
        meeting_services.meeting_record_held(
            meeting=meeting,
            actor=officer,
            attended=members,
            discussion="Each agency's representation was heard.",
            decision=act.text,
            expected_version=escalation.version,
            now=at,
        )
        escalation.refresh_from_db()

    def _other_side_agrees(self, escalation: Escalation, event: Event, data: Any) -> None:
        """A demo resolution is agreed by both sides: the other side's professional agrees
        the same outcome twenty minutes later."""
        other = (
            escalation.receiving_professional
            if event.data["side"] == "raising"
            else escalation.raised_by
        )
        assert other is not None
        escalation_act(
            escalation=escalation,
            actor=other,
            action="resolve",
            expected_version=escalation.version,
            text=event.text,
            data=data,
            now=event.at + dt.timedelta(minutes=20),
        )
        escalation.refresh_from_db()
