"""Drive the console headless, print every acknowledged event, then die by SIGKILL.

Run by test_crash_resume.py in a subprocess: `python crash_driver.py SCENARIO JOURNAL`.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from console_support import SEED, compile_file, fixed_wall, frozen_clock

from engine.journal.journaled_session import JournaledSession
from players.console.app import ConsoleApp


async def main(scenario: Path, journal: Path) -> None:
    exercise = JournaledSession.create(compile_file(scenario), SEED, journal, wall=fixed_wall)
    app = ConsoleApp(exercise, clock=frozen_clock, wall=fixed_wall)
    async with app.run_test(size=(120, 40)) as pilot:
        keys = ["enter", "c", "down", "enter", *"quick", "enter", "m", *"noted", "enter", "n"]
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        # Every event below was returned by execute, so it was fsync'd: acknowledged.
        events = [{k: v for k, v in e.items() if k != "wall"} for e in exercise.session.events]
        os.write(1, (json.dumps(events) + "\n").encode())  # the app captures sys.stdout
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
