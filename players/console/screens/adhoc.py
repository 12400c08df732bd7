"""Write an ad-hoc inject during the exercise: title, text, channel, addressees, notes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from engine.format.model import Scenario
from engine.play.commands import AddInject
from players.console.screens.form import FormScreen


class AdhocScreen(FormScreen[AddInject]):
    """Returns an `AddInject`, delivered at once. ctrl+s sends it."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self._scenario = scenario

    def compose(self) -> ComposeResult:
        """The form: title, the players' text, channel and author, and who it goes to."""
        scenario = self._scenario
        known = [f"{cell.id} ({cell.name})" for cell in scenario.cells] + [
            f"{actor.id} ({actor.name})" for actor in scenario.actors
        ]
        with VerticalScroll(classes="dialog"):
            yield Label("Ad-hoc inject (delivered at once)", classes="title")
            yield Label("Title")
            yield Input(placeholder="Title", id="title")
            yield Label("Text (what the players read)")
            yield TextArea(id="body")
            yield Label("Channel and author")
            yield Select(
                [(Text(f"{ch.name} ({ch.kind.value})"), ch.id) for ch in scenario.channels],
                prompt="Channel",
                id="channel",
            )
            yield Select(
                [(f"{a.name} ({a.role})" if a.role else a.name, a.id) for a in scenario.actors],
                prompt="From (no author)",
                id="sender",
            )
            yield Label("To (cells or actors, comma-separated; empty: the room)")
            yield Input(placeholder="To", id="to")
            yield Static("Known: " + ", ".join(known), classes="hint known")
            yield Label("Facilitator notes")
            yield Input(
                placeholder="Facilitator notes (never shown to players)", id="notes", classes="last"
            )
            yield Label("ctrl+s or Enter in notes: send · Esc: cancel", classes="hint")

    def on_mount(self) -> None:
        """Start in the title."""
        self.query_one("#title", Input).focus()

    def build(self) -> AddInject | None:
        """The `AddInject` the form describes; None (with a warning) while it has no title."""
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.notify("An ad-hoc inject needs a title.", severity="warning")
            return None
        channel = self.query_one("#channel", Select).value
        to = tuple(
            part.strip() for part in self.query_one("#to", Input).value.split(",") if part.strip()
        )
        sender = self.query_one("#sender", Select).value
        return AddInject(
            sender=sender if isinstance(sender, str) else "",
            title=title,
            body=self.query_one("#body", TextArea).text,
            channel=channel if isinstance(channel, str) else "",
            to=to,
            notes=self.query_one("#notes", Input).value.strip(),
        )
