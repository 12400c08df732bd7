"""Helpers for the console's tests (and the crash driver): the mini scenario, fixed clocks."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import yaml
from rich.console import Console as RichConsole
from textual.pilot import Pilot
from textual.widgets import Static

from engine.format.canonical import content_hash
from engine.format.model import Scenario
from engine.journal.journaled_session import JournaledSession
from engine.play.compiled import CompiledScenario, compile_scenario
from players.console.app import ConsoleApp

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
SEED = 7


def fixed_wall() -> datetime:
    """The wall clock the tests' journals see."""
    return datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def frozen_clock() -> float:
    """The console's timer clock in tests: time stands still, so the timer shows 00:00."""
    return 0.0


def compile_file(path: Path) -> CompiledScenario:
    """A single-file scenario, validated and compiled (without the loader's extra checks)."""
    scenario = Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return compile_scenario(scenario, content_hash(scenario))


def compile_data(data: dict[str, object]) -> CompiledScenario:
    """A scenario given as data, validated and compiled."""
    scenario = Scenario.model_validate(data)
    return compile_scenario(scenario, content_hash(scenario))


def plain(widget: Static, width: int = 200) -> str:
    """A Static widget's content as plain text (Rich renderables included)."""
    out = RichConsole(width=width, record=True, file=io.StringIO())
    out.print(widget.content)
    return out.export_text()


def console(exercise: JournaledSession, *, decision_support: bool = False) -> ConsoleApp:
    """The console on an exercise, with its timer frozen (and no odds worker unless asked)."""
    return ConsoleApp(
        exercise, clock=frozen_clock, wall=fixed_wall, decision_support=decision_support
    )


def drive(
    app: ConsoleApp,
    steps: Callable[[Pilot[None]], Awaitable[None]],
    size: tuple[int, int] = (120, 40),
) -> None:
    """Run the app headless at `size` and play `steps` on it (no asyncio plugin needed)."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(main())
