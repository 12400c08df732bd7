"""The facilitator console: cold start to the first screen, and key-to-update latency.

`run()` returns `console cold start s` (a fresh interpreter that imports the console, opens
the flagship headless and exits at the first screen: wall time of the whole subprocess) and
`console key-to-update median ms` (in-process: from a key's action to the redrawn screen,
journal write and fsync included, without the pilot's own idle waits).
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_COLD = """
import asyncio, sys
from pathlib import Path
from players.console.app import ConsoleApp
from players.console.launch import open_new

async def main():
    opened = open_new(None, 1, Path(sys.argv[1]))
    app = ConsoleApp(opened.exercise)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    opened.exercise.close()

asyncio.run(main())
"""


def cold_start(journal: Path) -> float:
    """Seconds from launching a fresh interpreter to the console's first screen and exit."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _COLD, str(journal)], cwd=ROOT, check=True)
    return time.perf_counter() - started


async def key_latencies(folder: Path, presses: int) -> list[float]:
    """Seconds from each `+` key's action to the redrawn screen, on the flagship."""
    from players.console.app import ConsoleApp
    from players.console.launch import open_new
    from players.console.screens.main import MainScreen

    opened = open_new(None, 1, folder / "warm.jsonl")
    app = ConsoleApp(opened.exercise, clock=lambda: 0.0)
    timings: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        for _ in range(presses):
            started = time.perf_counter()
            screen.action_advance_clock()  # what `+` runs: execute (fsync), then redraw
            await pilot.pause(0)  # let the redraw's messages run
            timings.append(time.perf_counter() - started)
    opened.exercise.close()
    return timings


async def clock_ticks(folder: Path, ticks: int) -> list[float]:
    """Seconds each tick of the running clock takes (x60, a real second a tick), redraw included.

    A tick runs between two keys on the event loop, so this is the most a key waits for it.
    """
    from players.console.app import ConsoleApp
    from players.console.launch import open_new
    from players.console.screens.main import MainScreen
    from players.console.widgets.scenario_clock import ClockPanel

    opened = open_new(None, 1, folder / "clock.jsonl")
    now = [0.0]
    app = ConsoleApp(opened.exercise, clock=lambda: now[0], rate=60)
    timings: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        panel = screen.query_one(ClockPanel)
        for _ in range(ticks):
            now[0] += 1.0
            started = time.perf_counter()
            panel.tick()  # what the interval timer runs; a reached stop is journaled (fsync)
            await pilot.pause(0)
            timings.append(time.perf_counter() - started)
    opened.exercise.close()
    return timings


async def key_latencies_while_computing(folder: Path, presses: int) -> tuple[list[float], int]:
    """Seconds from each key's action to the redrawn screen while decision support computes.

    At the flagship's first decision, with the odds worker on: each `+` changes the state, so
    the worker is killed and started again on the new state; the keys come 0.6 s apart, so
    they land while the worker computes (it starts 0.25 s after a change and takes longer).
    Returns the timings and how many keys found the worker busy.
    """
    from players.console.app import ConsoleApp
    from players.console.launch import open_new
    from players.console.screens.main import MainScreen
    from players.console.widgets.odds import OddsPanel

    opened = open_new(None, 1, folder / "odds.jsonl")
    app = ConsoleApp(opened.exercise, clock=lambda: 0.0, decision_support=True)
    timings: list[float] = []
    busy = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause(1.5)  # the first computation under way
        screen = app.screen
        assert isinstance(screen, MainScreen)
        panel = screen.query_one(OddsPanel)
        for _ in range(presses):
            worker = panel.worker
            busy += bool(worker is not None and worker.busy)
            started = time.perf_counter()
            screen.action_advance_clock()
            await pilot.pause(0)
            timings.append(time.perf_counter() - started)
            await pilot.pause(0.6)
    opened.exercise.close()
    return timings, busy


async def msel_latencies_while_computing(folder: Path, presses: int) -> tuple[list[float], int]:
    """Seconds from each MSEL cursor key to the redrawn screen while the odds are computed.

    The cursor writes nothing to the journal (no fsync) and changes no state (the worker goes
    on computing), so this is the console's own work competing with the worker's. Returns the
    timings and how many keys found the worker busy.
    """
    from players.console.app import ConsoleApp
    from players.console.launch import open_new
    from players.console.widgets.msel import MselTable
    from players.console.widgets.odds import OddsPanel

    opened = open_new(None, 1, folder / "msel.jsonl")
    app = ConsoleApp(opened.exercise, clock=lambda: 0.0, decision_support=True)
    timings: list[float] = []
    busy = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.5)  # the debounce is over: the worker computes
        panel = app.screen.query_one(OddsPanel)
        msel = app.screen.query_one(MselTable)
        for number in range(presses):
            worker = panel.worker
            busy += bool(worker is not None and worker.busy)
            started = time.perf_counter()
            if number % 10 < 5:
                msel.action_cursor_down()
            else:
                msel.action_cursor_up()
            await pilot.pause(0)
            timings.append(time.perf_counter() - started)
            await pilot.pause(0.05)
    opened.exercise.close()
    return timings, busy


def run() -> dict[str, float]:
    """Measure; print nothing (bench/__main__ prints the table)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cold = min(cold_start(folder / f"cold{n}.jsonl") for n in range(3))
        timings = asyncio.run(key_latencies(folder, 40))
        ticks = asyncio.run(clock_ticks(folder, 120))
        computing, busy = asyncio.run(key_latencies_while_computing(folder, 25))
        cursor, cursor_busy = asyncio.run(msel_latencies_while_computing(folder, 20))
    return {
        "console clock tick median ms": statistics.median(ticks) * 1000,
        "console clock tick max ms": max(ticks) * 1000,
        "console MSEL key while odds compute median ms": statistics.median(cursor) * 1000,
        "console MSEL keys that found the odds worker busy": float(cursor_busy),
        "console key-to-update while odds compute median ms": statistics.median(computing) * 1000,
        "console keys that found the odds worker busy": float(busy),
        "console cold start s": cold,
        "console key-to-update median ms": statistics.median(timings) * 1000,
        "console key-to-update p95 ms": sorted(timings)[int(len(timings) * 0.95) - 1] * 1000,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<40} {value:10.3f}")
