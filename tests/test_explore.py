"""The model checker: what it reaches, what it flags, and `wargame explore`'s exit codes."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.engine import HERE, SESSION
from fixtures.engine import compiled as load_fixture

from bench.simultaneous import generate
from engine.explore import memory
from engine.explore.search import Brancher, clone_session, explore, reachable_endings
from engine.play import commands as c
from engine.play.session import Session
from players.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = [
    path
    for path in [ROOT / "scenarios" / "portrait", *sorted((ROOT / "scenarios").glob("*.yaml"))]
    if path.exists()
]


def test_the_bundled_scenarios_are_there_to_be_explored() -> None:
    assert (ROOT / "scenarios" / "portrait").is_dir()
    assert len(BUNDLED) >= 4


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_scenario_explores_clean(path: Path) -> None:
    result = explore(load_fixture(path))
    assert result.complete, f"budget exhausted at {result.states} states"
    assert [f.message for f in result.findings] == []
    assert result.endings_unreachable == []
    assert result.injects_unreachable == []
    assert result.paths and result.paths > 0


def test_the_fixture_reaches_every_ending_and_flags_the_turns_running_out() -> None:
    result = explore(load_fixture())
    assert result.complete
    assert set(result.endings) == {"collapse", "steady", "settled"}
    assert result.endings["settled"][-1] == "blue: final=settle"
    assert [f.kind for f in result.findings] == ["no_ending"]
    assert result.findings[0].message == "the last turn can end with no ending's condition true"
    assert result.findings[0].path[0] == "begin"


def test_a_contingency_inject_is_reached_only_through_the_facilitator() -> None:
    result = explore(load_fixture())
    assert "manual" in result.injects_facilitator_only
    assert "release manual (facilitator)" in result.injects_facilitator_only["manual"]
    assert "admitted" in result.injects  # an option releases it in normal play
    assert result.injects_unreachable == []


def test_without_facilitator_moves_a_contingency_inject_is_unreachable() -> None:
    result = explore(load_fixture(), facilitator=False)
    assert result.injects_unreachable == ["manual"]
    assert any(f.message == "inject 'manual' is never delivered" for f in result.findings)


def test_the_broken_fixture_shows_every_kind_of_error() -> None:
    result = explore(load_fixture(HERE / "broken.yaml"))
    messages = [f.message for f in result.findings]
    assert "ending 'leak' is unreachable" in messages
    assert "inject 'never' is never delivered" in messages
    [dead] = [f for f in result.findings if f.kind == "dead_end"]
    assert "no option is available for blue on 'stuck'" in dead.message
    assert dead.path[:3] == ["begin", "next phase ×2", "blue: answer=deny"]


def test_explore_exits_1_on_errors_and_names_them(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explore", str(HERE / "broken.yaml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "error: ending 'leak' is unreachable" in out
    assert "error: dead end:" in out
    assert "e.g. begin → next phase ×2 → blue: answer=deny" in out


def test_explore_exits_3_when_the_budget_runs_out(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explore", str(SESSION), "--budget", "50"])
    assert code == 3
    assert "incomplete: budget of 50 states exhausted" in capsys.readouterr().out


def test_explore_prints_only_json_with_format_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explore", str(HERE / "broken.yaml"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["complete"] is True
    assert data["endings_unreachable"] == ["leak"]
    assert {f["kind"] for f in data["findings"]} == {
        "dead_end",
        "unreachable_ending",
        "unreachable_inject",
        "unreachable_option",
    }
    assert data["options_unreachable"] == ["stuck.ring"]


UNCHOSEN = HERE / "unchosen.yaml"


def test_a_decision_that_never_opens_and_an_option_never_chosen_are_errors() -> None:
    result = explore(load_fixture(UNCHOSEN))
    assert result.complete
    assert result.endings_unreachable == [] and result.injects_unreachable == []
    assert [(f.kind, f.id, f.message) for f in result.findings] == [
        ("unreachable_decision", "trusted", "decision 'trusted' never opens"),
        ("unreachable_decision", "unscheduled", "decision 'unscheduled' never opens"),
        ("unreachable_option", "press.shout", "option 'press.shout' is never chosen"),
    ]
    assert result.decisions_unreachable == ["trusted", "unscheduled"]
    assert result.options_unreachable == ["press.shout"]  # not the options of those two
    assert not result.clean


def test_a_default_filled_in_for_a_cell_counts_as_chosen() -> None:
    result = explore(load_fixture(UNCHOSEN))
    assert "press.silent" not in result.options_unreachable  # never available, but the default


def test_an_option_available_only_after_a_facilitator_move_is_a_note() -> None:
    result = explore(load_fixture(UNCHOSEN))
    assert result.options_facilitator_only == {
        "respond.admit": [
            "begin",
            "next phase ×2",
            "release story (facilitator)",
            "blue: respond=admit",
        ]
    }
    assert result.decisions_facilitator_only == {}


def test_explore_names_what_never_opens_or_is_never_chosen_and_is_not_clean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["explore", str(UNCHOSEN)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[-5:] == [
        "  note: option 'respond.admit' is reached only through facilitator moves",
        "        e.g. begin → next phase ×2 → release story (facilitator) → blue: respond=admit",
        "error: decision 'trusted' never opens",
        "error: decision 'unscheduled' never opens",
        "error: option 'press.shout' is never chosen",
    ]
    assert "clean" not in lines


def test_a_partial_search_says_which_decisions_and_options_it_did_not_reach(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["explore", str(UNCHOSEN), "--budget", "5"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 3
    assert lines[3:6] == [
        "  not reached before the search stopped: steady, story",
        "  decisions not opened before the search stopped: trusted, unscheduled, press",
        "  options not chosen before the search stopped: respond.admit",
    ]
    assert not any(line.startswith("error:") for line in lines)  # not proved: no error


def test_a_command_with_a_roll_branches_into_every_outcome_with_a_chance() -> None:
    scenario = load_fixture()
    session = Session.start(scenario, 1)
    session.execute(c.Begin())
    session.execute(c.RecordChoice("press", "blue", "admit"))
    brancher = Brancher(scenario, 1)
    branches = [
        (rolls, dict(state.values))
        for state, rolls in brancher.run(session.state, c.RecordChoice("press", "red", "probe"))
    ]
    assert branches == [
        (("press/red rolled found",), {"trust": 55, "alert": True}),
        (("press/red rolled missed",), {"trust": 54, "alert": False}),
    ]
    assert ("press", "red") in session.pending_choices()  # the stored state was not touched


def test_reachable_endings_from_a_midpoint_counts_only_normal_play() -> None:
    session = Session.start(load_fixture(), 1)
    session.execute(c.Begin())
    session.execute(c.RecordChoice("press", "blue", "admit"))
    assert reachable_endings(session, 10_000) == {"collapse", "steady", "settled"}


def test_reachable_endings_gives_up_with_none_when_the_budget_is_too_small() -> None:
    session = Session.start(load_fixture(), 1)
    assert reachable_endings(session, 5) is None


def test_a_finished_session_can_only_reach_its_own_ending() -> None:
    session = Session.start(load_fixture(), 1)
    session.execute(c.Begin())
    session.execute(c.EndExercise("settled"))
    assert reachable_endings(session, 100) == {"settled"}


def test_a_clone_is_independent_of_its_original() -> None:
    session = Session.start(load_fixture(), 1)
    session.execute(c.Begin())
    clone = clone_session(session)
    assert clone.state.key() == session.state.key()
    clone.execute(c.RecordChoice("budget", "blue", "cut"))
    assert clone.state.key() != session.state.key()
    assert ("budget", "blue") in session.pending_choices()


def test_the_search_does_not_change_the_session_it_starts_from() -> None:
    session = Session.start(load_fixture(), 1)
    session.execute(c.Begin())
    before = (session.state.key(), len(session.events))
    explore(session.compiled, start=session, budget=2000)
    assert (session.state.key(), len(session.events)) == before


def test_the_budget_message_says_how_to_raise_it_and_what_a_partial_result_proves(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["explore", str(SESSION), "--budget", "50"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 3
    assert lines[0].endswith(
        "incomplete: budget of 50 states exhausted (raise it with --budget, e.g. --budget 500)"
    )
    assert lines[-2:] == [
        "  a partial search proves what it shows: each ending, inject and error above has a "
        "playthrough that reaches it;",
        "  it does not prove that what it did not reach is unreachable, nor that there are no "
        "other dead ends or loops",
    ]


def test_the_memory_bound_stops_the_search_cleanly_with_what_it_found(tmp_path: Path) -> None:
    path = tmp_path / "shape.yaml"
    path.write_text(
        generate(cells=4, turns=3, per_turn=3, options=3, timed=False), encoding="utf-8"
    )
    readings = iter([0])
    result = explore(
        load_fixture(path), max_memory=100 * 1024**2, gauge=lambda: next(readings, 10**12)
    )
    assert not result.complete
    assert result.stopped_by == "memory"
    assert 2 * 2048 <= result.states < 3 * 2048  # it stopped at the second reading
    assert result.endings  # what it found is reported
    assert not [f for f in result.findings if f.kind == "unreachable_ending"]  # nothing proven


def test_explore_exits_3_when_the_memory_bound_is_reached(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "shape.yaml"
    path.write_text(
        generate(cells=4, turns=3, per_turn=3, options=3, timed=False), encoding="utf-8"
    )
    monkeypatch.setattr(memory, "resident_memory", lambda: 3 * 1024**3)
    code = main(["explore", str(path), "--max-memory", "1G"])
    first = capsys.readouterr().out.splitlines()[0]
    assert code == 3
    assert first.endswith(
        "incomplete: memory bound of 1.0 GB reached (raise it with --max-memory, e.g. "
        "--max-memory 2.0G)"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "lots",
            "wargame: error: --max-memory: 'lots' is not a size; "
            "write it like 2G, 512M or 1500000000",
        ),
        ("1M", "wargame: error: --max-memory must be at least 64 MB"),
    ],
)
def test_a_bad_memory_bound_is_refused_in_one_line(
    value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explore", str(SESSION), "--max-memory", value]) == 1
    assert capsys.readouterr().err.strip() == message


def test_a_search_bounded_below_the_memory_it_would_need_stays_under_the_bound(
    tmp_path: Path,
) -> None:
    # A real process and its real peak (VmHWM): the bound holds for the resident set.
    scenario = tmp_path / "shape.yaml"
    scenario.write_text(
        generate(cells=4, turns=4, per_turn=3, options=3, timed=False), encoding="utf-8"
    )
    script = (
        "import sys; from players.cli import main; code = main(sys.argv[1:]); "
        "peak = next(int(l.split()[1]) for l in open('/proc/self/status') "
        "if l.startswith('VmHWM')); "
        "print('PEAK', peak * 1024); raise SystemExit(code)"
    )
    bound = 90 * 1024**2
    done = subprocess.run(
        [sys.executable, "-c", script, "explore", str(scenario), "--max-memory", str(bound)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 3, done.stderr
    assert "memory bound of 90 MB reached" in done.stdout
    peak = int(done.stdout.rsplit("PEAK ", 1)[1])
    assert peak < bound


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, so the progress bar is drawn into it."""

    def isatty(self) -> bool:
        return True


def test_the_search_tells_its_progress_in_states_searched_with_no_known_total() -> None:
    told: list[tuple[int, int | None]] = []
    result = explore(
        load_fixture(ROOT / "scenarios" / "invisible_accounts.yaml"),
        progress=lambda done, total: told.append((done, total)),
    )
    counts = [done for done, _ in told]
    assert {total for _, total in told} == {None}
    assert counts == sorted(set(counts))  # it only counts up
    assert counts[0] >= 2048 and counts[-1] <= result.states
    assert len(counts) == result.states // 2048  # once every 2,048 states


def test_explore_draws_its_bar_of_states_searched_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    code = main(["explore", str(ROOT / "scenarios" / "invisible_accounts.yaml")])
    assert code == 0
    drawn = screen.getvalue()
    assert "explore: states searched" in drawn
    assert re.search(r"\d{4}/\?", drawn), drawn  # a count of states, with no known end
    assert "clean" in capsys.readouterr().out  # the findings still go to stdout


def test_explore_draws_no_bar_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explore", str(ROOT / "scenarios" / "invisible_accounts.yaml")]) == 0
    assert capsys.readouterr().err == ""
