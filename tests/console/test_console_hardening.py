"""Scenario text is text on the console, never Rich markup; a crash never exits 0 (issue #23).

`tests/hostile/markup.yaml` is the mini scenario with `[/]`, `[bold]` and `[link=x]` in its
cell, actor, variable, task, capability, ending, option, channel and inject texts: as markup
each would crash or restyle the screen (a lone `[/]` raises MarkupError).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from console_support import SEED, compile_file, console, drive, fixed_wall
from textual.pilot import Pilot
from textual.widgets import OptionList

from engine.journal.journaled_session import JournaledSession
from players.cli import build_parser
from players.commands import run as run_command
from players.console.app import ConsoleApp

MARKUP = Path(__file__).resolve().parents[1] / "hostile" / "markup.yaml"


def test_markup_in_every_scenario_text_is_shown_as_written_in_every_dialog(
    tmp_path: Path,
) -> None:
    exercise = JournaledSession.create(
        compile_file(MARKUP), SEED, tmp_path / "j.jsonl", wall=fixed_wall
    )
    app = console(exercise)
    seen: dict[str, list[str]] = {}

    def options(name: str) -> None:
        listing = app.screen.query(OptionList).first()
        seen[name] = [
            str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
        ]

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("enter")  # the briefing, then the first turn
        await pilot.pause()
        await pilot.press("v")  # set a variable
        await pilot.pause()
        options("variables")
        await pilot.press("escape", "t")  # rate a task
        await pilot.pause()
        options("tasks")
        await pilot.press("escape", "c")  # record a choice
        await pilot.pause()
        options("choices")
        await pilot.press("escape")
        await pilot.pause()

    drive(app, steps)
    exercise.close()
    assert app.return_code in (None, 0)
    assert "Public [/] trust = 60" in seen["variables"]
    assert any("Answer the [/] journalist" in prompt for prompt in seen["tasks"])
    assert any("Ignore [/] it" in prompt for prompt in seen["choices"])


def test_the_briefing_shows_a_cell_named_with_markup(tmp_path: Path) -> None:
    exercise = JournaledSession.create(
        compile_file(MARKUP), SEED, tmp_path / "j.jsonl", wall=fixed_wall
    )
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()

    drive(app, steps)
    exercise.close()
    assert app.return_code in (None, 0)


def test_a_console_that_crashes_makes_run_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(self: ConsoleApp) -> None:
        raise RuntimeError("a bug")

    original = ConsoleApp.run

    def headless(self: ConsoleApp, **kwargs: Any) -> Any:
        return original(self, headless=True, **kwargs)

    monkeypatch.setattr(ConsoleApp, "on_mount", crash)
    monkeypatch.setattr(ConsoleApp, "run", headless)
    args = build_parser().parse_args(
        ["run", str(MARKUP), "--seed", str(SEED), "--journal", str(tmp_path / "j.jsonl")]
    )
    assert run_command.run(args) == 1
