"""Write the facilitator guide's screenshots to docs/img/.

Run: `python tests/console/make_screenshots.py`.

Uses the tests' mini scenario, a fixed wall clock and a frozen turn timer, so the pictures
only change when the console does.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from console_support import MINI, SEED, compile_file, fixed_wall, frozen_clock

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from players.console.app import ConsoleApp
from players.console.viewer import ViewerApp
from players.console.widgets.odds import OddsPanel
from players.console.widgets.scenario_clock import ClockPanel

IMG = Path(__file__).resolve().parent.parent.parent / "docs" / "img"
TIMED = Path(__file__).resolve().parent.parent / "fixtures" / "engine" / "timed.yaml"


async def shoot(folder: Path) -> None:
    """Take every screenshot the guide links to."""
    IMG.mkdir(parents=True, exist_ok=True)
    journal = folder / "exercise.jsonl"
    exercise = JournaledSession.create(compile_file(MINI), SEED, journal, wall=fixed_wall)
    app = ConsoleApp(exercise, clock=frozen_clock, wall=fixed_wall)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.save_screenshot("console-briefing.svg", str(IMG))
        await pilot.press("enter")
        await pilot.pause()
        odds = app.screen.query_one(OddsPanel)
        while odds.answered is None:  # the worker's answer (a second or two)
            await pilot.pause(0.1)
        await pilot.pause()
        app.save_screenshot("console-main.svg", str(IMG))
        app.save_screenshot("console-odds.svg", str(IMG))
        await pilot.press("enter")
        await pilot.pause()
        app.save_screenshot("console-social-post.svg", str(IMG))
        await pilot.press("c", "down")
        await pilot.pause()
        app.save_screenshot("console-choice.svg", str(IMG))
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        app.save_screenshot("console-help.svg", str(IMG))
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        app.save_screenshot("console-narrow.svg", str(IMG))
    exercise.execute(c.AdvanceClock(30))
    await shoot_clock(folder)
    viewer = ViewerApp(journal)
    async with viewer.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        viewer.save_screenshot("players-view.svg", str(IMG))
    exercise.close()


async def shoot_clock(folder: Path) -> None:
    """The running clock at x60, 100 real seconds in: the alarm is out, the call comes next."""
    timed = compile_file(TIMED)
    exercise = JournaledSession.create(timed, SEED, folder / "timed.jsonl", wall=fixed_wall)
    now = [0.0]
    app = ConsoleApp(exercise, clock=lambda: now[0], wall=fixed_wall, rate=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "s")
        await pilot.pause()
        panel = app.screen.query_one(ClockPanel)
        for _ in range(100):
            now[0] += 1
            panel.tick()
            await pilot.pause()
        app.save_screenshot("console-clock.svg", str(IMG))
    exercise.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(shoot(Path(folder)))
    print(f"wrote screenshots to {IMG}")
