"""End the exercise now: pick an ending, or none, and say why."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from engine.format.model import Scenario
from engine.play.commands import EndExercise
from players.console.screens.form import FormScreen
from players.console.widgets.option_list import StoppingOptionList

NO_ENDING = "__none__"


class EndScreen(FormScreen[EndExercise]):
    """Returns an `EndExercise`; the exercise then goes to the hotwash."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self._scenario = scenario

    def compose(self) -> ComposeResult:
        """The endings to pick from (or none in particular) and the reason."""
        with Vertical(classes="dialog"):
            yield Label("End the exercise now?", classes="title")
            yield StoppingOptionList(
                Option("No particular ending", id=NO_ENDING),
                *(Option(Text(ending.title), id=ending.id) for ending in self._scenario.endings),
                id="endings",
            )
            yield Input(placeholder="Reason (optional)", id="reason", classes="last")
            yield Label(
                "Enter: next field · Enter in reason or ctrl+s: end · Esc: cancel", classes="hint"
            )

    def on_mount(self) -> None:
        """Highlight the first entry (no particular ending) and focus the list."""
        options = self.query_one("#endings", OptionList)
        options.highlighted = 0
        options.focus()

    def build(self) -> EndExercise | None:
        """The `EndExercise` for the highlighted ending and the reason typed."""
        options = self.query_one("#endings", OptionList)
        index = options.highlighted or 0
        chosen = options.get_option_at_index(index).id
        reason = self.query_one("#reason", Input).value.strip()
        return EndExercise(None if chosen == NO_ENDING else chosen, reason)
