"""`wargame simulate`: many playthroughs in parallel, the same report whatever the jobs."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from fixtures.engine import HERE, SESSION
from fixtures.engine import compiled as load_fixture

from players.cli import main
from players.simulate import derive_seed, run_simulation, summary

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = [
    path
    for path in [ROOT / "scenarios" / "portrait", *sorted((ROOT / "scenarios").glob("*.yaml"))]
    if path.exists()
]


def simulate_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(["simulate", *argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_the_report_is_the_same_whatever_the_number_of_jobs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, one = simulate_json(capsys, str(SESSION), "-n", "230", "--seed", "4", "--jobs", "1")
    _, two = simulate_json(capsys, str(SESSION), "-n", "230", "--seed", "4", "--jobs", "2")
    assert one == two
    assert one["playthroughs"] == 230


def test_another_seed_gives_another_run(capsys: pytest.CaptureFixture[str]) -> None:
    _, first = simulate_json(capsys, str(SESSION), "-n", "100", "--seed", "1", "--jobs", "1")
    _, second = simulate_json(capsys, str(SESSION), "-n", "100", "--seed", "2", "--jobs", "1")
    assert first["endings"] != second["endings"] or first["longest"] != second["longest"]


def test_the_report_counts_endings_coverage_and_variables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, report = simulate_json(capsys, str(SESSION), "-n", "300", "--jobs", "1")
    assert code == 0
    endings = report["endings"]
    assert isinstance(endings, dict)
    assert sum(e["count"] for e in endings.values()) == 300
    assert set(endings) >= {"collapse", "steady", "settled"}
    assert report["injects_never_delivered"] == ["manual"]  # only the facilitator releases it
    trust = report["variables"]["trust"]  # type: ignore[index]
    assert 0 <= trust["min"] <= trust["median"] <= trust["max"] <= 100
    assert sum(count for _, _, count in trust["histogram"]) == 300
    assert report["errors"] == []
    shortest, longest = report["shortest"], report["longest"]
    assert shortest["choices"] <= longest["choices"]  # type: ignore[index]


def test_the_shortest_playthroughs_seed_plays_it_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report = simulate_json(capsys, str(SESSION), "-n", "60", "--jobs", "1")
    mark = report["shortest"]
    assert isinstance(mark, dict)
    main(
        [
            "play",
            str(SESSION),
            "--seed",
            str(mark["seed"]),
            "--journal",
            str(tmp_path / "j"),
            "--format",
            "json",
        ]
    )
    played = json.loads(capsys.readouterr().out)
    assert played["choices"] == mark["choices"]


def test_a_failing_playthrough_is_reported_with_its_seed_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, report = simulate_json(capsys, str(HERE / "broken.yaml"), "-n", "40", "--jobs", "1")
    assert code == 1
    errors = report["errors"]
    assert isinstance(errors, list) and errors
    assert "dead end in turn 2" in errors[0]["error"]
    assert report["endings"]["(error)"]["count"] == len(errors)  # type: ignore[index]


def test_the_text_report_names_failures_by_seed(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", str(HERE / "broken.yaml"), "-n", "20", "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 1
    assert "error: seed " in out and ": dead end in turn 2" in out
    assert "endings:" in out


def test_the_text_report_says_how_to_replay_a_failure_and_the_replay_fails_the_same_way(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    main(["simulate", str(HERE / "broken.yaml"), "-n", "20", "--jobs", "1"])
    hint = capsys.readouterr().out.splitlines()[-1]
    prefix = "replay a failure with its journal: wargame play "
    assert hint.startswith(prefix)
    arguments = shlex.split(hint.removeprefix("replay a failure with its journal: wargame "))
    code = main([*arguments, "--journal", str(tmp_path / "replay.jsonl")])
    captured = capsys.readouterr()
    assert code == 1
    assert "dead end in turn 2" in captured.out + captured.err


def test_a_least_used_failure_is_replayed_by_rerunning_the_simulation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(
        ["simulate", str(HERE / "broken.yaml"), "-n", "20", "--jobs", "1", "--policy", "least-used"]
    )
    hint = capsys.readouterr().out.splitlines()[-1]
    assert hint.startswith("to see a failure again, rerun this same simulate")


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    main(["simulate", str(SESSION), "-n", "10", "--jobs", "1"])
    assert capsys.readouterr().err == ""


def test_seeds_are_derived_from_the_run_seed_and_the_index() -> None:
    assert derive_seed(1, 0) == derive_seed(1, 0)
    assert len({derive_seed(1, i) for i in range(1000)}) == 1000
    assert derive_seed(1, 5) != derive_seed(2, 5)


def test_a_least_used_run_chooses_every_option_of_the_fixture() -> None:
    scenario = load_fixture()
    tally = run_simulation(scenario, n=100, seed=1, policy="least-used")
    report = summary(scenario, tally, seed=1, policy="least-used")
    assert report["options_never_chosen"] == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_scenario_simulates_without_error(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = simulate_json(capsys, str(path), "-n", "200", "--seed", "7", "--jobs", "2")
    assert code == 0, report["errors"]
    assert report["errors"] == []
    assert "(no ending)" not in report["endings"]  # type: ignore[operator]


def test_a_cell_may_play_another_policy_than_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [str(SESSION), "-n", "60", "--jobs", "1"]
    _, everyone_random = simulate_json(capsys, *argv)
    code, blue_greedy = simulate_json(capsys, *argv, "--policy", "blue=greedy")
    assert code == 0
    assert blue_greedy["policies"] == {"blue": "greedy", "red": "random"}
    assert blue_greedy["policy"] == "blue=greedy, red=random"
    assert "budget.cut" not in everyone_random["options_never_chosen"]  # type: ignore[operator]
    assert "budget.cut" in blue_greedy["options_never_chosen"]  # type: ignore[operator]


def test_simulate_refuses_a_script_or_an_unknown_cell_for_one_cell(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", str(SESSION), "-n", "5", "--policy", "red=script:x.yaml"]) == 1
    assert "simulate plays random, least-used or greedy bots, not 'script:x.yaml'" in (
        capsys.readouterr().err
    )
    assert main(["simulate", str(SESSION), "-n", "5", "--policy", "green=greedy"]) == 1
    assert "--policy green=greedy: no cell 'green' in this scenario" in capsys.readouterr().err
