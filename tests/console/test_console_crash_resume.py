"""Killing the console mid-exercise loses nothing that it acknowledged."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from console_support import MINI, fixed_wall

from engine.format.loader import load_scenario
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.compiled import compile_scenario
from engine.play.lifecycle import Phase
from players.console.app import ConsoleApp
from players.console.launch import open_resumed

ROOT = Path(__file__).resolve().parent.parent.parent


def _killed(driver: str, *args: str) -> list[dict[str, Any]]:
    """Run a driver of this folder until it SIGKILLs itself; the events it had acknowledged."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).parent / driver), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    acknowledged: list[dict[str, Any]] = json.loads(result.stdout.strip().splitlines()[-1])
    return acknowledged


def test_a_console_killed_mid_session_resumes_with_every_acknowledged_event(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "killed.jsonl"
    acknowledged = _killed("crash_driver.py", str(MINI), str(journal))
    resumed = JournaledSession.resume(journal)
    try:
        session = resumed.exercise.session
        events = session.events
        assert len(events) == len(acknowledged)
        # the journal adds bookkeeping (wall time, group size); every acknowledged field is kept
        assert [
            {key: e.get(key) for key in a} for e, a in zip(events, acknowledged, strict=True)
        ] == acknowledged
        assert resumed.torn is None
        kinds = {event["type"] for event in events}
        assert {"choice_recorded", "roll_made", "note_added"} <= kinds
        assert resumed.exercise.session.state.phase is Phase.DELIBERATION
    finally:
        resumed.exercise.close()


def test_a_console_killed_while_its_clock_runs_resumes_stopped_where_it_stood(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "clock.jsonl"
    acknowledged = _killed("clock_kill_driver.py", str(journal))
    assert acknowledged[-1]["type"] != "clock_stopped"  # killed with the clock running
    opened = open_resumed(journal, wall=fixed_wall)
    try:
        session = opened.exercise.session
        delivered = [(e["inject"], e["clock"]) for e in session.events
                     if e["type"] == "inject_delivered"]  # fmt: skip
        assert delivered == [("briefing", 480), ("alarm", 570)]  # each once, at its time
        assert session.state.clock_rate is None  # resumed stopped: nothing bursts out
        assert session.state.clock == 570
        assert any("it stands at 2018-01-27 09:30" in message for message, _ in opened.notices)
        kept = zip(session.events[: len(acknowledged)], acknowledged, strict=True)
        assert [{key: e.get(key) for key in a} for e, a in kept] == acknowledged
    finally:
        opened.exercise.close()


def test_a_clock_resumed_stopped_runs_again_with_s_at_the_rate_it_last_ran(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "running.jsonl"
    loaded = load_scenario(MINI)
    compiled = compile_scenario(loaded.scenario, loaded.content_hash)
    assert compiled.scenario.turns.rate is None  # only the journal knows the rate
    exercise = JournaledSession.create(compiled, 1, journal, wall=fixed_wall)
    exercise.execute(c.Begin())
    exercise.execute(c.StartClock(60.0))
    exercise.close()  # as the kill leaves it: on disk with the clock running
    opened = open_resumed(journal, wall=fixed_wall)
    try:
        assert opened.rate(30.0) == 30.0  # --rate on resume still wins
        assert any("Press s to run it again." in message for message, _ in opened.notices)
        app = ConsoleApp(opened.exercise, wall=fixed_wall, rate=opened.rate(None))

        async def press_s() -> None:
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("s")
                await pilot.pause()

        asyncio.run(press_s())
        assert opened.exercise.session.state.clock_rate == 60.0
        kinds = [e["type"] for e in opened.exercise.session.events]
        assert kinds.count("clock_started") == 2  # before the kill, and after s
    finally:
        opened.exercise.close()
