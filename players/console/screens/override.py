"""Override the latest roll: pick another outcome and give the reason."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from engine.format.model import chance_text
from engine.play.commands import OverrideOutcome
from engine.play.events import Record
from engine.play.session import Session
from players.console.screens.form import FormScreen
from players.console.widgets.option_list import StoppingOptionList


class OverrideScreen(FormScreen[OverrideOutcome]):
    """Returns an `OverrideOutcome` for the roll it was opened on."""

    def __init__(self, session: Session, roll: Record) -> None:
        super().__init__()
        self._roll = roll
        decision = session.compiled.decisions[roll["decision"]]
        source = next(o for o in decision.source.options if o.id == roll["option"])
        self._outcomes = source.adjudication.outcomes if source.adjudication else ()
        self._option_label = source.label

    def compose(self) -> ComposeResult:
        """The latest roll, the outcomes it could be changed to, and the reason."""
        roll = self._roll
        with Vertical(classes="dialog"):
            yield Label("Override the latest roll", classes="title")
            yield Label(
                Text(
                    f"{roll['decision']} · {roll['cell']} · {self._option_label}\n"
                    f"d100 = {roll['roll']} → {roll['outcome']}"
                )
            )
            yield StoppingOptionList(
                *(
                    Option(
                        f"{outcome.label or outcome.id} ({chance_text(outcome.chance)})"
                        + ("  ← rolled" if outcome.id == roll["outcome"] else ""),
                        id=outcome.id,
                        disabled=outcome.id == roll["outcome"],
                    )
                    for outcome in self._outcomes
                ),
                id="outcomes",
            )
            yield Input(
                placeholder="Reason for the override (required)", id="reason", classes="last"
            )
            yield Label(
                "Enter: next field · Enter in reason or ctrl+s: override · Esc: cancel",
                classes="hint",
            )

    def on_mount(self) -> None:
        """Highlight the first outcome other than the one rolled and focus the list."""
        options = self.query_one("#outcomes", OptionList)
        others = [i for i, o in enumerate(self._outcomes) if o.id != self._roll["outcome"]]
        options.highlighted = others[0] if others else 0
        options.focus()

    def build(self) -> OverrideOutcome | None:
        """The `OverrideOutcome` for the highlighted outcome; None (warning) for the one rolled."""
        options = self.query_one("#outcomes", OptionList)
        reason = self.query_one("#reason", Input).value.strip()
        if options.highlighted is None or options.get_option_at_index(options.highlighted).disabled:
            self.notify("Pick an outcome other than the one rolled.", severity="warning")
            return None
        if not reason:
            self.notify("An override needs a reason.", severity="warning")
            return None
        outcome = options.get_option_at_index(options.highlighted).id
        assert outcome is not None
        roll = self._roll
        return OverrideOutcome(roll["decision"], roll["cell"], outcome, reason)
