"""Rate an objective's core capability overall (P, S, M or U), with who rates it and why.

HSEEP leaves this rating to the evaluation team; until it is set the report proposes one from
the critical tasks' ratings.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from engine.play.commands import RateCapability
from engine.play.evaluation import RATINGS
from engine.play.session import Session
from players.console.screens.form import FormScreen
from players.console.widgets.option_list import StoppingOptionList


class CapabilityScreen(FormScreen[RateCapability]):
    """Returns a `RateCapability`."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._objectives = session.compiled.scenario.objectives
        self._rated = session.state.capability_ratings

    def compose(self) -> ComposeResult:
        """The objectives, the P/S/M/U rating, the evaluator's name and the reasons."""
        with Vertical(classes="dialog"):
            yield Label("Rate a core capability overall", classes="title")
            yield StoppingOptionList(
                *(
                    Option(Text(f"[{self._code(o.id)}] {o.capability}: {o.text}"), id=o.id)
                    for o in self._objectives
                ),
                id="objectives",
            )
            yield StoppingOptionList(
                *(Option(f"{letter}  {text}", id=letter) for letter, text in RATINGS.items()),
                id="rating",
            )
            yield Input(placeholder="Evaluator (your name or the lead evaluator's)", id="evaluator")
            yield Input(
                placeholder="Why (the evaluation team's reasons)", id="reason", classes="last"
            )
            yield Label("Enter: next field · ctrl+s: save · Esc: cancel", classes="hint")

    def _code(self, objective: str) -> str:
        rated = self._rated.get(objective)
        return str(rated["rating"]) if rated else " "

    def on_mount(self) -> None:
        """Highlight the first objective and its rating, and start in the list."""
        self.query_one("#objectives", OptionList).highlighted = 0
        self.query_one("#rating", OptionList).highlighted = 0
        self.query_one("#objectives", OptionList).focus()

    def build(self) -> RateCapability | None:
        """The `RateCapability` the form describes; None (with a warning) while incomplete."""
        objectives = self.query_one("#objectives", OptionList)
        ratings = self.query_one("#rating", OptionList)
        if objectives.highlighted is None or ratings.highlighted is None:
            return None
        return RateCapability(
            self._objectives[objectives.highlighted].id,
            list(RATINGS)[ratings.highlighted],
            reason=self.query_one("#reason", Input).value.strip(),
            evaluator=self.query_one("#evaluator", Input).value.strip(),
        )
