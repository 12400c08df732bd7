"""Rate a critical task: pick the task, the rating (P, S, M, U) and write the observation."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from engine.play.commands import RateTask
from engine.play.evaluation import counted_rating
from engine.play.session import RATINGS, Session
from players.console.screens.form import FormScreen
from players.console.widgets.option_list import StoppingOptionList


class RatingScreen(FormScreen[RateTask]):
    """Returns a `RateTask`."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._tasks = [
            (objective.id, task.id, f"{objective.capability}: {task.text}")
            for objective in session.compiled.scenario.objectives
            for task in objective.critical_tasks
        ]
        self._state = session.state

    def compose(self) -> ComposeResult:
        """The critical tasks, the P/S/M/U ratings, and the observation behind the rating."""
        with Vertical(classes="dialog"):
            yield Label("Rate a critical task", classes="title")
            yield StoppingOptionList(
                *(
                    Option(
                        Text(f"[{self._rated(objective, task)}] {label}"), id=f"{objective}|{task}"
                    )
                    for objective, task, label in self._tasks
                ),
                id="tasks",
            )
            yield StoppingOptionList(
                *(Option(f"{letter}  {text}", id=letter) for letter, text in RATINGS.items()),
                id="rating",
            )
            yield Input(placeholder="Observation", id="observation", classes="last")
            yield Input(
                placeholder="Evaluator's name (blank: you, the facilitator)",
                id="evaluator",
                classes="last",
            )
            yield Label(
                "Enter: next field · Enter in observation or ctrl+s: save · "
                "Tab: the evaluator's name · Esc: cancel",
                classes="hint",
            )

    def _rated(self, objective: str, task: str) -> str:
        counted = counted_rating(self._state, objective, task)
        return counted.code if counted else " "

    def on_mount(self) -> None:
        """Highlight the first task and rating; focus the tasks."""
        self.query_one("#tasks", OptionList).highlighted = 0
        self.query_one("#rating", OptionList).highlighted = 0
        self.query_one("#tasks", OptionList).focus()

    def build(self) -> RateTask | None:
        """The `RateTask` for the highlighted task and rating (None until both are highlighted)."""
        tasks = self.query_one("#tasks", OptionList)
        ratings = self.query_one("#rating", OptionList)
        if tasks.highlighted is None or ratings.highlighted is None:
            return None
        objective, task, _ = self._tasks[tasks.highlighted]
        rating = list(RATINGS)[ratings.highlighted]
        observation = self.query_one("#observation", Input).value.strip()
        evaluator = self.query_one("#evaluator", Input).value.strip()
        return RateTask(objective, task, rating, observation, evaluator=evaluator)
