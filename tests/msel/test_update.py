"""`msel import --into`: a planner's edits come back into the scenario's own files."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from engine.format.loader import load_scenario
from players.cli import main

ROOT = Path(__file__).resolve().parents[2]


def edited_export(scenario: Path, tmp_path: Path) -> Path:
    sheet = tmp_path / "msel.xlsx"
    assert main(["msel", "export", str(scenario), "-o", str(sheet)]) == 0
    book = openpyxl.load_workbook(sheet)
    page = book["MSEL"]
    header = [c.value for c in page[1]]

    def put(row: int, column: str, value: str | int | bool) -> None:
        page.cell(row=row, column=header.index(column) + 1).value = value

    put(2, "Time", "D+0 08:30")  # retimed
    put(3, "Event synopsis", "Reworded by the planner")  # reworded
    page.delete_rows(5)  # removed: the fourth inject
    new = page.max_row + 1
    added: dict[str, str | int | bool] = {
        "Inject ID": "planner_new",
        "Event synopsis": "Added by the planner",
        "Channel": "ops_brief",
        "Turn": 2,
        "fictional": True,
    }
    for column, value in added.items():
        put(new, column, value)
    book.save(sheet)
    return sheet


def test_retimed_reworded_added_and_removed_injects_are_written_back_with_comments_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "portrait"
    shutil.copytree(ROOT / "scenarios" / "portrait", folder)
    before = load_scenario(folder, use_cache=False).scenario
    sheet = edited_export(folder, tmp_path)
    capsys.readouterr()
    assert main(["msel", "import", str(sheet), "--into", str(folder)]) == 0
    removed = before.injects[3].id
    assert capsys.readouterr().out == (
        f"changed {before.injects[0].id}: time\n"
        f"changed {before.injects[1].id}: title\n"
        "added planner_new\n"
        f"removed {removed}\n"
    )
    after = load_scenario(folder, use_cache=False).scenario
    ids = [i.id for i in after.injects]
    assert removed not in ids and ids[-1] == "planner_new"
    assert after.injects[0].time == "D+0 08:30"
    assert after.injects[1].title == "Reworded by the planner"
    assert after.decisions == before.decisions  # what the MSEL sheet does not carry stays
    turn1 = (folder / "injects-turn1.yaml").read_text(encoding="utf-8")
    assert turn1.startswith("# yaml-language-server: $schema=../../schema/scenario.schema.json\n")
    assert "# Turn 1 (D+0 08:00)" in turn1  # the author's comments are still there


def test_an_unchanged_export_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "blueleaks.yaml"
    shutil.copy(ROOT / "scenarios" / "blueleaks.yaml", scenario)
    original = scenario.read_bytes()
    sheet = tmp_path / "msel.xlsx"
    assert main(["msel", "export", str(scenario), "-o", str(sheet)]) == 0
    assert main(["msel", "import", str(sheet), "--into", str(scenario)]) == 0
    assert capsys.readouterr().err.endswith(f"{scenario}: no changes\n")
    assert scenario.read_bytes() == original


def test_into_refuses_a_sheet_that_is_not_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "plan.csv"
    sheet.write_text("Title,Time\r\nOne,09:00\r\n", encoding="utf-8")
    code = main(
        ["msel", "import", str(sheet), "--into", str(ROOT / "scenarios" / "blueleaks.yaml")]
    )
    assert code == 1
    assert capsys.readouterr().err == (
        f"wargame: error: {sheet}: --into reads back an MSEL that `wargame msel export` wrote "
        "(its MSEL sheet has an Inject ID column); make a new scenario from this sheet with "
        "-o DIR\n"
    )
