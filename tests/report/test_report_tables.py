"""`wargame report -o FILE.csv|.xlsx --table timeline|ip|ratings`: the report's tables out."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from players.cli import main


def table(journal: Path, tmp_path: Path, name: str, *flags: str) -> Path:
    out = tmp_path / name
    assert main(["report", str(journal), "-o", str(out), "--budget", "0", *flags]) == 0
    return out


def rows_of_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_default_table_is_the_timeline_of_every_event(
    complete_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rows_of_csv(table(complete_journal, tmp_path, "t.csv"))
    assert rows[0] == [
        "Seq", "Turn", "Scenario time", "Wall time", "Kind", "What", "Detail", "Who", "Taken back",
    ]  # fmt: skip
    kinds = {row[4] for row in rows[1:]}
    assert len(rows) > 10
    assert {"note", "rating"} & kinds or len(kinds) > 3


def test_the_improvement_plan_table_has_the_hseep_columns(
    complete_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rows_of_csv(table(complete_journal, tmp_path, "ip.csv", "--table", "ip"))
    assert rows[0][:5] == [
        "Core capability",
        "Objective",
        "Issue / area for improvement",
        "Corrective action",
        "Capability element",
    ]
    assert len(rows) > 1


def test_the_ratings_table_names_each_rating_and_its_evaluator(
    complete_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = table(complete_journal, tmp_path, "ratings.xlsx", "--table", "ratings")
    page = openpyxl.load_workbook(path).active
    assert page is not None
    header = [c.value for c in page[1]]
    assert header[3:6] == ["Rating", "Meaning", "Evaluator"]
    ratings = [row[3] for row in page.iter_rows(min_row=2, values_only=True) if row[3]]
    assert ratings and set(ratings) <= {"P", "S", "M", "U"}
    banner = page.oddHeader
    assert banner is not None and banner.center.text  # the classification on every printed page


def test_a_table_for_a_format_that_is_no_spreadsheet_is_refused(
    complete_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", str(complete_journal), "-o", str(tmp_path / "a.html"), "--table", "ip"])
    assert code == 1
    assert capsys.readouterr().err == (
        "wargame: error: --table writes a spreadsheet: name the output .csv or .xlsx, not html\n"
    )
