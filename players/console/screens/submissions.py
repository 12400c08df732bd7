"""Answer the choices the cells sent from their seats: accept one, or send it back with a word."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from engine.play.commands import AcceptSubmission, Command, ReturnSubmission
from engine.play.session import Session
from engine.play.state import SubmissionStatus
from players.console.screens.form import FormScreen


def waiting(session: Session) -> list[tuple[str, str]]:
    """The waiting submissions for open decisions as (key, line to show), in the order received."""
    scenario = session.compiled.scenario
    cells = {cell.id: cell.name for cell in scenario.cells}
    rows = []
    for item in session.state.submissions.values():
        if (
            item.status is not SubmissionStatus.WAITING
            or item.decision not in session.state.open_decisions
        ):
            continue
        decision = session.compiled.decisions[item.decision]
        option = decision.options.get(item.option)
        label = option.label if option else item.option
        why = f" — “{item.rationale}”" if item.rationale else ""
        rows.append((item.key, f"{cells.get(item.cell, item.cell)}: {label}{why}"))
    return rows


class SubmissionsScreen(FormScreen[Command]):
    """Returns `AcceptSubmission` (Ctrl+S or Accept) or `ReturnSubmission` (Send back)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._rows = waiting(session)

    def compose(self) -> ComposeResult:
        """The choices sent from the seats, a word for a cell, and the buttons."""
        with Vertical(classes="dialog"):
            yield Label("Choices sent from the seats", classes="title")
            yield OptionList(*(Option(text, id=key) for key, text in self._rows), id="waiting")
            yield Input(placeholder="A word for the cell, if you send it back", id="reason")
            with Horizontal(classes="buttons"):
                yield Button("Accept", id="save", variant="primary")
                yield Button("Send back", id="send-back")
                yield Button("Close", id="cancel")

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(OptionList).focus()

    def _key(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            self.notify("Pick a submission first.", severity="warning")
            return None
        return options.get_option_at_index(options.highlighted).id

    def build(self) -> Command | None:
        """The `AcceptSubmission` for the highlighted choice (None when none is)."""
        key = self._key()
        return AcceptSubmission(key) if key is not None else None

    @on(Button.Pressed, "#send-back")
    def _send_back(self) -> None:
        key = self._key()
        if key is not None:
            self.dismiss(ReturnSubmission(key, self.query_one("#reason", Input).value.strip()))
