"""The bundled scenarios: valid with no warning, every quote found in its source document."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format.loader import load_scenario
from engine.format.model import ChannelKind
from players.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = next(
    (up / "shared" / "seeds" for up in ROOT.parents if (up / "shared" / "seeds").is_dir()),
    ROOT.parent / "shared" / "seeds",
)
"""The seed documents beside the checkout (or beside the folder of a git worktree)."""
BUNDLED = [ROOT / "scenarios" / "portrait", *sorted((ROOT / "scenarios").glob("*.yaml"))]


def test_the_four_scenarios_of_the_issue_are_bundled() -> None:
    names = {path.name for path in BUNDLED}
    assert names == {"portrait", "blueleaks.yaml", "invisible_accounts.yaml", "gray_zone.yaml"}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_a_bundled_scenario_validates_strictly_with_its_quotes_checked(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not SEEDS.is_dir():
        pytest.fail(f"the source documents are missing: {SEEDS}")
    code = main(["validate", str(path), "--sources", str(SEEDS), "--strict"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.strip().endswith(f"{path}: valid")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_a_bundled_scenario_has_the_size_the_issue_asks_for(path: Path) -> None:
    scenario = load_scenario(path).scenario
    assert len(scenario.actors) >= 4
    assert len(scenario.cells) >= 3
    assert len(scenario.injects) >= 15
    assert len(scenario.all_decisions()) >= 4
    assert len(scenario.endings) >= 3
    assert scenario.turns.count >= 2
    kinds = {ch.kind for ch in scenario.channels}
    assert {ChannelKind.NEWS, ChannelKind.SOCIAL, ChannelKind.INTEL, ChannelKind.EMAIL} <= kinds
    assert all(inject.fictional or inject.source for inject in scenario.injects)
    assert all(objective.critical_tasks for objective in scenario.objectives)
    assert scenario.objectives


def test_the_flagship_says_its_own_headline_is_fictional() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "portrait").scenario
    headline = [i for i in scenario.injects if "Ministry of State Security uses TikTok" in i.body]
    assert headline
    assert all(inject.fictional and inject.source is None for inject in headline)
