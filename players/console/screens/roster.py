"""The roster: who takes part (name, organisation, cell, role); add, remove, grant an evaluator.

Each evaluator on the roster gets a seat of their own in the room (`wargame seats`). Granting
an evaluator lets their seat show the control notes (inject notes, discussion questions, the
facilitator-only variables and the facilitator's notes); it is journaled, and withdrawn the same
way.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from engine.play.commands import AddParticipant, Command, GrantEvaluator, RemoveParticipant
from engine.play.evaluation import ROLES
from engine.play.session import Session
from players.console.screens.form import FormScreen


def roster_lines(session: Session) -> list[tuple[str, Text]]:
    """Each person on the roster as (name, line to show)."""
    cells = {cell.id: cell.name for cell in session.compiled.scenario.cells}
    rows = []
    for entry in session.state.roster.values():
        parts = [entry["name"], entry["role"]]
        if entry["organisation"]:
            parts.append(entry["organisation"])
        if entry["cell"]:
            parts.append(cells.get(entry["cell"], entry["cell"]))
        if entry["role"] == "evaluator" and entry["name"] in session.state.granted:
            parts.append("sees the control notes")
        rows.append((entry["name"], Text(" · ".join(parts))))
    return rows


class RosterScreen(FormScreen[Command]):
    """Returns `AddParticipant` (Ctrl+S or Add), `RemoveParticipant` or `GrantEvaluator`."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        self._rows = roster_lines(session)

    def compose(self) -> ComposeResult:
        """The roster, and the form that adds a person to it."""
        scenario = self._session.compiled.scenario
        with VerticalScroll(classes="dialog"):
            yield Label(f"The roster ({len(self._rows)} people)", classes="title")
            empty = Option(Text("Nobody yet: add the first person below."), disabled=True)
            people = [Option(line, id=name) for name, line in self._rows]
            yield OptionList(*(people or [empty]), id="people")
            with Horizontal(classes="buttons"):
                yield Button("Remove", id="remove")
                yield Button("Grant / withdraw notes", id="grant")
            yield Label("Add a person (the same name replaces their entry)")
            yield Input(placeholder="Name", id="name")
            yield Input(placeholder="Organisation", id="organisation")
            yield Select(
                [(role, role) for role in ROLES], value="player", id="role", allow_blank=False
            )
            yield Select(
                [(Text(cell.name), cell.id) for cell in scenario.cells], prompt="No cell", id="cell"
            )
            with Horizontal(classes="buttons"):
                yield Button("Add", id="save", variant="primary")
                yield Button("Close", id="cancel")
            yield Label("ctrl+s: add · Esc: close", classes="hint")

    def on_mount(self) -> None:
        """Start in the name field."""
        self.query_one("#name", Input).focus()

    def _highlighted(self) -> str | None:
        people = self.query_one("#people", OptionList)
        if people.highlighted is None or not self._rows:
            self.notify("Pick a person in the list first.", severity="warning")
            return None
        return str(people.get_option_at_index(people.highlighted).id)

    def build(self) -> Command | None:
        """The `AddParticipant` the form describes; None (with a warning) without a name."""
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.notify("A person needs a name.", severity="warning")
            return None
        cell = self.query_one("#cell", Select).value
        return AddParticipant(
            name,
            organisation=self.query_one("#organisation", Input).value.strip(),
            cell=cell if isinstance(cell, str) else "",
            role=str(self.query_one("#role", Select).value),
        )

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        name = self._highlighted()
        if name is not None:
            self.dismiss(RemoveParticipant(name))

    @on(Button.Pressed, "#grant")
    def _grant(self) -> None:
        name = self._highlighted()
        if name is None:
            return
        if self._session.state.roster[name]["role"] != "evaluator":
            self.notify(f"{name} is not an evaluator.", severity="warning")
            return
        self.dismiss(GrantEvaluator(name, granted=name not in self._session.state.granted))
