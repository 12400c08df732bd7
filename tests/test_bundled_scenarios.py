"""The bundled scenarios: valid with no warning, every quote found in its source document, and
every inject in its fact table (`scenarios/facts/`), whose quoted sentences are in the documents."""

from __future__ import annotations

import re
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


FACTS = ROOT / "scenarios" / "facts"
"""One fact table per bundled scenario, named by the scenario's id."""
_ROW = re.compile(r"^\| `([a-z][a-z0-9_]*)` \|", re.MULTILINE)
_QUOTED = re.compile(r"`(\d{3}_[0-9a-f]+\.txt)`: “([^”]+)”")


def test_the_five_scenarios_are_bundled() -> None:
    names = {path.name for path in BUNDLED}
    assert names == {
        "portrait",
        "blueleaks.yaml",
        "invisible_accounts.yaml",
        "gray_zone.yaml",
        "clean_network.yaml",
    }


def _plain(text: str) -> str:
    """Text with quote marks made straight and whitespace made single, for comparing."""
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text.replace("\\|", "|")).strip()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_inject_of_a_bundled_scenario_is_in_its_fact_table_and_nothing_else(
    path: Path,
) -> None:
    scenario = load_scenario(path).scenario
    table = (FACTS / f"{scenario.id}.md").read_text(encoding="utf-8")
    listed = _ROW.findall(table)
    assert sorted(listed) == sorted(inject.id for inject in scenario.injects)
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_sentence_a_fact_table_quotes_is_word_for_word_in_its_document(path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.fail(f"the source documents are missing: {SEEDS}")
    scenario = load_scenario(path).scenario
    table = (FACTS / f"{scenario.id}.md").read_text(encoding="utf-8")
    quoted = _QUOTED.findall(table)
    assert quoted
    for file, sentence in quoted:
        assert _plain(sentence) in _plain((SEEDS / file).read_text(encoding="utf-8")), sentence


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_a_fact_table_says_invented_exactly_for_the_injects_that_cite_nothing(path: Path) -> None:
    scenario = load_scenario(path).scenario
    table = (FACTS / f"{scenario.id}.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9_]+)` \| .*? \| (.*) \|$", table, re.MULTILINE))
    for inject in scenario.injects:
        assert rows[inject.id].startswith("invented") == (not inject.citations()), inject.id


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
