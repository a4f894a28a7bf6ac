"""The suite's own shape: test modules are collected by file name (there are no packages
under tests/), so two test files with one name in different folders break collection."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def test_every_test_file_has_a_name_of_its_own() -> None:
    names = Counter(path.name for path in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
