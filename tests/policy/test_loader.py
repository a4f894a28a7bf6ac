"""The policy loader: every malformed file gives located, plain-English problems.

Most cases start from the shipped Brent policy and change one exact fragment of its text,
so each case is a realistic file with a single mistake in a known place. The expected
line is found in the changed text, never written down by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from escalate.policy.loader import (
    LocatedProblem,
    PolicyError,
    format_path,
    load_policy,
    load_policy_text,
)
from escalate.policy.schema import Policy

BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text(encoding="utf-8")
NAME = "brent.yaml"

KeyPath = tuple[str | int, ...]


def _once(text: str, fragment: str) -> int:
    """Where ``fragment`` starts in ``text``, failing unless it occurs exactly once."""
    count = text.count(fragment)
    assert count == 1, f"expected {fragment!r} exactly once, found it {count} times"
    return text.index(fragment)


def _line_of(text: str, fragment: str) -> int:
    return text.count("\n", 0, _once(text, fragment)) + 1


def _between(start: str, end: str) -> str:
    """The text of Brent from ``start`` up to (not including) ``end``."""
    first = _once(BRENT, start)
    return BRENT[first : BRENT.index(end, first)]


def _replace(old: str, new: str) -> str:
    _once(BRENT, old)
    return BRENT.replace(old, new)


def _problems(text: str) -> list[LocatedProblem]:
    with pytest.raises(PolicyError) as caught:
        load_policy_text(text, NAME)
    problems = caught.value.problems
    assert problems, "a PolicyError must carry at least one problem"
    return problems


@dataclass(frozen=True)
class Case:
    """One malformed file: Brent with ``old`` replaced by ``new``, or the text ``whole``.

    ``at`` is a fragment of the changed text on the line the problem must name (None when
    the problem has no line); ``message`` is a fragment of what to write instead.
    """

    id: str
    message: str
    at: str | None
    path: KeyPath
    old: str = ""
    new: str = ""
    whole: str | None = None

    def text(self) -> str:
        return self.whole if self.whole is not None else _replace(self.old, self.new)


def _case(case: Case) -> Any:
    return pytest.param(case, id=case.id)


STEPS_MISSING_AFTER = """\
    steps:
      - key: call
        title: Telephone the other worker
        who: [practitioner@raising]
        due: {within: 2 working days, after: meeting}
"""
STEPS_LATER_AFTER = """\
    steps:
      - key: call
        title: Telephone the other worker
        who: [practitioner@raising]
      - key: write-up
        title: Write up the discussion
        who: [practitioner@raising]
        due: {within: 1 working day, after: agree}
      - key: agree
        title: Agree the outcome
        who: [practitioner@both]
"""
ROLE_HELP = "or define it in the policy's 'roles' section"
DEADLINE_HELP = "Write one of: immediately, same working day, N working hours, N working days"

CASES = [
    # Not YAML at all.
    Case(
        "yaml-tab-indentation",
        "Check the indentation",
        at="\ttext: >-",
        path=(),
        old="  text: >-\n    Professionals",
        new="\ttext: >-\n    Professionals",
    ),
    Case(
        "yaml-unclosed-quote-in-flow-mapping",
        "this is not valid YAML",
        at='start: "09:00, end',
        path=(),
        old='{start: "09:00", end: "17:00"}',
        new='{start: "09:00, end: "17:00"}',
    ),
    Case(
        "yaml-unclosed-quote-at-end",
        "this is not valid YAML",
        at='"The panel will ensure',
        path=(),
        old="  - The panel will ensure",
        new='  - "The panel will ensure',
    ),
    Case(
        "yaml-unclosed-bracket",
        "this is not valid YAML",
        at="record: [the managers' discussion",
        path=(),
        old="record: [the managers' discussion and its outcome]",
        new="record: [the managers' discussion and its outcome",
    ),
    Case(
        "yaml-undefined-alias",
        "found undefined alias",
        at="*nobody",
        path=(),
        old="  file: seeds/000_d1b66186b19201f4.txt",
        new="  file: *nobody",
    ),
    # Not a section of keys.
    Case("empty-file", "the file is empty", at=None, path=(), whole=""),
    Case(
        "only-comments",
        "the file is empty",
        at=None,
        path=(),
        whole="# Brent\n# to do\n",
    ),
    Case(
        "file-is-a-list",
        "a policy is a section of keys and values",
        at="- id: brent",
        path=(),
        whole="- id: brent\n- nation: england\n",
    ),
    Case(
        "file-is-a-string",
        "but this file holds 'Brent escalation policy'",
        at="Brent escalation policy",
        path=(),
        whole="Brent escalation policy\n",
    ),
    # Wrong types.
    Case(
        "stages-is-text",
        "expected a list here (one item per line, starting with '- ')",
        at="stages: see the policy document",
        path=("stages",),
        old=_between("stages:\n", "caps:\n"),
        new="stages: see the policy document\n\n",
    ),
    Case(
        "number-is-a-word",
        "expected a whole number here, found 'one'",
        at="number: one",
        path=("stages", 0, "number"),
        old="    number: 1\n",
        new="    number: one\n",
    ),
    Case(
        "binding-yes",
        "expected true or false here, found 'yes'",
        at="binding: yes",
        path=("stages", 4, "decision", "binding"),
        old="      binding: true",
        new="      binding: yes",
    ),
    Case(
        "working-day-is-a-list",
        "expected a section of keys and values here, found a list",
        at="working_day: [",
        path=("working_day",),
        old='working_day: {start: "09:00", end: "17:00"}',
        new='working_day: ["09:00", "17:00"]',
    ),
    Case(
        "id-is-a-number",
        "expected text here",
        at="id: 99999999999999999999999999",
        path=("id",),
        old="id: brent",
        new="id: 99999999999999999999999999",
    ),
    Case(
        "empty-text",
        "this text is empty. Write the words the policy uses",
        at="partnership: ''",
        path=("partnership",),
        old="partnership: Brent Local Safeguarding Children Board",
        new="partnership: ''",
    ),
    Case(
        "id-not-a-key",
        "Use lower-case letters, digits and single hyphens",
        at="id: Brent",
        path=("id",),
        old="id: brent",
        new="id: Brent",
    ),
    Case(
        "date-in-words",
        "expected a date like 2014-12-03",
        at="effective_date: 3 December 2014",
        path=("effective_date",),
        old="effective_date: 2014-12-03",
        new="effective_date: 3 December 2014",
    ),
    Case(
        "date-impossible",
        "2014-12-03",
        at="effective_date: 2014-13-45",
        path=("effective_date",),
        old="effective_date: 2014-12-03",
        new="effective_date: 2014-13-45",
    ),
    Case(
        "stage-number-zero",
        "expected a number of at least 1",
        at="number: 0",
        path=("stages", 2, "number"),
        old="    number: 3\n",
        new="    number: 0\n",
    ),
    # Unknown keys.
    Case(
        "unknown-top-level-key",
        "'titel' is not a key Escalate knows here. Did you mean 'title'?",
        at="titel: Escalation",
        path=("titel",),
        old="version: ",
        new="titel: Escalation\nversion: ",
    ),
    Case(
        "unknown-stage-key",
        "Did you mean 'title'?",
        at="titel: Stage Two",
        path=("stages", 1, "titel"),
        old="    title: Stage Two",
        new="    titel: Stage Two",
    ),
    Case(
        "unknown-key-without-suggestion",
        "The keys allowed here are: key, number, title, guidance, actors",
        at="colour: red",
        path=("stages", 3, "colour"),
        old="    record: [the discussion and its outcome]\n\n  - key: resolution-panel",
        new="    record: [the discussion and its outcome]\n    colour: red\n\n"
        "  - key: resolution-panel",
    ),
    # Unknown roles and sides.
    Case(
        "unknown-role-in-actors",
        ROLE_HELP,
        at="social-worker@raising",
        path=("stages", 1, "actors", 1, "role"),
        old="actors: [practitioner@both]",
        new="actors: [practitioner@both, social-worker@raising]",
    ),
    Case(
        "unknown-role-in-notification",
        "'chair' is not a role Escalate knows",
        at="to: [chair@partnership]",
        path=("stages", 4, "notify", 0, "to", 0, "role"),
        old="        to: [partnership-chair@partnership]\n        when: stage-start",
        new="        to: [chair@partnership]\n        when: stage-start",
    ),
    Case(
        "unknown-role-in-skip-by",
        ROLE_HELP,
        at="by: [chief-executive]",
        path=("stages", 2, "skip", 0, "by", 0),
        old="    actors: [line-manager@both]\n",
        new="    actors: [line-manager@both]\n    skip:\n      - when: discretion\n"
        "        by: [chief-executive]\n",
    ),
    Case(
        "unknown-role-in-members",
        "'panel-member' is not a role Escalate knows",
        at="members: [board-member, panel-member]",
        path=("stages", 4, "meeting", "membership", "members", 1),
        old="members: [board-member]",
        new="members: [board-member, panel-member]",
    ),
    Case(
        "bad-side",
        "Write 'raising', 'receiving', 'both' or 'partnership'",
        at="line-manager@nowhere",
        path=("stages", 2, "actors", 0, "side"),
        old="actors: [line-manager@both]",
        new="actors: [line-manager@nowhere]",
    ),
    Case(
        "role-already-standard",
        "'lado' is already a standard role",
        at="key: lado",
        path=("roles", 0, "key"),
        old="roles:\n",
        new="roles:\n  - key: lado\n    label: Brent LADO\n",
    ),
    # Deadlines and other values.
    Case(
        "deadline-calendar-days",
        'for example "5 working days"',
        at="deadline: 5 days",
        path=("stages", 2, "deadline", "within"),
        old="    actors: [line-manager@both]\n",
        new="    actors: [line-manager@both]\n    deadline: 5 days\n",
    ),
    Case(
        "deadline-zero",
        'For no delay at all, write "immediately"',
        at="within: 0 working days",
        path=("stages", 4, "notify", 0, "within"),
        old="within: 1 working day",
        new="within: 0 working days",
    ),
    Case(
        "deadline-soon",
        DEADLINE_HELP,
        at="within: soon",
        path=("target", "within"),
        old="  within: 1 working week\n\nimmediate_risk:",
        new="  within: soon\n\nimmediate_risk:",
    ),
    Case(
        "deadline-bare-number",
        "5 is a number without a unit: write the deadline as text",
        at="stage_deadline: 5",
        path=("immediate_risk", "stage_deadline"),
        old="stage_deadline: same working day",
        new="stage_deadline: 5",
    ),
    Case(
        "bad-nation",
        "Write 'england', 'wales', 'scotland' or 'northern-ireland'",
        at="nation: france",
        path=("nation",),
        old="nation: england",
        new="nation: france",
    ),
    Case(
        "bad-reference-prefix",
        "three capital letters that begin each escalation's reference",
        at="reference_prefix: Brent",
        path=("reference_prefix",),
        old="reference_prefix: BRE",
        new="reference_prefix: Brent",
    ),
    Case(
        "working-day-back-to-front",
        "Write a start earlier than the end",
        at='working_day: {start: "18:00"',
        path=("working_day",),
        old='start: "09:00"',
        new='start: "18:00"',
    ),
    Case(
        "bad-time-of-day",
        "Write it as HH:MM in quotes, like '17:00'",
        at='end: "25:00"',
        path=("working_day", "end"),
        old='end: "17:00"',
        new='end: "25:00"',
    ),
    # Duplicates.
    Case(
        "duplicate-stage-key",
        "the stage 'other-worker' is defined twice (also at stages[1])",
        at="key: other-worker\n    number: 3",
        path=("stages", 2, "key"),
        old="  - key: line-managers\n",
        new="  - key: other-worker\n",
    ),
    Case(
        "duplicate-yaml-key-in-stage",
        "the key 'number' appears twice in the same section. Keep one of them",
        at="number: 3\n    title: Stage Four",
        path=("stages", 3, "number"),
        old="    number: 4\n",
        new="    number: 4\n    number: 3\n",
    ),
    Case(
        "duplicate-yaml-key-at-top",
        "the key 'nation' appears twice",
        at="nation: wales",
        path=("nation",),
        old="nation: england\n",
        new="nation: england\nnation: wales\n",
    ),
    # Steps, notifications, skips.
    Case(
        "step-after-missing-step",
        "the step counts from 'meeting', which is not an earlier step of this stage",
        at="after: meeting",
        path=("stages", 1, "steps", 0, "due", "after"),
        old="    actors: [practitioner@both]\n",
        new="    actors: [practitioner@both]\n" + STEPS_MISSING_AFTER,
    ),
    Case(
        "step-after-later-step",
        "the step counts from 'agree', which is not an earlier step of this stage. "
        "Write one of: call",
        at="after: agree",
        path=("stages", 1, "steps", 1, "due", "after"),
        old="    actors: [practitioner@both]\n",
        new="    actors: [practitioner@both]\n" + STEPS_LATER_AFTER,
    ),
    Case(
        "step-done-unknown-step",
        "'convene' is not a step of this stage",
        at="step: convene",
        path=("stages", 4, "notify", 0, "step"),
        old="        when: stage-start\n",
        new="        when: step-done\n        step: convene\n",
    ),
    Case(
        "step-done-without-step",
        "Add 'step'",
        at="key: panel-requested",
        path=("stages", 4, "notify", 0, "step"),
        old="        when: stage-start\n",
        new="        when: step-done\n",
    ),
    Case(
        "step-done-outside-a-stage",
        "'step-done' belongs to a stage's notifications",
        at="when: step-done",
        path=("notify", 0, "when"),
        old="    when: stage-end\n",
        new="    when: step-done\n",
    ),
    Case(
        "raised-inside-a-stage",
        "Move this notification to the policy's own 'notify' section",
        at="when: raised",
        path=("stages", 4, "notify", 0, "when"),
        old="        when: stage-start\n",
        new="        when: raised\n",
    ),
    Case(
        "before-deadline-without-before",
        "Add 'before', like '1 working day'",
        at="key: panel-requested",
        path=("stages", 4, "notify", 0, "before"),
        old="        when: stage-start\n",
        new="        when: before-deadline\n",
    ),
    Case(
        "skip-at-discretion-without-by",
        "a skip at someone's discretion must say whose. Add 'by' with the roles",
        at="when: discretion",
        path=("stages", 2, "skip", 0, "by"),
        old="    actors: [line-manager@both]\n",
        new="    actors: [line-manager@both]\n    skip:\n      - when: discretion\n"
        "        text: The managers may agree to go straight to stage four.\n",
    ),
    Case(
        "first-stage-skipped",
        "the first stage cannot be skipped",
        at="skip:",
        path=("stages", 0, "skip"),
        old="    actors: [practitioner@raising, line-manager@raising]\n",
        new="    actors: [practitioner@raising, line-manager@raising]\n"
        "    skip:\n      - when: immediate-risk\n",
    ),
    Case(
        "stages-out-of-order",
        "stage 2 comes after stage 3. List the stages in order",
        at="number: 2\n    title: Stage Four",
        path=("stages", 3, "number"),
        old="    number: 4\n",
        new="    number: 2\n",
    ),
    # Stages named elsewhere.
    Case(
        "cap-missing-stage",
        "'mediation' is not a stage of this policy. Name one of: line-manager, other-worker",
        at="first_stage: mediation",
        path=("caps", 0, "first_stage"),
        old="first_stage: line-manager",
        new="first_stage: mediation",
    ),
    Case(
        "cap-reversed",
        "the cap ends at 'line-manager', before it starts at 'safeguarding-leads'. Swap them",
        at="last_stage: line-manager",
        path=("caps", 0, "last_stage"),
        old="first_stage: line-manager\n    last_stage: safeguarding-leads",
        new="first_stage: safeguarding-leads\n    last_stage: line-manager",
    ),
    Case(
        "start-at-missing-stage",
        "'strategy-meeting' is not a stage of this policy",
        at="start_at: strategy-meeting",
        path=("immediate_risk", "start_at"),
        old="  stage_deadline: same working day\n",
        new="  stage_deadline: same working day\n  start_at: strategy-meeting\n",
    ),
    Case(
        "procedure-unknown-category",
        "'conferences' is not one of this policy's categories. Name one of: communication",
        at="category: conferences",
        path=("procedures", 0, "category"),
        old="learning:\n",
        new="procedures:\n  - key: conference\n    title: Challenging a conference decision\n"
        "    text: Write to the conference chair.\n    category: conferences\n\nlearning:\n",
    ),
    # Missing and empty.
    Case(
        "missing-target",
        "'target' is missing. Add it",
        at="id: brent",
        path=("target",),
        old=_between("target:\n", "immediate_risk:\n"),
        new="",
    ),
    Case(
        "missing-stage-title",
        "'title' is missing. Add it (the stage's title in the policy's own words)",
        at="key: other-worker",
        path=("stages", 1, "title"),
        old=_between("    title: Stage Two", "    guidance:"),
        new="",
    ),
    Case(
        "no-categories",
        "this list is empty. Add at least 1 item",
        at="categories: []",
        path=("categories",),
        old=_between("categories:\n", "not_escalations:\n"),
        new="categories: []\n\n",
    ),
]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [_case(case) for case in CASES])
def test_malformed_policy_is_located(case: Case) -> None:
    text = case.text()
    expected_line = None if case.at is None else _line_of(text, case.at)
    problems = _problems(text)
    for problem in problems:
        assert problem.file == NAME
        assert problem.message.strip()
        assert NAME not in problem.message, "a problem's message must not hold another problem"
    matching = [problem for problem in problems if case.message in problem.message]
    assert matching, f"no problem says {case.message!r}: {[p.message for p in problems]}"
    found = [(problem.line, problem.path) for problem in matching]
    assert (expected_line, case.path) in found


def test_problem_reads_as_file_line_path_message() -> None:
    text = _replace("actors: [line-manager@both]", "actors: [line-manager@nowhere]")
    (problem,) = _problems(text)
    line = _line_of(text, "line-manager@nowhere")
    assert str(problem).startswith(f"brent.yaml, line {line}, stages[2].actors[0].side: ")
    assert format_path(("stages", 2, "deadline", "within")) == "stages[2].deadline.within"


def test_several_problems_are_all_reported() -> None:
    text = BRENT
    changes = [
        ("reference_prefix: BRE", "reference_prefix: bre", ("reference_prefix",)),
        ("nation: england", "nation: France", ("nation",)),
        ('end: "17:00"', 'end: "5pm"', ("working_day", "end")),
        ("    number: 1\n", "    number: first\n", ("stages", 0, "number")),
    ]
    for old, new, _ in changes:
        _once(text, old)
        text = text.replace(old, new)
    problems = _problems(text)
    assert len(problems) >= 2
    found = {(problem.line, problem.path) for problem in problems}
    for _, new, path in changes:
        assert (_line_of(text, new.strip()), path) in found


def test_several_reference_problems_are_all_reported() -> None:
    text = _replace("actors: [line-manager@both]", "actors: [team-leader@both]")
    text = text.replace("first_stage: line-manager", "first_stage: mediation")
    text = text.replace("members: [board-member]", "members: [panel-member]")
    problems = _problems(text)
    assert len(problems) >= 3
    paths = {problem.path: problem.line for problem in problems}
    assert paths[("stages", 2, "actors", 0, "role")] == _line_of(text, "team-leader@both")
    assert paths[("caps", 0, "first_stage")] == _line_of(text, "first_stage: mediation")
    assert paths[("stages", 4, "meeting", "membership", "members", 0)] == _line_of(
        text, "members: [panel-member]"
    )


@pytest.mark.parametrize("word", ["no", "off", "n", "0", "'false'"])
def test_only_true_and_false_are_booleans(word: str) -> None:
    text = _replace(
        "offer_escalation_when_overdue: false", f"offer_escalation_when_overdue: {word}"
    )
    problems = _problems(text)
    assert any("expected true or false" in problem.message for problem in problems)


def test_decimal_version_keeps_the_digits_written() -> None:
    assert load_policy_text(_replace('version: "2"', "version: 2.10"), NAME).version == "2.10"


def test_integer_version_is_read_as_text() -> None:
    assert load_policy_text(_replace('version: "2"', "version: 2"), NAME).version == "2"


@pytest.mark.parametrize(
    ("text", "line"),
    [("\x00", 1), (BRENT.replace("short_name: Brent", "short_name: \x07Brent"), 5), ("\ufffe", 1)],
    ids=["nul", "bell-in-brent", "noncharacter"],
)
def test_control_character_is_a_located_problem(text: str, line: int) -> None:
    (problem,) = _problems(text)
    assert problem.line == line
    assert problem.message.strip()


# The valid file, and files that cannot be read.


def test_brent_loads() -> None:
    policy = load_policy_text(BRENT, NAME)
    assert policy.id == "brent"
    assert policy.version == "2"
    assert policy.reference_prefix == "BRE"
    assert [stage.number for stage in policy.stages] == [1, 2, 3, 4, 5]
    assert policy.stages[4].decision is not None
    assert policy.stages[4].decision.binding is True


def test_brent_file_loads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "brent.yaml"
    path.write_text(BRENT, encoding="utf-8")
    assert load_policy(path) == load_policy_text(BRENT, NAME)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert "no such file" in problem.message
    assert problem.line is None


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(
        b"\xff\xfe\x00i\x00d\x00:\x00 \x00b\x00" + "partnership: Brent\xa0".encode("latin-1")
    )
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert "not UTF-8 text" in problem.message
    assert "codec" not in problem.message
    assert "0xff" not in problem.message


# Whatever the text, the loader returns a policy or raises PolicyError.


def _loads_or_explains(text: str) -> None:
    try:
        policy = load_policy_text(text, NAME)
    except PolicyError as error:
        problems = error.problems
    else:
        assert isinstance(policy, Policy)
        return
    assert problems
    for problem in problems:
        assert isinstance(problem.message, str)
        assert problem.message.strip()
        assert problem.file == NAME
        # YAML also ends lines at \r, \x85, \u2028 and \u2029, as splitlines() does.
        assert problem.line is None or 1 <= problem.line <= len(text.splitlines()) + 1


_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
FRAGMENTS = [
    "id",
    "stages",
    "key",
    "number",
    "deadline",
    "within",
    "working_day",
    "effective_date",
    "version",
    "binding",
    ":",
    ": ",
    " ",
    "  ",
    "    ",
    "\n",
    "- ",
    "-",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "? ",
    "|",
    ">-",
    "#",
    "!!int ",
    "!!str ",
    "!!float ",
    "!!timestamp ",
    "!!binary ",
    "!!python/object ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "2014-13-45",
    "2014-12-03",
    "2014-02-30 25:61:61",
    "99999999999999999999999999999",
    "-0",
    "1.5",
    "1e400",
    ".nan",
    "true",
    "yes",
    "~",
    "null",
    "5 working days",
    "same working day",
    "\t",
    "\\",
    "é",
]
yamlish = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)

POLICY_KEYS = sorted(Policy.model_fields)
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**30, max_value=10**40)
    | st.floats()
    | st.text()
    | st.sampled_from(["5 working days", "immediately", "09:00", "brent", "2014-12-03"])
)
json_like = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(POLICY_KEYS) | st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


def _yaml_dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _printable(text: str) -> str:
    return _NON_PRINTABLE.sub("", text)


@settings(max_examples=300, deadline=None)
@given(st.text().map(_printable))
def test_any_printable_text_loads_or_explains(text: str) -> None:
    _loads_or_explains(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("\x00")
def test_any_text_loads_or_explains(text: str) -> None:
    _loads_or_explains(text)


@settings(max_examples=300, deadline=None)
@given(yamlish)
def test_yamlish_text_loads_or_explains(text: str) -> None:
    _loads_or_explains(text)


@settings(max_examples=300, deadline=None)
@given(json_like)
def test_dumped_data_loads_or_explains(data: object) -> None:
    _loads_or_explains(_yaml_dump(data))


BRENT_DATA = yaml.safe_load(BRENT)


def _paths(data: object, path: KeyPath = ()) -> list[KeyPath]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


BRENT_PATHS = _paths(BRENT_DATA)


def _with_value(data: Any, path: KeyPath, value: object) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: _with_value(v, rest, value) if k == head else v for k, v in data.items()}
    return [_with_value(v, rest, value) if i == head else v for i, v in enumerate(data)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BRENT_PATHS), json_like)
def test_brent_with_one_value_replaced_loads_or_explains(path: KeyPath, value: object) -> None:
    _loads_or_explains(_yaml_dump(_with_value(BRENT_DATA, path, value)))


BRENT_LINES = BRENT.splitlines(keepends=True)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=len(BRENT_LINES) - 1), st.booleans())
def test_brent_with_a_line_deleted_or_duplicated_loads_or_explains(
    index: int, duplicate: bool
) -> None:
    lines = list(BRENT_LINES)
    if duplicate:
        lines.insert(index, lines[index])
    else:
        del lines[index]
    _loads_or_explains("".join(lines))


def test_fragments_include_nothing_the_yaml_reader_rejects() -> None:
    assert not any(_NON_PRINTABLE.search(fragment) for fragment in FRAGMENTS)
