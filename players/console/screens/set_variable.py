"""Set a variable by hand: pick it, type the new value, give the reason."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from engine.format.model import Variable, VariableType
from engine.play.commands import SetVariable
from engine.play.session import Session
from players.console.screens.form import FormScreen
from players.console.widgets.option_list import StoppingOptionList

TRUE_WORDS = {"true", "yes", "y", "1", "on"}
FALSE_WORDS = {"false", "no", "n", "0", "off"}


def parse_value(variable: Variable, text: str) -> int | bool | str:
    """The typed value of `text` for `variable`.

    Raises:
        ValueError: the text does not fit the variable's type (the message says what would).
    """
    text = text.strip()
    if variable.type is VariableType.INT:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{variable.id} takes a whole number") from None
    if variable.type is VariableType.BOOL:
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise ValueError(f"{variable.id} takes true or false")
    return text


class SetVariableScreen(FormScreen[SetVariable]):
    """Returns a `SetVariable` (the engine checks bounds and allowed values)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._variables = list(session.compiled.scenario.variables)
        self._values = dict(session.state.values)

    def compose(self) -> ComposeResult:
        """The variables with their values, the new value and the reason."""
        with Vertical(classes="dialog"):
            yield Label("Set a variable", classes="title")
            yield StoppingOptionList(
                *(
                    Option(Text(f"{v.label or v.id} = {self._values.get(v.id)!s}"), id=v.id)
                    for v in self._variables
                ),
                id="variables",
            )
            yield Input(placeholder="New value", id="value")
            yield Input(placeholder="Reason (required)", id="reason", classes="last")
            yield Label(
                "Enter: next field · Enter in reason or ctrl+s: set · Esc: cancel", classes="hint"
            )

    def on_mount(self) -> None:
        """Highlight and focus the first variable."""
        self.query_one("#variables", OptionList).highlighted = 0
        self.query_one("#variables", OptionList).focus()

    def build(self) -> SetVariable | None:
        """The `SetVariable` typed; None (with a warning) for a bad value or no reason."""
        index = self.query_one("#variables", OptionList).highlighted
        if index is None:
            return None
        variable = self._variables[index]
        try:
            value = parse_value(variable, self.query_one("#value", Input).value)
        except ValueError as error:
            self.notify(str(error), severity="warning", markup=False)
            return None
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.notify("Setting a variable needs a reason.", severity="warning")
            return None
        return SetVariable(variable.id, value, reason)
