"""The demo sits on top of the apps: it uses them, and nothing below it uses the demo."""

from __future__ import annotations

import ast
from pathlib import Path

import escalate

PACKAGE = Path(escalate.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_app_below_the_demo_imports_it() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "demo":
            continue
        for name in _imports(path):
            if name == "escalate.demo" or name.startswith("escalate.demo."):
                offenders.append(f"{relative} imports {name}")
    assert offenders == []


def test_the_demo_lives_in_its_own_app() -> None:
    assert not (PACKAGE / "partnerships" / "demo").exists()
    assert (PACKAGE / "demo" / "management" / "commands" / "load_demo.py").is_file()
