"""Record a cell's choice: the options (unavailable ones disabled) and the rationale."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from engine.play.commands import RecordChoice
from engine.play.session import Session
from players.console.names import Names
from players.console.screens.form import FormScreen
from players.console.widgets.option_list import StoppingOptionList


class ChoiceScreen(FormScreen[RecordChoice]):
    """Returns a `RecordChoice` for one of the (decision, cell) pairs waiting for a choice."""

    def __init__(self, session: Session, pending: list[tuple[str, str]]) -> None:
        super().__init__()
        self._session = session
        self._pending = pending
        self._pair = pending[0]

    def compose(self) -> ComposeResult:
        """The decision's prompt and options, the rationale, and whose choice is recorded."""
        names = Names(self._session.compiled.scenario)
        cells = names.cells
        with Vertical(classes="dialog"):
            yield Label("Record a choice", classes="title")
            yield Label("", id="prompt")
            yield StoppingOptionList(id="options")
            yield Input(placeholder="Why? (the cell's rationale)", id="rationale", classes="last")
            if len(self._pending) > 1:
                yield Label("Waiting (change to record another cell's choice):")
                yield Select(
                    [
                        (
                            Text(f"{cells.get(cell, cell)} · {names.of('decision', decision)}"),
                            f"{decision}|{cell}",
                        )
                        for decision, cell in self._pending
                    ],
                    value=f"{self._pending[0][0]}|{self._pending[0][1]}",
                    allow_blank=False,
                    id="pair",
                )
            yield Label(
                "Enter: next field · Enter in rationale or ctrl+s: record · Esc: cancel",
                classes="hint",
            )

    def on_mount(self) -> None:
        """Show the first decision and cell waiting; focus the options."""
        self._show_pair()
        self.query_one("#options", OptionList).focus()

    def _show_pair(self) -> None:
        decision, cell = self._pair
        compiled = self._session.compiled.decisions[decision]
        cells = {item.id: item.name for item in self._session.compiled.scenario.cells}
        self.query_one("#prompt", Label).update(
            Text(f"{compiled.source.prompt}\nfor: {cells.get(cell, cell)}")
        )
        options = self.query_one("#options", OptionList)
        options.clear_options()
        names = Names(self._session.compiled.scenario)
        conditions = {option.id: option.when for option in compiled.source.options}
        for option, available in self._session.options(decision):
            label = option.label + ("  (rolled)" if option.outcomes else "")
            if not available:
                when = conditions.get(option.id)
                label += f"  ✗ needs: {names.condition(when)}" if when else "  ✗ unavailable"
            options.add_option(Option(Text(label), id=option.id, disabled=not available))
        first = next(
            (index for index, (_, ok) in enumerate(self._session.options(decision)) if ok), None
        )
        options.highlighted = first

    @on(Select.Changed, "#pair")
    def _pair_changed(self, event: Select.Changed) -> None:
        decision, cell = str(event.value).split("|", 1)
        self._pair = (decision, cell)
        self._show_pair()

    def build(self) -> RecordChoice | None:
        """The `RecordChoice` for the highlighted option; None (with a warning) if unavailable."""
        options = self.query_one("#options", OptionList)
        index = options.highlighted
        if index is None or options.get_option_at_index(index).disabled:
            self.notify("Pick an available option first.", severity="warning")
            return None
        option = options.get_option_at_index(index).id
        assert option is not None
        decision, cell = self._pair
        rationale = self.query_one("#rationale", Input).value.strip()
        return RecordChoice(decision, cell, option, rationale)
