"""Export then import gives an equal scenario model, for every bundled scenario and format."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format.loader import load_scenario
from engine.format.model import Scenario
from players.cli import main

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = [ROOT / "scenarios" / "portrait", *sorted((ROOT / "scenarios").glob("*.yaml"))]


def loaded(path: Path) -> Scenario:
    # Includes are how a scenario is cut into files, not what it holds: the export is one file.
    return load_scenario(path, use_cache=False).scenario.model_copy(update={"include": ()})


@pytest.mark.parametrize(
    "target", ["msel.xlsx", "msel.csv", "sheets"], ids=["xlsx", "csv", "csv-folder"]
)
@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda path: path.stem)
def test_export_then_import_gives_an_equal_scenario(
    scenario: Path, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / target
    assert main(["msel", "export", str(scenario), "-o", str(sheet)]) == 0
    assert main(["msel", "import", str(sheet), "-o", str(tmp_path / "back")]) == 0
    assert loaded(tmp_path / "back") == loaded(scenario)
    capsys.readouterr()


def test_a_csv_export_writes_one_file_per_sheet_beside_the_msel(tmp_path: Path) -> None:
    assert main(["msel", "export", str(BUNDLED[0]), "-o", str(tmp_path / "plan.csv")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "plan.actors.csv",
        "plan.cells.csv",
        "plan.channels.csv",
        "plan.csv",
        "plan.decisions.csv",
        "plan.endings.csv",
        "plan.objectives.csv",
        "plan.scenario.csv",
        "plan.sources.csv",
        "plan.variables.csv",
    ]
    header = (tmp_path / "plan.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith(
        "No.,Turn,Time,Trigger,Inject ID,Event synopsis,From,To,Channel,Delivery method,"
        "Expected action,Objectives,Core capability,Facilitator notes,Discussion questions,"
        "Source,Body"
    )
