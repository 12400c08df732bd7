"""The console shows what authors wrote for the room: the glossary, where tasks are exercised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from console_support import MINI, SEED, compile_data, console, drive, fixed_wall
from rich.console import Group
from textual.pilot import Pilot
from textual.widgets import Static

from engine.journal.journaled_session import JournaledSession
from players.console.screens.help import HelpScreen
from players.console.widgets.objectives import objectives_renderable


def _mini_with(**more: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    task = data["objectives"][0]["critical_tasks"][0]
    task["injects"] = ["i_post"]
    task["decisions"] = [data["injects"][0]["decision"]["id"]]
    return {**data, **more}


def test_the_help_screen_lists_the_scenarios_glossary(tmp_path: Path) -> None:
    glossary = [
        {"term": "PAO", "meaning": "Public Affairs Officer"},
        {"term": "[bold]OPSEC[/]", "meaning": "Operations security"},
    ]
    compiled = compile_data(_mini_with(glossary=glossary))
    exercise = JournaledSession.create(compiled, SEED, tmp_path / "j.jsonl", wall=fixed_wall)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#glossary", Static).content
        cells = [str(cell) for column in table.columns for cell in column.cells]  # type: ignore[union-attr]
        assert cells == ["[bold]OPSEC[/]", "PAO", "Operations security", "Public Affairs Officer"]

    drive(app, steps)


def test_the_objectives_panel_says_where_each_linked_task_is_exercised(tmp_path: Path) -> None:
    compiled = compile_data(_mini_with())
    exercise = JournaledSession.create(compiled, SEED, tmp_path / "j.jsonl", wall=fixed_wall)
    text = objectives_renderable(exercise.session)
    assert isinstance(text, Group)
    lines = [str(part) for part in text.renderables]
    title = compiled.injects["i_post"].source.title
    prompt = compiled.injects["i_post"].source.decision.prompt  # type: ignore[union-attr]
    assert f"     look at: {title}; {prompt}" in lines
