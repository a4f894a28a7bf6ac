"""Hostile policy files cannot hold the server: anchors and aliases are refused, the size is
limited, and reading stops at a deadline. Each refusal is a located, plain message.

Before these limits, 322 bytes of nested aliases took 9 s and 1.1 GB in the loader (its line
walk and the schema expand every alias), and a 60 MB list took minutes through ``policy check``.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escalate.cli import main
from escalate.policy import limits
from escalate.policy.limits import MAX_POLICY_BYTES
from escalate.policy.loader import PolicyError, load_policy, load_policy_text

BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text(encoding="utf-8")
ANCHORS = "Anchors and aliases (&name, *name) are not allowed in a policy file"
IN_FULL = f"{ANCHORS}: write each value out in full"


def bomb(depth: int, width: int, flow: bool = True) -> str:
    """A 'billion laughs' file: each level is a list of ``width`` aliases of the level above."""
    lines = ['a0: &a0 ["lol", "lol"]']
    for level in range(1, depth + 1):
        items = [f"*a{level - 1}"] * width
        if flow:
            lines.append(f"a{level}: &a{level} [{', '.join(items)}]")
        else:
            lines.append(f"a{level}: &a{level}")
            lines += [f"  - {item}" for item in items]
    return "\n".join(lines) + "\n"


def refusal(text: str, name: str = "hostile.yaml") -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy_text(text, name)
    return [str(problem) for problem in caught.value.problems]


def test_nested_aliases_are_refused_at_the_first_anchor() -> None:
    text = bomb(depth=5, width=9)  # 9**5 = 59,049 copies once expanded
    assert len(text.encode()) < 400
    assert refusal(text) == [f"hostile.yaml, line 1: '&a0' is a YAML anchor. {IN_FULL}"]


def test_an_anchor_inside_a_real_policy_is_refused_at_its_line() -> None:
    old = "short_name: Brent"
    assert BRENT.count(old) == 1
    text = BRENT.replace(old, "short_name: &short Brent")
    line = BRENT[: BRENT.index(old)].count("\n") + 1
    assert refusal(text, "brent.yaml") == [
        f"brent.yaml, line {line}: '&short' is a YAML anchor. {IN_FULL}"
    ]


def test_a_merge_key_needs_an_anchor_and_is_refused() -> None:
    text = "base: &base {id: brent}\npolicy:\n  <<: *base\n"
    assert "line 1: '&base' is a YAML anchor" in refusal(text)[0]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    text = "stages:\n" + "- x\n" * (MAX_POLICY_BYTES // 4)
    assert refusal(text) == [
        "hostile.yaml: the file is 256 KB, and a policy file can be at most 256 KB (the "
        "largest shipped policy is 17 KB). Check that this is the right file"
    ]


def test_every_shipped_policy_is_well_inside_the_size_limit() -> None:
    folder = resources.files("escalate.policy") / "policies"
    sizes = [len(entry.read_bytes()) for entry in folder.iterdir() if entry.name.endswith(".yaml")]
    assert len(sizes) == 5
    assert max(sizes) * 10 < MAX_POLICY_BYTES


def test_reading_stops_at_the_deadline_with_where_it_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A clock on which each node takes a second: reading stops after five seconds."""
    ticks = iter(range(10**6))
    monkeypatch.setattr(limits.time, "monotonic", lambda: float(next(ticks)))
    problems = refusal(BRENT, "brent.yaml")
    assert len(problems) == 1
    found = re.fullmatch(
        r"brent\.yaml, line (\d+): reading the file took longer than 5 seconds, so it was "
        r"stopped here\. A policy file is read in well under a second: check that this is "
        r"the right file",
        problems[0],
    )
    assert found, problems[0]
    assert 1 < int(found.group(1)) < len(BRENT.splitlines()) // 2


def test_policy_check_refuses_a_60_mb_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("stages:\n" + "- x\n" * (15 * 1024 * 1024), encoding="utf-8")
    assert main(["policy", "check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{path}: the file is 61,440 KB, and a policy file can be at most 256 KB (the largest "
        "shipped policy is 17 KB). Check that this is the right file\n"
    )


def test_policy_check_refuses_nested_aliases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb(depth=6, width=9), encoding="utf-8")
    assert main(["policy", "check", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"{path}, line 1: '&a0' is a YAML anchor. {ANCHORS}: write each value out in full\n"
    )


def test_a_file_that_never_ends_is_read_only_up_to_the_limit() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(Path("/dev/zero"))
    assert "a policy file can be at most 256 KB" in str(caught.value)


# Hostile files of every shape: each is refused with one located, plain problem.

names = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, int]:
    """Brent with a nested-alias bomb put in at a random line: (text, the bomb's first line)."""
    depth = draw(st.integers(min_value=1, max_value=12))
    width = draw(st.integers(min_value=1, max_value=12))
    anchor = draw(names)
    body = bomb(depth, width, flow=draw(st.booleans())).replace("a0", anchor)
    lines = BRENT.splitlines(keepends=True)
    at = draw(st.integers(min_value=0, max_value=len(lines)))
    # Only between top-level keys, so that the YAML around the bomb stays well formed.
    while at < len(lines) and lines[at][:1] in (" ", "-", "\n"):
        at += 1
    return "".join([*lines[:at], body, *lines[at:]]), at + 1


@settings(max_examples=150)
@given(hostile())
def test_any_alias_bomb_is_refused_where_it_starts(case: tuple[str, int]) -> None:
    text, line = case
    problems = refusal(text)
    assert len(problems) == 1
    assert problems[0].startswith(f"hostile.yaml, line {line}: '&")
    assert ANCHORS in problems[0]


@settings(max_examples=100)
@given(
    st.sampled_from(["&", "*"]),
    names,
    st.integers(min_value=0, max_value=len(BRENT.splitlines()) - 1),
)
def test_an_anchor_or_alias_anywhere_is_refused_or_explained(
    sigil: str, name: str, index: int
) -> None:
    """Put ``&name`` or ``*name`` in front of any value of Brent: never a policy, always a
    located problem (an alias without its anchor is reported as undefined)."""
    lines = BRENT.splitlines(keepends=True)
    head, sep, value = lines[index].partition(": ")
    if not sep or not value.strip():
        return
    lines[index] = f"{head}: {sigil}{name} {value}" if sigil == "&" else f"{head}: {sigil}{name}\n"
    text = "".join(lines)
    problems = refusal(text)
    assert problems
    assert all(f"line {index + 1}" in problem for problem in problems[:1])


@settings(max_examples=50)
@given(st.integers(min_value=MAX_POLICY_BYTES + 1, max_value=4 * MAX_POLICY_BYTES))
def test_any_file_over_the_limit_is_refused_by_size(size: int) -> None:
    text = ("- x\n" * (size // 4 + 1))[:size]
    problems = refusal(text)
    assert len(problems) == 1
    assert "a policy file can be at most 256 KB" in problems[0]
