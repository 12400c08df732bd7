"""Sheets as plain data: a header and rows of cells, each cell knowing its place (`MSEL!C4`).

Both the spreadsheet readers (XLSX, CSV) and the scenario conversions work on these, so the
file formats and the meaning of the columns never mix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

Cell = str | int | float | bool | datetime | date | time | None
"""What a spreadsheet cell can hold once read."""

RowsRead = Callable[[int, int | None], None]
"""Told `(rows read so far, rows in all)` while a big sheet is read (None: not known before
the end); `wargame msel import` draws it as a bar."""
ROWS_EVERY = 500
"""How many rows a reader reads between two progress reports."""


class RowCount:
    """The rows a reader has read so far, across a workbook's sheets, told every `ROWS_EVERY`."""

    def __init__(self, progress: RowsRead | None, total: int | None) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def add(self) -> None:
        """One more row read."""
        self.done += 1
        if self.progress is not None and self.done % ROWS_EVERY == 0:
            self.progress(self.done, self.total)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Sheet:
    """One sheet: a header row and data rows, read from `file` (for the places of problems)."""

    name: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    file: str = ""
    header_row: int = 1
    """The spreadsheet row (from 1) the header is on; data rows follow it."""
    print_columns: int | None = None
    """How many columns, from the first, a printed page shows (None: all of them)."""

    def place(self, row: int, column: int) -> str:
        """`file:Sheet!C4` for data row `row` (from 0) and column `column` (from 0)."""
        cell = f"{self.name}!{column_letter(column)}{self.header_row + 1 + row}"
        return f"{self.file}:{cell}" if self.file else cell

    def header_place(self, column: int) -> str:
        """`file:Sheet!C1`: where a column's header is."""
        cell = f"{self.name}!{column_letter(column)}{self.header_row}"
        return f"{self.file}:{cell}" if self.file else cell

    def records(self) -> list[dict[str, Cell]]:
        """Each data row as {header: cell}, blank cells left out."""
        return [
            {name: value for name, value in zip(self.header, row, strict=False) if not blank(value)}
            for row in self.rows
        ]


def blank(value: Cell) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Workbook:
    """The sheets of one spreadsheet file (or of one folder of CSV files), in order."""

    sheets: list[Sheet]
    title: str = ""

    def get(self, name: str) -> Sheet | None:
        """The sheet called `name` (case and spaces ignored), if there is one."""
        wanted = _norm(name)
        return next((s for s in self.sheets if _norm(s.name) == wanted), None)


def _norm(text: str) -> str:
    return "".join(text.lower().split())
