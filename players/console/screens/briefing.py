"""The briefing: the scenario's title, summary, objectives and who plays which cell."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from engine.format.model import Scenario
from engine.play.commands import Begin
from players.console.keys import BRIEFING_KEYS
from players.console.widgets.banner import ClassificationBanner

if TYPE_CHECKING:
    from players.console.app import ConsoleApp


def briefing_renderable(scenario: Scenario) -> RenderableType:
    """The briefing's text: every section, with a placeholder for an empty one."""
    parts: list[RenderableType] = [Text(scenario.title, style="bold underline"), Text()]
    facts = [
        ("Mission area", scenario.mission_area),
        ("Threat", scenario.threat),
        ("Turns", f"{scenario.turns.count} × {scenario.turns.length}, from {scenario.turns.start}"),
    ]
    for label, value in facts:
        if value:
            parts.append(Text.assemble((f"{label}: ", "bold"), value))
    parts.append(Text())
    parts.append(Markdown(scenario.summary or "_No summary._"))
    parts.append(Text("\nObjectives", style="bold reverse"))
    if not scenario.objectives:
        parts.append(Text("No objectives.", style="dim italic"))
    for objective in scenario.objectives:
        parts.append(
            Text.assemble(("• ", "bold"), (objective.capability, "bold"), ": ", objective.text)
        )
    parts.append(Text("\nCells", style="bold reverse"))
    table = Table(expand=True, show_lines=False)
    table.add_column("Cell", style="bold", ratio=2)
    table.add_column("Side")
    table.add_column("Plays", ratio=3)
    for cell in scenario.cells:
        actors = [a.name for a in scenario.actors if a.cell == cell.id]
        table.add_row(Text(cell.name), cell.side.value, Text(", ".join(actors) or "—"))
    parts.append(table)
    return Group(*parts)


class BriefingScreen(Screen[None]):
    """Read out before the first turn; Enter or `b` begins the exercise."""

    BINDINGS: ClassVar[list[BindingType]] = list(BRIEFING_KEYS)

    @property
    def console(self) -> ConsoleApp:
        """The console app this screen belongs to."""
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        """The classification banner, the scenario's briefing and the footer."""
        scenario = self.console.exercise.session.compiled.scenario
        yield ClassificationBanner(scenario.classification)
        with VerticalScroll(id="briefing"):
            yield Static(briefing_renderable(scenario), id="briefing-text")
        yield Footer()

    def action_begin(self) -> None:
        """Start turn 1 and go to the main screen."""
        from players.console.screens.main import MainScreen

        if self.console.execute(Begin()):
            self.app.switch_screen(MainScreen())
