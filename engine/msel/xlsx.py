"""Workbooks as `.xlsx` bytes (openpyxl): formatted for print on the way out, checked on the way in.

Written: a bold, frozen header repeated on every printed page, widths fitted to the text,
wrapped cells, landscape pages fitted to the width, and the scenario's classification banner
in every page's header and footer. Every text is stored as text, so a body starting with `=`
is never taken for a formula.

Read: an encrypted (password-protected) or old `.xls` file, merged cells, formulas and an
over-large file are refused with a message that names the cell and says what to do.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from typing import Any

from engine.errors import ScenarioInvalid
from engine.format.problems import Problem
from engine.msel.sheets import Cell, RowCount, RowsRead, Sheet, Workbook, blank, column_letter

MAX_BYTES = 20 * 1024 * 1024
"""The largest workbook read: far beyond any MSEL, well short of trouble."""
MAX_ROWS = 50_000
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_WIDEST = 40
_LINE_POINTS = 13
_HEADER_FILL = "DCE6F1"


def write_xlsx(workbook: Workbook, classification: str) -> bytes:
    """The workbook as `.xlsx` bytes, ready to print."""
    from openpyxl import Workbook as OpenWorkbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill

    book = OpenWorkbook()
    for default in list(book.worksheets):  # the empty sheet a new workbook starts with
        book.remove(default)
    book.properties.title = workbook.title
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in workbook.sheets:
        page = book.create_sheet(sheet.name[:31])
        page.append(sheet.header)
        for cell in page[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
            cell.alignment = wrap
        for row in sheet.rows:
            page.append([None] * len(row))
            for column, value in enumerate(row, start=1):
                cell = page.cell(row=page.max_row, column=column)
                if isinstance(value, str):
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
                    cell.data_type = "s"  # text, even when it starts with `=`
                else:
                    cell.value = value
                cell.alignment = wrap
        widths = _widths(sheet)
        for column, width in enumerate(widths, start=1):
            page.column_dimensions[column_letter(column - 1)].width = width
        shown = sheet.print_columns or len(widths)
        for number, row in enumerate(sheet.rows, start=2):  # wrapped rows get their height
            lines = _lines(row[:shown], widths[:shown])
            page.row_dimensions[number].height = _LINE_POINTS * lines
        if sheet.print_columns:
            last = column_letter(sheet.print_columns - 1)
            page.print_area = f"A1:{last}{max(page.max_row, 1)}"
        page.freeze_panes = "A2"
        page.print_title_rows = "1:1"
        page.page_setup.orientation = "landscape"
        page.page_setup.fitToWidth = 1
        page.page_setup.fitToHeight = 0
        page.sheet_properties.pageSetUpPr.fitToPage = True
        for header_footer in (page.oddHeader, page.evenHeader):
            header_footer.center.text = classification
        for header_footer in (page.oddFooter, page.evenFooter):
            header_footer.center.text = classification
            header_footer.right.text = "Page &P of &N"
            header_footer.left.text = f"{workbook.title} — {sheet.name}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lines(row: list[Cell], widths: list[float]) -> int:
    """How many lines the tallest cell of a row wraps to (at least 1, at most 40)."""
    tallest = 1
    for value, width in zip(row, widths, strict=False):
        if not blank(value):
            chars = max(int(width) - 1, 1)
            lines = sum(max(1, -(-len(line) // chars)) for line in str(value).splitlines())
            tallest = max(tallest, lines)
    return min(tallest, 40)


def _widths(sheet: Sheet) -> list[float]:
    widths: list[float] = []
    for column, header in enumerate(sheet.header):
        longest = len(header)
        for row in sheet.rows[:500]:
            value = row[column] if column < len(row) else None
            if not blank(value):
                longest = max(longest, max(len(line) for line in str(value).splitlines() or [""]))
        widths.append(min(_WIDEST, max(8, longest + 2)))
    return widths


def read_xlsx(raw: bytes, display: str, progress: RowsRead | None = None) -> Workbook:
    """The sheets of an `.xlsx` file's bytes (`progress` told the rows read, of all sheets').

    Raises:
        ScenarioInvalid: the file is no readable workbook, or cells are merged or hold formulas
            (every such problem at once, each at its `file:Sheet!C4`).
    """
    if len(raw) > MAX_BYTES:
        raise ScenarioInvalid(
            [
                Problem(
                    f"the workbook is {len(raw):,} bytes; the most read is {MAX_BYTES:,}", display
                )
            ]
        )
    if raw.startswith(_OLE):
        raise ScenarioInvalid(
            [
                Problem(
                    "is password-protected (encrypted), or an Excel 97–2003 .xls file: remove "
                    "the password (File ▸ Info ▸ Protect Workbook ▸ Encrypt with Password, "
                    "then clear it) and save it as an Excel Workbook (.xlsx)",
                    display,
                )
            ]
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ScenarioInvalid(
            [Problem(f"is not an .xlsx workbook that can be read ({error})", display)]
        ) from None
    problems: list[Problem] = []
    rows = RowCount(progress, sum(page.max_row for page in book.worksheets))
    sheets = [_read_sheet(page, display, problems, rows) for page in book.worksheets]
    if problems:
        raise ScenarioInvalid(problems)
    return Workbook(sheets, title=book.properties.title or "")


def _read_sheet(page: Any, display: str, problems: list[Problem], rows: RowCount) -> Sheet:
    name = str(page.title)
    for merged in page.merged_cells.ranges:
        problems.append(
            Problem(
                f"cells {merged.coord} are merged: unmerge them (Home ▸ Merge & Center ▸ "
                "Unmerge Cells) and put the value in each row it belongs to",
                f"{display}:{name}!{merged.coord.split(':')[0]}",
            )
        )
    if page.max_row > MAX_ROWS:
        problems.append(
            Problem(
                f"the sheet has {page.max_row:,} rows; the most read is {MAX_ROWS:,}",
                f"{display}:{name}",
            )
        )
        return Sheet(name, [], file=display)
    grid: list[list[Cell]] = []
    for row in page.iter_rows():
        values: list[Cell] = []
        for cell in row:
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        f"holds a formula ({cell.value}): copy the column and paste it as "
                        "values (Paste Special ▸ Values) before importing",
                        f"{display}:{name}!{cell.coordinate}",
                    )
                )
                values.append(None)
            else:
                values.append(_value(cell.value))
        grid.append(values)
        rows.add()
    while grid and all(blank(v) for v in grid[-1]):
        grid.pop()
    width = max((i + 1 for row in grid for i, v in enumerate(row) if not blank(v)), default=0)
    grid = [row[:width] for row in grid]
    if not grid:
        return Sheet(name, [], file=display)
    header = ["" if blank(v) else str(v).strip() for v in grid[0]]
    return Sheet(name, header, grid[1:], file=display)


def _value(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | datetime | date | time):
        return value
    return str(value)
