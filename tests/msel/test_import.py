"""A planner's MSEL (any sheet of injects) becomes a scenario folder that validates."""

from __future__ import annotations

import io
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest

from engine.format.loader import load_scenario
from engine.format.model import Scenario
from engine.msel.csv_files import read_csv_sheets
from engine.msel.xlsx import read_xlsx
from players.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HSEEP = ["Event #", "Scenario Time", "Event Synopsis", "From", "To", "Delivery Method",
         "Expected Player Action", "Controller Notes", "Venue"]  # fmt: skip


def workbook(path: Path, rows: Sequence[Sequence[object]], title: str = "MSEL") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def imported(tmp_path: Path, sheet: Path, *flags: str) -> Scenario:
    out = tmp_path / "scenario"
    assert main(["msel", "import", str(sheet), "-o", str(out), *flags]) == 0
    return load_scenario(out, use_cache=False).scenario


def test_an_hseep_msel_makes_actors_cells_channels_and_timed_injects(tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "exercise.xlsx",
        [
            HSEEP,
            [1, "D+0 09:00", "Dossier leaks", "Forum user", "Blue cell", "Social media",
             "Report to S2", "Watch who reacts", "Room A"],
            [2, "D+1 10:30", "Reporter calls", "Local paper", "Blue cell\nPAO", "Phone",
             "Hold the line", "", ""],
        ],
    )  # fmt: skip
    scenario = imported(tmp_path, sheet)
    assert [i.title for i in scenario.injects] == ["Dossier leaks", "Reporter calls"]
    first, second = scenario.injects
    assert (first.time, first.turn, second.time, second.turn) == ("D+0 09:00", 1, "D+1 10:30", 2)
    assert scenario.turns.count == 2
    assert [(a.id, a.name) for a in scenario.actors] == [
        ("forum_user", "Forum user"),
        ("local_paper", "Local paper"),
    ]
    assert [c.id for c in scenario.cells] == ["blue_cell", "pao"]
    assert second.to == ("blue_cell", "pao")
    assert [(c.id, c.kind.value) for c in scenario.channels] == [
        ("social_media", "social"),
        ("phone", "phone"),
    ]
    assert first.expected_actions == ("Report to S2",)
    # The unknown column is kept, in the facilitator's notes, and so is the event number.
    assert first.notes == "MSEL number: 1\nWatch who reacts\nVenue: Room A"


def test_spreadsheet_dates_and_times_become_scenario_days(tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "dated.xlsx",
        [
            ["Date", "Time", "Title"],
            [datetime(2020, 8, 6), time(9, 0), "Order signed"],
            [datetime(2020, 8, 7), time(8, 15), "Regulator asks"],
            [44051.5, None, "Serial date, noon"],  # Excel's serial number for 2020-08-08 12:00
        ],
    )
    scenario = imported(tmp_path, sheet)
    assert [i.time for i in scenario.injects] == ["D+0 09:00", "D+1 08:15", "D+2 12:00"]


def test_a_t3sf_msel_in_json_imports(tmp_path: Path) -> None:
    scenario = imported(tmp_path, FIXTURES / "t3sf_msel.json")
    assert [i.title for i in scenario.injects] == [
        "Executive order signed",
        "Company statement",
        "Allied regulator asks questions",
    ]
    assert [i.time for i in scenario.injects] == ["D+0 09:00", "D+0 11:30", "D+1 08:15"]
    assert scenario.injects[1].to == ("policy_cell", "company_cell")
    assert scenario.injects[0].body.startswith("The President signs an order")
    assert "Photo: statement.png" in scenario.injects[1].notes
    assert "Poll: Respond publicly? yes / no" in scenario.injects[1].notes


def test_a_t3sf_msel_in_xlsx_imports(tmp_path: Path) -> None:
    sheet = workbook(
        tmp_path / "t3sf.xlsx",
        [
            ["#", "Real Time", "Date", "Subject", "From", "Player", "Script", "Photo",
             "Profile", "Poll"],
            [1, "09:00", "2020-08-06", "Order signed", "Press office", "Policy", "Text.", "",
             "", ""],
        ],
    )  # fmt: skip
    scenario = imported(tmp_path, sheet)
    assert scenario.injects[0].title == "Order signed"
    assert scenario.injects[0].from_ == "press_office"


def test_an_openaev_style_sheet_imports_through_a_mapping_file(tmp_path: Path) -> None:
    scenario = imported(
        tmp_path,
        FIXTURES / "openaev_sheet.csv",
        "--map-file",
        str(FIXTURES / "openaev_mapping.yaml"),
    )
    assert [i.time for i in scenario.injects] == ["D+0 09:00", "D+0 11:45", "D+1 10:00"]
    assert scenario.injects[1].to == ("blue_team", "pao")
    assert [c.kind.value for c in scenario.channels] == ["social", "phone", "email"]
    assert scenario.injects[0].notes == "Watch the room"
    assert scenario.injects[0].from_ == "control"  # "Author" is one of the From column's names


def test_a_column_mapping_on_the_command_line_names_a_header(tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "odd.xlsx", [["What happens", "When"], ["Ship sinks", "T+2"]])
    scenario = imported(tmp_path, sheet, "--map", "What happens=title,When=time")
    assert (scenario.injects[0].title, scenario.injects[0].time) == ("Ship sinks", "D+0 10:00")


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, so the progress bar is drawn into it."""

    def isatty(self) -> bool:
        return True


def big_sheet(tmp_path: Path, rows: int) -> Path:
    """An HSEEP MSEL of `rows` injects, a minute apart, 500 a day."""
    lines = [HSEEP] + [
        [n, f"D+{n // 500} {9 + n % 500 // 60:02d}:{n % 60:02d}", f"Event {n}", "Forum user",
         "Blue cell", "Social media", "Report", "", ""]
        for n in range(rows)
    ]  # fmt: skip
    return workbook(tmp_path / "big.xlsx", lines)


def test_reading_a_big_sheet_tells_the_rows_read_of_all_rows() -> None:
    told: list[tuple[int, int | None]] = []
    raw = big_sheet(Path(tempfile.mkdtemp()), 1200).read_bytes()
    read_xlsx(raw, "big.xlsx", lambda done, total: told.append((done, total)))
    assert told == [(500, 1201), (1000, 1201)]  # every 500 rows, of the header and 1,200


def test_reading_a_big_csv_tells_the_rows_read_with_no_known_total(tmp_path: Path) -> None:
    told: list[tuple[int, int | None]] = []
    sheet = tmp_path / "msel.csv"
    sheet.write_text("\n".join(["Event #,Event Synopsis", *(f"{n},Event {n}" for n in range(999))]))
    read_csv_sheets(sheet, progress=lambda done, total: told.append((done, total)))
    assert told == [(500, None), (1000, None)]  # the header and 999 rows


def test_msel_import_draws_a_bar_of_rows_read_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    scenario = imported(tmp_path, big_sheet(tmp_path, 1000))
    assert len(scenario.injects) == 1000
    drawn = screen.getvalue()
    assert "msel import: rows read" in drawn
    assert "1000/1001" in drawn
    assert "wrote " in drawn  # the summary line follows the bar, which is gone


def test_msel_import_draws_no_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported(tmp_path, big_sheet(tmp_path, 600))
    said = capsys.readouterr().err
    assert "rows read" not in said
    assert "\x1b" not in said  # no terminal control codes: only the warnings and the summary


def test_an_imported_scenario_points_at_a_schema_an_editor_can_open(tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "exercise.xlsx", [HSEEP, [1, "D+0 09:00", "Dossier leaks"]])
    imported(tmp_path, sheet)
    first = (tmp_path / "scenario" / "scenario.yaml").read_text(encoding="utf-8").split("\n")[0]
    schema = Path(__file__).resolve().parents[2] / "schema" / "scenario.schema.json"
    assert first == f"# yaml-language-server: $schema={schema.as_posix()}"
