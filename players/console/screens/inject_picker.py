"""Pick one inject from a list (for release, hold and cancel)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from players.console.widgets.option_list import StoppingOptionList


class InjectPickerScreen(ModalScreen[str | None]):
    """Returns the chosen inject's id, or None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, choices: list[tuple[str, str]], current: str | None = None
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = choices
        self._current = current

    def compose(self) -> ComposeResult:
        """The title and the injects to pick from."""
        with Vertical(classes="dialog"):
            yield Label(Text(self._title), classes="title")
            yield StoppingOptionList(
                *(Option(Text(label), id=inject) for inject, label in self._choices), id="injects"
            )

    def on_mount(self) -> None:
        """Highlight the current inject (when it is listed) and focus the list."""
        options = self.query_one(OptionList)
        ids = [inject for inject, _ in self._choices]
        if self._current in ids:
            options.highlighted = ids.index(self._current)
        options.focus()

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
