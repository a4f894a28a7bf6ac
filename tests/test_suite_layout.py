"""The suite's own shape, and the code's: test modules are collected by file name (there are
no packages under tests/), so two test files with one name in different folders break
collection; and no module in src/ is over 400 lines (the code rules in TEAM.md and
DESIGN.md), so each stays about one subject."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def test_every_test_file_has_a_name_of_its_own() -> None:
    names = Counter(path.name for path in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []


MOST_LINES = 400


def test_no_module_in_src_is_over_400_lines() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    modules = list(src.rglob("*.py"))
    assert len(modules) > 100  # the walk found the code (a wrong path would pass vacuously)
    over = {
        str(path.relative_to(src)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert over == {}
