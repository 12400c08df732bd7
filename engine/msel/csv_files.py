"""Workbooks as CSV files: one file per sheet, beside each other or in a folder.

`-o msel.csv` writes the MSEL sheet to `msel.csv` and every other sheet beside it as
`msel.<sheet>.csv`; `-o DIR/` writes `DIR/<sheet>.csv`. Files are UTF-8 with a byte-order mark
(so Excel opens them as UTF-8). A text starting with `=`, `+`, `-` or `@` is written with a
leading `'`, as spreadsheets themselves do, so opening the file never runs it as a formula;
reading takes the `'` away again.

Reading accepts UTF-8 (with or without the mark) and UTF-16 with its mark; any other encoding
is refused with the byte that is wrong, unless `encoding` names it. The delimiter (comma,
semicolon or tab) is found from the header line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from engine.errors import ScenarioInvalid
from engine.format.problems import Problem
from engine.msel.sheets import Cell, RowCount, RowsRead, Sheet, Workbook, blank

MAX_BYTES = 20 * 1024 * 1024
_RISKY = ("=", "+", "-", "@")


def csv_names(target: Path, workbook: Workbook) -> dict[str, Path]:
    """The file each sheet goes to, for `-o FILE.csv` or `-o DIR/`."""
    if target.suffix.lower() == ".csv":
        first, *rest = workbook.sheets
        names = {first.name: target}
        names.update({s.name: target.with_name(f"{target.stem}.{_slug(s.name)}.csv") for s in rest})
        return names
    return {s.name: target / f"{_slug(s.name)}.csv" for s in workbook.sheets}


def _slug(name: str) -> str:
    return "_".join(name.lower().split())


def write_csv(sheet: Sheet) -> bytes:
    """One sheet as CSV bytes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.header)
    for row in sheet.rows:
        writer.writerow(["" if v is None else _guarded(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _guarded(value: Cell) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    text = str(value)
    return "'" + text if text.startswith(_RISKY) or text.startswith("'") else text


def read_csv_sheets(
    path: Path, encoding: str | None = None, progress: RowsRead | None = None
) -> Workbook:
    """The sheets of `FILE.csv` (and its `FILE.<sheet>.csv` siblings) or of a folder's CSVs.

    `progress` is told the rows read so far (of all files; the total is not known ahead).

    Raises:
        ScenarioInvalid: a file is unreadable, too large or not in the expected encoding.
    """
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        named = [(f.stem, f) for f in files]
        msel = [pair for pair in named if pair[0].lower() == "msel"]
        named = msel + [pair for pair in named if pair not in msel]
    else:
        siblings = sorted(path.parent.glob(f"{path.stem}.*.csv"))
        named = [("MSEL", path)] + [(f.stem[len(path.stem) + 1 :], f) for f in siblings]
    problems: list[Problem] = []
    sheets = []
    rows = RowCount(progress, None)
    for name, file in named:
        sheet = _read_one(name, file, encoding, problems, rows)
        if sheet is not None:
            sheets.append(sheet)
    if problems:
        raise ScenarioInvalid(problems)
    if not sheets:
        raise ScenarioInvalid([Problem("no CSV files here", str(path))])
    return Workbook(sheets, title=path.stem)


def _read_one(
    name: str, file: Path, encoding: str | None, problems: list[Problem], rows: RowCount
) -> Sheet | None:
    display = str(file)
    try:
        if not file.is_file():
            problems.append(Problem("no such file", display))
            return None
        if file.stat().st_size > MAX_BYTES:
            problems.append(Problem(f"is larger than {MAX_BYTES:,} bytes", display))
            return None
        raw = file.read_bytes()
    except OSError as error:
        problems.append(Problem(f"cannot be read: {error.strerror}", display))
        return None
    text = _decode(raw, display, encoding, problems)
    if text is None:
        return None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    grid: list[list[Cell]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            grid.append([_unguarded(v) for v in row])
            rows.add()
    except csv.Error as error:
        problems.append(Problem(f"is not valid CSV: {error}", display))
        return None
    while grid and all(blank(v) for v in grid[-1]):
        grid.pop()
    if not grid:
        return Sheet(_title(name), [], file=display)
    header = [str(v).strip() for v in grid[0]]
    return Sheet(_title(name), header, grid[1:], file=display)


def _title(name: str) -> str:
    return "MSEL" if name.lower() == "msel" else name.replace("_", " ").title()


def _unguarded(value: str) -> Cell:
    if value.startswith("'") and value[1:2] and (value[1:].startswith(_RISKY) or value[1] == "'"):
        return value[1:]
    return value if value != "" else None


def _decode(raw: bytes, display: str, encoding: str | None, problems: list[Problem]) -> str | None:
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            problems.append(Problem(f"cannot be read as {encoding}: {error}", display))
            return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        guess = bytes([byte]).decode("cp1252", errors="replace")
        problems.append(
            Problem(
                f"is not UTF-8 text (byte 0x{byte:02X} at offset {error.start}, which Windows-1252 "
                f"would read as {guess!r}): save it as 'CSV UTF-8' in Excel, or pass "
                "--encoding cp1252 (or the encoding it was saved in)",
                display,
            )
        )
        return None
