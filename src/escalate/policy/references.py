"""Checks that need the whole policy: names that refer to something defined elsewhere.

The schema checks each value on its own; these checks find a role nobody defined, a step
that counts from a step that does not exist, two stages with one key, and so on. Each
problem carries the key path it is about, so the loader can give its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from escalate.policy import permits
from escalate.policy.gates import check_requirements
from escalate.policy.roles import STANDARD_ROLES
from escalate.policy.schema import Notification, Parties, Policy, Stage

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str


def check_references(policy: Policy) -> list[Problem]:
    return [
        *_duplicate_keys(policy),
        *_roles(policy),
        *_stages(policy),
        *_caps(policy),
        *_notifications(policy.notify, ("notify",), stage=None),
        *_immediate_risk(policy),
        *_target(policy),
        *_procedures(policy),
        *(Problem(path, message) for path, message in permits.problems(policy)),
        *(Problem(path, message) for path, message in check_requirements(policy)),
    ]


def _duplicates(items: Sequence[object], path: Path, what: str) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        key = str(getattr(item, "key", getattr(item, "agency", "")))
        if key in seen:
            yield Problem(
                (*path, index, "key"),
                f"{what} '{key}' is defined twice (also at {path[-1]}[{seen[key]}]). "
                "Give each a different key",
            )
        else:
            seen[key] = index


def _duplicate_keys(policy: Policy) -> Iterator[Problem]:
    yield from _duplicates(policy.stages, ("stages",), "the stage")
    yield from _duplicates(policy.categories, ("categories",), "the category")
    yield from _duplicates(policy.not_escalations, ("not_escalations",), "the matter")
    yield from _duplicates(policy.roles, ("roles",), "the role")
    yield from _duplicates(policy.caps, ("caps",), "the cap")
    yield from _duplicates(policy.procedures, ("procedures",), "the procedure")
    yield from _duplicates(policy.notify, ("notify",), "the notification")
    yield from _duplicates(policy.pause_reasons, ("pause_reasons",), "the pause reason")
    for index, stage in enumerate(policy.stages):
        yield from _duplicates(stage.steps, ("stages", index, "steps"), "the step")
        yield from _duplicates(stage.notify, ("stages", index, "notify"), "the notification")
    for index, table in enumerate(policy.counterparts):
        entries = table.entries
        seen: set[str] = set()
        for position, entry in enumerate(entries):
            if entry.agency.casefold() in seen:
                yield Problem(
                    ("counterparts", index, "entries", position, "agency"),
                    f"the agency '{entry.agency}' is listed twice. List each agency once",
                )
            seen.add(entry.agency.casefold())


def _known_roles(policy: Policy) -> set[str]:
    return set(STANDARD_ROLES) | {role.key for role in policy.roles}


def role_problem(role: str, path: Path, known: set[str]) -> Problem | None:
    if role in known:
        return None
    return Problem(
        path,
        f"'{role}' is not a role Escalate knows. Use one of the standard roles "
        f"({', '.join(sorted(STANDARD_ROLES))}) or define it in the policy's 'roles' section",
    )


def _party_paths(policy: Policy) -> Iterator[tuple[Path, str]]:
    def parties(items: Parties, path: Path) -> Iterator[tuple[Path, str]]:
        for index, party in enumerate(items):
            yield (*path, index, "role"), party.role

    for index, action in enumerate(policy.immediate_risk.actions):
        yield from parties(action.tell, ("immediate_risk", "actions", index, "tell"))
    for index, note in enumerate(policy.notify):
        yield from parties(note.to, ("notify", index, "to"))
    for index, table in enumerate(policy.counterparts):
        yield ("counterparts", index, "role"), table.role
    for index, matter in enumerate(policy.not_escalations):
        yield from parties(matter.contact, ("not_escalations", index, "contact"))
    for s, stage in enumerate(policy.stages):
        base: Path = ("stages", s)
        yield from parties(stage.actors, (*base, "actors"))
        yield from parties(stage.contacts, (*base, "contacts"))
        for i, step in enumerate(stage.steps):
            yield from parties(step.who, (*base, "steps", i, "who"))
        for i, note in enumerate(stage.notify):
            yield from parties(note.to, (*base, "notify", i, "to"))
        for i, rule in enumerate(stage.skip):
            for j, role in enumerate(rule.by):
                yield (*base, "skip", i, "by", j), role
        if stage.meeting is not None:
            meeting = stage.meeting
            yield from parties(meeting.convened_by, (*base, "meeting", "convened_by"))
            yield from parties(meeting.chair, (*base, "meeting", "chair"))
            yield from parties(meeting.reports_to, (*base, "meeting", "reports_to"))
            for j, role in enumerate(meeting.membership.members):
                yield (*base, "meeting", "membership", "members", j), role
        if stage.decision is not None:
            yield from parties(stage.decision.by, (*base, "decision", "by"))
        for kind, listed in stage.may.listed().items():
            yield from parties(listed, (*base, "may", kind.replace("-", "_")))


def roles_named(policy: Policy) -> frozenset[str]:
    """Every role the policy names anywhere: who acts, who is told, who sits or decides."""
    return frozenset(role for _, role in _party_paths(policy))


def _roles(policy: Policy) -> Iterator[Problem]:
    for index, role in enumerate(policy.roles):
        if role.key in STANDARD_ROLES:
            yield Problem(
                ("roles", index, "key"),
                f"'{role.key}' is already a standard role. Remove it from 'roles' or give "
                "your role a different key",
            )
    known = _known_roles(policy)
    for path, name in _party_paths(policy):
        problem = role_problem(name, path, known)
        if problem is not None:
            yield problem


def _stages(policy: Policy) -> Iterator[Problem]:
    previous = 0
    for s, stage in enumerate(policy.stages):
        base: Path = ("stages", s)
        if stage.number < previous:
            yield Problem(
                (*base, "number"),
                f"stage {stage.number} comes after stage {previous}. List the stages in order",
            )
        previous = stage.number
        yield from _steps(stage, base)
        yield from _earlier_stage_anchors(policy, s, base)
        yield from _notifications(stage.notify, (*base, "notify"), stage=stage)
        for i, rule in enumerate(stage.skip):
            if rule.when == "discretion" and not rule.by:
                yield Problem(
                    (*base, "skip", i, "by"),
                    "a skip at someone's discretion must say whose. Add 'by' with the roles",
                )
        if s == len(policy.stages) - 1 and stage.skip and s > 0:
            yield Problem(
                (*base, "skip"),
                "the last stage cannot be skipped: there is no stage after it. Remove 'skip'",
            )
        if s == len(policy.stages) - 1 and stage.escalate_when_overdue:
            yield Problem(
                (*base, "escalate_when_overdue"),
                "the last stage cannot escalate by itself: there is no stage after it. "
                "Remove 'escalate_when_overdue'",
            )
        if s == 0 and stage.skip:
            yield Problem(
                (*base, "skip"),
                "the first stage cannot be skipped: every escalation starts somewhere. "
                "Use immediate_risk.start_at to start at a later stage",
            )


def _steps(stage: Stage, base: Path) -> Iterator[Problem]:
    earlier: list[str] = []
    for i, step in enumerate(stage.steps):
        due = step.due
        if (
            due is not None
            and due.after is not None
            and due.stage is None
            and due.after not in earlier
        ):
            hint = (
                f"one of: {', '.join(earlier)}"
                if earlier
                else "nothing, since this is the stage's first step"
            )
            yield Problem(
                (*base, "steps", i, "due", "after"),
                f"the step counts from '{due.after}', which is not an earlier step of this "
                f"stage. Write {hint}",
            )
        yield from _step_condition(stage, i, base, earlier)
        earlier.append(step.key)
    if stage.meeting is not None and stage.meeting.step not in (None, *earlier):
        yield Problem(
            (*base, "meeting", "step"),
            f"'{stage.meeting.step}' is not a step of this stage. Name one of: "
            f"{', '.join(earlier) or 'none (add the meeting as a step of the stage)'}",
        )
    after = stage.deadline.after if stage.deadline is not None else None
    if (
        after is not None
        and stage.deadline is not None
        and stage.deadline.stage is None
        and (after not in earlier)
    ):
        yield Problem(
            (*base, "deadline", "after"),
            f"the stage's deadline counts from '{after}', which is not a step "
            "of this stage. Name one of its steps, or remove 'after'",
        )


def _earlier_stage_anchors(policy: Policy, s: int, base: Path) -> Iterator[Problem]:
    """A deadline counted from a step of an earlier stage: the stage and the step exist."""
    stage = policy.stages[s]
    earlier = {st.key: st for st in policy.stages[:s]}
    anchored: list[tuple[Path, object]] = [((*base, "deadline"), stage.deadline)]
    anchored += [((*base, "steps", i, "due"), step.due) for i, step in enumerate(stage.steps)]
    for path, deadline in anchored:
        named = getattr(deadline, "stage", None)
        if named is None:
            continue
        if named not in earlier:
            yield Problem(
                (*path, "stage"),
                f"'{named}' is not an earlier stage. Write one of: "
                f"{', '.join(earlier) or 'none (this is the first stage)'}",
            )
            continue
        steps = [step.key for step in earlier[named].steps]
        after = getattr(deadline, "after", None)
        if after not in steps:
            yield Problem(
                (*path, "after"),
                f"'{after}' is not a step of '{named}'. Write one of: "
                f"{', '.join(steps) or 'none (that stage has no steps)'}",
            )


def _step_condition(stage: Stage, i: int, base: Path, earlier: list[str]) -> Iterator[Problem]:
    condition = stage.steps[i].only_if
    if condition is None:
        return
    if condition.step not in earlier:
        yield Problem(
            (*base, "steps", i, "if", "step"),
            f"the step depends on '{condition.step}', which is not an earlier step of this "
            f"stage. Write one of: {', '.join(earlier) or 'none (it is the first step)'}",
        )
        return
    outcomes = stage.steps[earlier.index(condition.step)].outcomes
    for j, outcome in enumerate(condition.outcome):
        if outcome not in outcomes:
            yield Problem(
                (*base, "steps", i, "if", "outcome", j),
                f"'{outcome}' is not an outcome of '{condition.step}'. Its outcomes are: "
                f"{', '.join(outcomes) or 'none (add outcomes to that step)'}",
            )


def _notifications(
    notes: Iterable[Notification], base: Path, *, stage: Stage | None
) -> Iterator[Problem]:
    steps = {step.key for step in stage.steps} if stage is not None else set()
    for i, note in enumerate(notes):
        if stage is not None and note.when in ("raised", "policy-gap"):
            yield Problem(
                (*base, i, "when"),
                f"'{note.when}' does not belong to one stage. Move this notification to the "
                "policy's own 'notify' section",
            )
        if note.when == "step-done":
            if stage is None:
                yield Problem(
                    (*base, i, "when"),
                    "'step-done' belongs to a stage's notifications. Move it into the stage",
                )
            elif note.step is None:
                yield Problem(
                    (*base, i, "step"),
                    "a step-done notification must say which step. Add 'step' with one of: "
                    f"{', '.join(sorted(steps)) or 'none (add steps to the stage)'}",
                )
            elif note.step not in steps:
                yield Problem(
                    (*base, i, "step"),
                    f"'{note.step}' is not a step of this stage. Name one of: "
                    f"{', '.join(sorted(steps)) or 'none (add steps to the stage)'}",
                )
        elif note.step is not None:
            yield Problem(
                (*base, i, "step"),
                "'step' only applies when 'when' is step-done. Remove it",
            )
        if note.when == "before-deadline" and note.before is None:
            yield Problem(
                (*base, i, "before"),
                "a before-deadline notification must say how long before. Add "
                "'before', like '1 working day'",
            )
        if note.when != "before-deadline" and note.before is not None:
            yield Problem(
                (*base, i, "before"),
                "'before' only applies when 'when' is before-deadline. Remove it",
            )


def _stage_keys(policy: Policy) -> list[str]:
    return [stage.key for stage in policy.stages]


def _missing_stage(key: str, path: Path, policy: Policy) -> Problem:
    return Problem(
        path,
        f"'{key}' is not a stage of this policy. Name one of: {', '.join(_stage_keys(policy))}",
    )


def _caps(policy: Policy) -> Iterator[Problem]:
    keys = _stage_keys(policy)
    for i, cap in enumerate(policy.caps):
        base: Path = ("caps", i)
        ok = True
        for field in ("first_stage", "last_stage"):
            value = getattr(cap, field)
            if value not in keys:
                ok = False
                yield _missing_stage(value, (*base, field), policy)
        if ok and keys.index(cap.first_stage) > keys.index(cap.last_stage):
            yield Problem(
                (*base, "last_stage"),
                f"the cap ends at '{cap.last_stage}', before it starts at '{cap.first_stage}'. "
                "Swap them",
            )
        if cap.final_stage is not None:
            final = cap.final_stage.stage
            if final not in keys:
                yield _missing_stage(final, (*base, "final_stage", "stage"), policy)
            elif ok and keys.index(final) <= keys.index(cap.last_stage):
                yield Problem(
                    (*base, "final_stage", "stage"),
                    f"the final stage '{final}' must come after the capped stages. Name a "
                    "later stage",
                )


def _target(policy: Policy) -> Iterator[Problem]:
    counted_from = policy.target.counted_from
    if counted_from not in ("raised", "arose") and counted_from not in _stage_keys(policy):
        yield Problem(
            ("target", "from"),
            f"the target counts from '{counted_from}', which is not a stage of this policy. "
            f"Write raised, arose, or one of: {', '.join(_stage_keys(policy))}",
        )


def _immediate_risk(policy: Policy) -> Iterator[Problem]:
    start = policy.immediate_risk.start_at
    if start is not None and start not in _stage_keys(policy):
        yield _missing_stage(start, ("immediate_risk", "start_at"), policy)


def _procedures(policy: Policy) -> Iterator[Problem]:
    categories = {category.key for category in policy.categories}
    for i, procedure in enumerate(policy.procedures):
        if procedure.category is not None and procedure.category not in categories:
            yield Problem(
                ("procedures", i, "category"),
                f"'{procedure.category}' is not one of this policy's categories. Name one of: "
                f"{', '.join(sorted(categories))}",
            )
