"""The evaluators' ratings side by side, per critical task, and settling the one that counts.

Each row is a task with every evaluator's rating by name and the rating it counts with now
(`engine.play.evaluation.counted_rating`: settled, agreed, or the lower one while evaluators
differ). Settling journals the facilitator's or the lead evaluator's rating: the one the report
rates with.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from engine.play.commands import SettleRating
from engine.play.evaluation import RATINGS
from engine.play.session import Session
from players.console.screens.form import FormScreen
from players.console.widgets.objectives import side_by_side
from players.console.widgets.option_list import StoppingOptionList


class EvaluationsScreen(FormScreen[SettleRating]):
    """Returns a `SettleRating` for the highlighted task."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._tasks = [
            (objective.id, task.id, task.text)
            for objective in session.compiled.scenario.objectives
            for task in objective.critical_tasks
        ]
        self._session = session

    def compose(self) -> ComposeResult:
        """Every rated task with each evaluator's rating side by side, and the settle form."""
        with Vertical(classes="dialog evaluations"):
            yield Label("Ratings side by side: settle the one that counts", classes="title")
            yield StoppingOptionList(
                *(
                    Option(
                        Text.assemble(
                            Text(text, style="bold"),
                            "\n  ",
                            side_by_side(self._session, objective, task)
                            or Text("not rated yet", style="dim"),
                        ),
                        id=f"{objective}|{task}",
                    )
                    for objective, task, text in self._tasks
                ),
                id="tasks",
            )
            yield StoppingOptionList(
                *(Option(f"{letter}  {text}", id=letter) for letter, text in RATINGS.items()),
                id="rating",
            )
            yield Input(placeholder="Settled by (the lead evaluator; blank: you)", id="settled_by")
            yield Input(placeholder="Why (optional)", id="reason", classes="last")
            yield Label("Enter: next field · ctrl+s: settle · Esc: close", classes="hint")

    def on_mount(self) -> None:
        """Highlight the first task and start in the list."""
        self.query_one("#tasks", OptionList).highlighted = 0
        self.query_one("#rating", OptionList).highlighted = 0
        self.query_one("#tasks", OptionList).focus()

    def build(self) -> SettleRating | None:
        """The `SettleRating` the form describes; None (with a warning) while incomplete."""
        tasks = self.query_one("#tasks", OptionList)
        ratings = self.query_one("#rating", OptionList)
        if tasks.highlighted is None or ratings.highlighted is None:
            return None
        objective, task, _ = self._tasks[tasks.highlighted]
        return SettleRating(
            objective,
            task,
            list(RATINGS)[ratings.highlighted],
            settled_by=self.query_one("#settled_by", Input).value.strip(),
            reason=self.query_one("#reason", Input).value.strip(),
        )
