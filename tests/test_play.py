"""`wargame play`: a headless playthrough by bots, journaled, replayable, deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.engine import HERE, SESSION
from fixtures.engine import compiled as load_fixture

from engine.errors import UserError
from engine.journal.journaled_session import JournaledSession, scenario_from_header
from engine.journal.store import read_journal
from engine.play.events import Event
from engine.play.session import Session
from players.autoplay import DeadEnd, play
from players.cli import main
from players.policies import ScriptedPolicy
from players.simulate import build_policies, policy_specs

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = [
    path
    for path in [ROOT / "scenarios" / "portrait", *sorted((ROOT / "scenarios").glob("*.yaml"))]
    if path.exists()
]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if code == 0 else {}


def strip(records: list[Event]) -> list[dict[str, object]]:
    return [{k: v for k, v in r.items() if k not in ("wall", "size")} for r in records]


def test_play_writes_a_journal_and_reports_the_ending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "run.jsonl"
    code, report = run_json(
        capsys, "play", str(SESSION), "--seed", "3", "--journal", str(journal), "--format", "json"
    )
    assert code == 0
    assert report["journal"] == str(journal)
    assert report["stopped"] in ("ending", "turns exhausted")
    contents = read_journal(journal)
    assert contents.header["seed"] == 3
    last = [r for r in contents.records if r["type"] == "ending_reached"]
    assert last and last[-1]["ending"] == report["ending"]
    choices = [r for r in contents.records if r["type"] == "choice_recorded"]
    assert len(choices) == report["choices"]


def test_play_prints_the_ending_turns_and_choices_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["play", str(SESSION), "--journal", str(tmp_path / "j.jsonl")])
    out = capsys.readouterr().out
    assert code == 0
    assert "ending" in out and "turns" in out and "choices" in out


def test_the_same_seed_and_policies_write_the_same_events(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert main(["play", str(SESSION), "--seed", "9", "--journal", str(tmp_path / name)]) == 0
    first = read_journal(tmp_path / "a").records
    second = read_journal(tmp_path / "b").records
    assert strip(first) == strip(second)


@pytest.mark.parametrize("policy", ["random", "least-used", "greedy"])
def test_a_bots_journal_replays_to_the_same_state_and_events(tmp_path: Path, policy: str) -> None:
    path = tmp_path / "bot.jsonl"
    scenario = load_fixture()
    specs = policy_specs([policy], [cell.id for cell in scenario.scenario.cells])
    with JournaledSession.create(scenario, 5, path) as exercise:
        play(exercise.session, build_policies(specs, 5), execute=exercise.execute)
        live_key, live_events = exercise.session.state.key(), exercise.session.events
    contents = read_journal(path)
    replayed = Session.replay(scenario_from_header(contents.header, path), 5, contents.records)
    assert replayed.state.key() == live_key
    assert strip(replayed.events) == strip(live_events)
    resumed = JournaledSession.resume(path, expected=scenario).exercise
    assert resumed.session.state.key() == live_key
    resumed.close()


def test_a_policy_per_cell_overrides_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = run_json(
        capsys,
        "play",
        str(SESSION),
        "--policy",
        "greedy",
        "--policy",
        "red=least-used",
        "--journal",
        str(tmp_path / "j.jsonl"),
        "--format",
        "json",
    )
    assert code == 0
    assert report["policies"] == {"blue": "greedy", "red": "least-used"}


def test_an_unknown_cell_names_the_scenarios_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["play", str(SESSION), "--policy", "green=random", "--journal", str(tmp_path / "j")]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "no cell 'green' in this scenario; its cells are blue, red" in err
    assert not (tmp_path / "j").exists()


def test_an_unknown_policy_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["play", str(SESSION), "--policy", "clever", "--journal", str(tmp_path / "j")])
    assert code == 1
    assert "unknown policy 'clever'" in capsys.readouterr().err


def test_a_scripted_policy_plays_the_choices_from_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "moves.yaml"
    script.write_text(
        "choices:\n"
        "  - {turn: 1, cell: blue, decision: press, option: admit}\n"
        "  - {turn: 1, cell: red, decision: press, option: admit}\n"
        "  - {turn: 1, cell: blue, decision: budget, option: fund}\n"
        "  - {turn: 2, cell: blue, decision: timed, option: act}\n",
        encoding="utf-8",
    )
    code, report = run_json(
        capsys,
        "play",
        str(SESSION),
        "--policy",
        f"script:{script}",
        "--journal",
        str(tmp_path / "j.jsonl"),
        "--format",
        "json",
    )
    assert code == 0
    # 50 + 5 + 5 (admit twice) + 10 (fund) = 70 at the end of turn 1; + 10 (act) = 80 in turn 2
    assert (report["ending"], report["turns"], report["choices"]) == ("steady", 2, 4)


def test_a_script_that_runs_out_says_which_choice_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "moves.yaml"
    script.write_text("- {cell: blue, decision: press, option: deny}\n", encoding="utf-8")
    code = main(
        ["play", str(SESSION), "--policy", f"script:{script}", "--journal", str(tmp_path / "j")]
    )
    assert code == 1
    assert "no scripted choice for cell 'red' on decision 'press'" in capsys.readouterr().err


def _play_script(tmp_path: Path, text: str) -> tuple[int, Path, Path]:
    """Play SESSION with every cell on the script `text`: the exit code, script and journal."""
    script = tmp_path / "moves.yaml"
    script.write_text(text, encoding="utf-8")
    journal = tmp_path / "j.jsonl"
    code = main(["play", str(SESSION), "--policy", f"script:{script}", "--journal", str(journal)])
    return code, script, journal


def test_a_script_with_an_unknown_option_names_its_line_and_writes_no_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, script, journal = _play_script(
        tmp_path,
        "choices:\n"
        "  - {turn: 1, cell: blue, decision: press, option: admit}\n"
        "  - {turn: 1, cell: red, decision: press, option: admitt}\n",
    )
    assert code == 1
    assert capsys.readouterr().err == (
        f"wargame: error: {script}:3: decision 'press' has no option 'admitt'"
        " (did you mean 'admit'?)\n"
    )
    assert not journal.exists()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{cell: bleu, option: admit}", "the scenario has no cell 'bleu' (did you mean 'blue'?)"),
        (
            "{cell: blue, decision: pres, option: admit}",
            "the scenario has no decision 'pres' (did you mean 'press'?)",
        ),
        (
            "{cell: blue, option: zzz}",
            "no decision of cell 'blue' has an option 'zzz' (its options: ",
        ),
    ],
)
def test_a_script_is_checked_against_the_scenario_before_play(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str, message: str
) -> None:
    code, script, journal = _play_script(tmp_path, f"- {entry}\n")
    assert code == 1
    assert capsys.readouterr().err.startswith(f"wargame: error: {script}:1: {message}")
    assert not journal.exists()


def test_a_dead_end_is_reported_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "moves.yaml"
    script.write_text("- {cell: blue, decision: answer, option: deny}\n", encoding="utf-8")
    journal = tmp_path / "j.jsonl"
    code = main(
        [
            "play",
            str(HERE / "broken.yaml"),
            "--policy",
            f"script:{script}",
            "--journal",
            str(journal),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "dead end in turn 2 (decisions)" in err
    assert "decision 'stuck' is waiting for blue" in err
    assert journal.exists()


def test_autoplay_raises_dead_end_when_a_cell_has_no_option_and_nothing_can_move() -> None:
    scenario = load_fixture(HERE / "broken.yaml")
    session = Session.start(scenario, 1)
    script = ScriptedPolicy([{"cell": "blue", "decision": "answer", "option": "deny"}])
    with pytest.raises(DeadEnd, match="decision 'stuck' is waiting for blue"):
        play(session, {"blue": script})


def test_the_choice_limit_stops_a_playthrough(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = run_json(
        capsys,
        "play",
        str(SESSION),
        "--max-choices",
        "1",
        "--journal",
        str(tmp_path / "j"),
        "--format",
        "json",
    )
    assert code == 0
    assert (report["stopped"], report["choices"], report["ending"]) == ("choice limit", 1, None)


def test_policy_specs_without_cells_fall_back_to_random() -> None:
    assert policy_specs([], ["a", "b"]) == {"a": "random", "b": "random"}
    with pytest.raises(UserError):
        policy_specs(["x=random"], ["a"])


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_scenario_plays_to_an_ending_with_a_replayable_journal(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "j.jsonl"
    code, report = run_json(
        capsys,
        "play",
        str(path),
        "--policy",
        "greedy",
        "--journal",
        str(journal),
        "--format",
        "json",
    )
    assert code == 0
    assert report["ending"] is not None
    contents = read_journal(journal)
    compiled = scenario_from_header(contents.header, journal)
    replayed = Session.replay(compiled, contents.header["seed"], contents.records)
    assert replayed.state.ending == report["ending"]
