"""The compiled scenario cache: a hit is the cold load, and any trouble means a cold load."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.format import cache
from engine.format.canonical import content_hash
from engine.format.loader import load_scenario
from engine.format.problems import Position


def counting(
    lookup: Callable[..., cache.Entry | None], hits: list[cache.Entry | None]
) -> Callable[..., cache.Entry | None]:
    """`lookup`, keeping in `hits` each entry it returns."""

    def counted(*args: Any) -> cache.Entry | None:
        entry = lookup(*args)
        hits.append(entry)
        return entry

    return counted


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own empty cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARGAME_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def scenario(good_scenario: Path, tmp_path: Path) -> Path:
    """A copy of the good scenario folder (with includes) that a test may change."""
    return Path(shutil.copytree(good_scenario, tmp_path / "scenario"))


def test_a_second_load_comes_from_the_cache_and_equals_the_cold_load(
    scenario: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_scenario(scenario, use_cache=False)
    load_scenario(scenario)  # writes the entry
    assert len(list(cache_folder.glob("*.jsonl"))) == 1
    hits: list[cache.Entry | None] = []
    monkeypatch.setattr(cache, "lookup", counting(cache.lookup, hits))
    warm = load_scenario(scenario)
    assert hits and hits[0] is not None
    assert warm.scenario == cold.scenario
    assert warm.content_hash == cold.content_hash == content_hash(warm.scenario)
    assert warm.problems == cold.problems
    assert warm.files == cold.files


def test_positions_of_a_cached_load_are_found_when_asked_for(scenario: Path) -> None:
    load_scenario(scenario)
    warm = load_scenario(scenario)
    at = warm.positions.position_of(("injects", 1, "decision"))
    assert at == Position(f"{scenario}/injects.yaml", 29, 7)


def test_the_warnings_of_a_cold_load_come_back_from_the_cache(
    write_yaml: Callable[[str, str], Path],
) -> None:
    path = write_yaml(WARNS, "warns.yaml")
    cold = load_scenario(path)
    assert [problem.message for problem in cold.problems] == [
        "inject 'lost' is never delivered: it has no turn, time, after or when,"
        " and no option releases it"
    ]
    assert load_scenario(path).problems == cold.problems


WARNS = """
    format: 1
    id: warns
    title: Warns
    turns: {count: 1}
    cells: [{id: blue, name: Blue, side: blue}]
    channels: [{id: news, kind: news, name: News}]
    injects:
      - {id: lost, title: Lost, channel: news, fictional: true}
    endings: [{id: done, title: Done, condition: turn >= 1}]
"""


def test_a_changed_file_misses_the_cache(scenario: Path) -> None:
    first = load_scenario(scenario)
    injects = scenario / "injects.yaml"
    injects.write_text(injects.read_text().replace("title: ", "title: New ", 1))
    second = load_scenario(scenario)
    assert second.content_hash != first.content_hash
    assert second.content_hash == load_scenario(scenario, use_cache=False).content_hash


def test_a_corrupt_cache_file_falls_back_to_a_cold_load(scenario: Path, cache_folder: Path) -> None:
    cold = load_scenario(scenario)
    for garbage in (b"", b"{not json\n", b'{"key": 1}\n', b"\xff\xfe\n[]", None):
        for entry in cache_folder.glob("*.jsonl"):
            if garbage is None:  # a valid header over a damaged scenario
                header = entry.read_bytes().split(b"\n", 1)[0]
                entry.write_bytes(header + b'\n{"format": 1, "id": ')
            else:
                entry.write_bytes(garbage)
        loaded = load_scenario(scenario)
        assert loaded.scenario == cold.scenario
        assert loaded.content_hash == cold.content_hash


def test_an_unwritable_cache_folder_falls_back_to_a_cold_load(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("WARGAME_CACHE_DIR", str(blocker / "cache"))
    first = load_scenario(scenario)
    second = load_scenario(scenario)
    assert first.scenario == second.scenario
    assert first.content_hash == second.content_hash


def test_quote_checks_never_come_from_the_cache(scenario: Path, cache_folder: Path) -> None:
    load_scenario(scenario, sources_dir=scenario)
    assert not list(cache_folder.glob("*.jsonl"))


def test_a_new_engine_version_misses_the_cache(
    scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_scenario(scenario)
    monkeypatch.setattr("engine.__version__", "99.0.0")
    assert (
        cache.lookup(
            str(scenario / "scenario.yaml"),
            (scenario / "scenario.yaml").read_bytes(),
            lambda entry: (scenario / entry).read_bytes(),
        )
        is None
    )


@pytest.mark.parametrize(
    "name",
    [
        "portrait",
        "blueleaks.yaml",
        "gray_zone.yaml",
        "invisible_accounts.yaml",
        "clean_network.yaml",
    ],
)
def test_every_bundled_scenario_comes_back_from_the_cache_unchanged(name: str) -> None:
    path = Path(__file__).resolve().parent.parent / "scenarios" / name
    cold = load_scenario(path, use_cache=False)
    load_scenario(path)
    warm = load_scenario(path)
    assert warm.scenario == cold.scenario
    assert content_hash(warm.scenario) == cold.content_hash == warm.content_hash
    assert warm.problems == cold.problems


def test_past_the_limit_the_least_recently_used_entries_are_deleted(
    good_scenario: Path, tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    copies = [Path(shutil.copytree(good_scenario, tmp_path / f"copy{n}")) for n in range(3)]
    load_scenario(copies[0])
    load_scenario(copies[1])
    entries = {path.name for path in cache_folder.glob("*.jsonl")}
    for age, path in enumerate(sorted(cache_folder.glob("*.jsonl"))):
        os.utime(path, ns=(10**18 + age, 10**18 + age))  # both written long ago
    load_scenario(copies[0])  # a hit: copy 0 is now the most recently used
    load_scenario(copies[2])  # a third scenario: one entry has to go
    kept = {path.name for path in cache_folder.glob("*.jsonl")}
    assert len(kept) == 2
    dropped = entries - kept
    assert len(dropped) == 1
    hits: list[cache.Entry | None] = []
    monkeypatch.setattr(cache, "lookup", counting(cache.lookup, hits))
    load_scenario(copies[0])
    load_scenario(copies[1])
    assert hits[0] is not None  # copy 0 was kept because it was used
    assert hits[1] is None  # copy 1, the least recently used, was deleted
