"""Reading an uploaded CSV file into rows that remember their line numbers.

Every problem found in a file is a ``Problem`` naming its line and column, so a person can
find it in a spreadsheet; nothing is changed unless the whole file is right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.message}" if self.line else self.message


class ImportRefused(Exception):
    """The file cannot be imported as it is; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem(0, "The file must be smaller than 5 MB: split it in two")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [Problem(0, "The file must be UTF-8 text. In your spreadsheet, save as 'CSV UTF-8'")]
        ) from None


def read_rows(text: str, *, required: tuple[str, ...], optional: tuple[str, ...]) -> list[Row]:
    """The file's rows under its header; refuses a file whose header lacks a column."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ImportRefused(
            [Problem(0, "The file is empty: its first line names the columns")]
        ) from None
    except csv.Error as error:
        raise ImportRefused([Problem(1, f"This is not a CSV file ({error})")]) from None
    missing = [name for name in required if name not in header]
    unknown = [name for name in header if name not in required + optional]
    problems = [
        Problem(1, f"The header has no '{name}' column. The columns are: {', '.join(required)}")
        for name in missing
    ] + [
        Problem(
            1, f"'{name}' is not a column of this file. Use only: {', '.join(required + optional)}"
        )
        for name in unknown
        if name
    ]
    if problems:
        raise ImportRefused(problems)
    return list(_rows(reader, header))


def _rows(reader: Iterator[list[str]], header: list[str]) -> Iterator[Row]:
    count = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            where: int = reader.line_num  # type: ignore[attr-defined]
            raise ImportRefused([Problem(where, f"This line is not CSV ({error})")]) from None
        line: int = reader.line_num  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportRefused([Problem(line, f"A file may hold {MAX_ROWS:,} rows: split it")])
        if len(cells) > len(header):
            raise ImportRefused(
                [
                    Problem(
                        line,
                        f"This line has {len(cells)} cells but the header names "
                        f"{len(header)} columns. Put text with commas in double quotes",
                    )
                ]
            )
        yield Row(line, dict(zip(header, cells, strict=False)))
