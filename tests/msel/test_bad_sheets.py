"""Malformed sheets: one clear message each, at its `file:Sheet!C4`, nothing written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from players.cli import main


def workbook(path: Path, rows: list[list[object]], merge: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "MSEL"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def refused(tmp_path: Path, sheet: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    out = tmp_path / "out"
    assert main(["msel", "import", str(sheet), "-o", str(out), *flags]) == 1
    assert not out.exists()  # nothing half-written
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_a_sheet_without_a_title_column_says_which_headers_it_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = workbook(tmp_path / "m.xlsx", [["When", "Who"], ["09:00", "Blue"]])
    assert refused(tmp_path, sheet, capsys) == (
        f"{sheet}:MSEL!A1: error: no column for the event synopsis (each inject's title): "
        "expected a header such as Event synopsis, synopsis, title, subject; found 'When', "
        "'Who' (map yours with --map 'YOUR HEADER=title')\n"
    )


def test_merged_cells_are_named_with_how_to_unmerge_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = workbook(
        tmp_path / "m.xlsx", [["Title", "Time"], ["One", "09:00"], ["Two", None]], merge="B2:B3"
    )
    assert refused(tmp_path, sheet, capsys) == (
        f"{sheet}:MSEL!B2: error: cells B2:B3 are merged: unmerge them (Home ▸ Merge & Center "
        "▸ Unmerge Cells) and put the value in each row it belongs to\n"
    )


def test_an_empty_sheet_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = workbook(tmp_path / "m.xlsx", [])
    assert refused(tmp_path, sheet, capsys) == f"{sheet}:MSEL: error: the sheet is empty\n"


def test_a_header_below_title_rows_is_found_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [
        ["Exercise Portrait — MSEL", None],
        [None, None],
        ["Event Synopsis", "Scenario Time"],
        ["Dossier leaks", "D+0 09:00"],
    ]
    sheet = workbook(tmp_path / "m.xlsx", rows)
    assert refused(tmp_path, sheet, capsys) == (
        f"{sheet}:MSEL!A1: error: the header is not on row 1: row 3 looks like it (it names "
        "MSEL columns) (delete the rows above it, or pass --header-row 3)\n"
    )
    out = tmp_path / "fixed"
    assert main(["msel", "import", str(sheet), "-o", str(out), "--header-row", "3"]) == 0


def test_a_formula_is_refused_with_paste_as_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = workbook(tmp_path / "m.xlsx", [["Title", "Turn"], ["One", "=1+1"]])
    assert refused(tmp_path, sheet, capsys) == (
        f"{sheet}:MSEL!B2: error: holds a formula (=1+1): copy the column and paste it as "
        "values (Paste Special ▸ Values) before importing\n"
    )


def test_a_password_protected_workbook_says_to_remove_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An encrypted .xlsx is an OLE compound file, not a zip: its first eight bytes say so.
    sheet = tmp_path / "locked.xlsx"
    sheet.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)
    assert refused(tmp_path, sheet, capsys) == (
        f"{sheet}: error: is password-protected (encrypted), or an Excel 97–2003 .xls file: "
        "remove the password (File ▸ Info ▸ Protect Workbook ▸ Encrypt with Password, then "
        "clear it) and save it as an Excel Workbook (.xlsx)\n"
    )


def test_a_csv_in_another_encoding_names_the_byte_and_the_way_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "msel.csv"
    sheet.write_bytes("Title,Time\r\nCafé opens,09:00\r\n".encode("cp1252"))
    assert refused(tmp_path, sheet, capsys) == (
        f"{sheet}: error: is not UTF-8 text (byte 0xE9 at offset 15, which Windows-1252 would "
        "read as 'é'): save it as 'CSV UTF-8' in Excel, or pass --encoding cp1252 (or the "
        "encoding it was saved in)\n"
    )
    out = tmp_path / "fixed"
    assert main(["msel", "import", str(sheet), "-o", str(out), "--encoding", "cp1252"]) == 0
    assert "Café opens" in (out / "scenario.yaml").read_text(encoding="utf-8")


def test_every_bad_cell_is_reported_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = workbook(
        tmp_path / "m.xlsx",
        [["Title", "Time", "Turn"], ["One", "next tuesday", "1"], [None, "09:00", "two"]],
    )
    assert refused(tmp_path, sheet, capsys) == (
        f"{sheet}:MSEL!B2: error: expected a time such as D+1 08:00, T+2, D+1 H+3 M+45, 09:30 "
        "or 2018-01-27 08:00, found 'next tuesday'\n"
        f"{sheet}:MSEL!A3: error: the event synopsis is empty: every inject needs a title\n"
        f"{sheet}:MSEL!C3: error: Turn: expected a number, found 'two'\n"
    )


def test_an_edited_export_with_a_dangling_reference_points_at_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parents[2]
    exported = tmp_path / "p.xlsx"
    assert (
        main(["msel", "export", str(root / "scenarios" / "blueleaks.yaml"), "-o", str(exported)])
        == 0
    )
    capsys.readouterr()
    book = openpyxl.load_workbook(exported)
    page = book["MSEL"]
    column = [c.value for c in page[1]].index("Channel") + 1
    page.cell(row=2, column=column).value = "carrier_pigeon"
    book.save(exported)
    err = refused(tmp_path, exported, capsys)
    assert err.startswith(f"{exported}:MSEL!I2: error: ")
    assert "carrier_pigeon" in err.splitlines()[0]
