"""CSV files for the import tests: a fictional partnership's directory."""

from __future__ import annotations

from pathlib import Path

AGENCIES = """name,kind
Greenfield Primary School,school
Northshire Children's Social Care,childrens-social-care
Northshire Community Health,Health
"""

PEOPLE_HEADER = "username,first_name,last_name,email,agency,job_title,line_manager\n"


def people_rows(count: int) -> list[str]:
    """``count`` people: every tenth is a team leader, the others report to theirs."""
    rows = []
    for n in range(count):
        leader = n - n % 10
        manager = "" if n == leader else f"person.{leader:04d}"
        rows.append(
            f"person.{n:04d},Sam{n},Testworth,person.{n:04d}@example.org,"
            f"Greenfield Primary School,Teacher,{manager}"
        )
    return rows


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
