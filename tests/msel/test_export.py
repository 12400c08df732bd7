"""`wargame msel export`: an MSEL a planner can print, with HSEEP's columns first."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from players.cli import main

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "portrait"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("msel") / "portrait.xlsx"
    assert main(["msel", "export", str(FLAGSHIP), "-o", str(path)]) == 0
    return openpyxl.load_workbook(path)


def test_the_workbook_has_the_msel_first_then_a_sheet_for_everything_else(
    exported: openpyxl.Workbook,
) -> None:
    assert exported.sheetnames == [
        "MSEL", "Decisions", "Variables", "Cells", "Actors", "Channels", "Endings", "Sources",
        "Objectives", "Scenario",
    ]  # fmt: skip


def test_every_inject_is_a_row_with_its_number_time_synopsis_and_trigger(
    exported: openpyxl.Workbook,
) -> None:
    page = exported["MSEL"]
    header = [c.value for c in page[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=False)) for row in page.iter_rows(min_row=2)
    ]
    assert len(rows) == 37
    first = rows[0]
    assert (first["No."], first["Inject ID"], first["Turn"]) == (1, "p1_headline", 1)
    assert first["Trigger"] == "turn 1"
    assert first["Delivery method"] == "briefing: Battalion operations brief"
    assert rows[-1]["No."] == 37


def test_the_sheet_is_formatted_for_printing_with_the_banner_on_every_page(
    exported: openpyxl.Workbook,
) -> None:
    page = exported["MSEL"]
    assert page.freeze_panes == "A2"
    assert page.print_title_rows == "$1:$1"
    assert page.page_setup.orientation == "landscape"
    assert page["A1"].font.bold
    assert page["K2"].alignment.wrap_text
    banner = "UNCLASSIFIED // FOR EXERCISE USE ONLY"
    header, footer = page.oddHeader, page.oddFooter
    assert header is not None and footer is not None
    assert header.center.text == banner
    assert footer.center.text == banner
    assert footer.right.text == "Page &P of &N"
    assert 8 <= page.column_dimensions["F"].width <= 40
    assert page.print_area == "'MSEL'!$A$1:$N$38"  # paper: HSEEP's columns, to the notes
    assert page.row_dimensions[2].height > 13  # a wrapped row is tall enough to show it


def test_a_text_that_starts_with_an_equals_sign_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    from engine.format.loader import load_scenario
    from engine.msel.scenario_sheets import to_workbook
    from engine.msel.xlsx import read_xlsx, write_xlsx

    model = load_scenario(FLAGSHIP).scenario
    first = model.injects[0].model_copy(update={"title": '=HYPERLINK("x")'})
    model = model.model_copy(update={"injects": (first, *model.injects[1:])})
    path.write_bytes(write_xlsx(to_workbook(model), model.classification))
    page = openpyxl.load_workbook(path)["MSEL"]
    column = [c.value for c in page[1]].index("Event synopsis") + 1
    assert page.cell(row=2, column=column).data_type == "s"
    assert (
        read_xlsx(path.read_bytes(), str(path)).sheets[0].rows[0][column - 1] == '=HYPERLINK("x")'
    )


def test_a_csv_cell_that_would_run_as_a_formula_is_guarded_and_read_back(tmp_path: Path) -> None:
    from engine.msel.csv_files import read_csv_sheets, write_csv
    from engine.msel.sheets import Sheet

    sheet = Sheet("MSEL", ["Event synopsis", "Body"], [["=cmd|' /C calc'!A0", "- a list item"]])
    (tmp_path / "msel.csv").write_bytes(write_csv(sheet))
    text = (tmp_path / "msel.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd" in text and "'- a list item" in text
    back = read_csv_sheets(tmp_path / "msel.csv").sheets[0]
    assert back.rows == [["=cmd|' /C calc'!A0", "- a list item"]]
