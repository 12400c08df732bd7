"""Run the console's clock headless, print every acknowledged event, then die by SIGKILL.

Run by test_console_crash_resume.py in a subprocess: `python clock_kill_driver.py JOURNAL`.
The clock runs at a scenario minute per real second on a fake monotonic clock: 100 ticks
take it from 08:00 to 09:40, past the alarm (09:30), with the clock still running.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from console_support import fixed_wall

from engine.format.loader import load_scenario
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.compiled import compile_scenario
from players.console.app import ConsoleApp
from players.console.widgets.scenario_clock import ClockPanel

TIMED = Path(__file__).resolve().parent.parent / "fixtures" / "engine" / "timed.yaml"


class Ticks:
    """Monotonic seconds that move only when the driver says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def main(journal: Path) -> None:
    loaded = load_scenario(TIMED)
    compiled = compile_scenario(loaded.scenario, loaded.content_hash)
    exercise = JournaledSession.create(compiled, 1, journal, wall=fixed_wall)
    exercise.execute(c.Begin())
    clock = Ticks()
    app = ConsoleApp(exercise, clock=clock, wall=fixed_wall, rate=60.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        panel = app.screen.query_one(ClockPanel)
        for _ in range(100):
            clock.now += 1
            panel.tick()
            await pilot.pause()
        events = [{k: v for k, v in e.items() if k != "wall"} for e in exercise.session.events]
        os.write(1, (json.dumps(events) + "\n").encode())  # the app captures sys.stdout
        os.kill(os.getpid(), signal.SIGKILL)  # the clock still running


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
