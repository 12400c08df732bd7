"""The players' view: follows a live journal read-only and shows what the players may see.

It re-reads the journal about twice a second (only when the file changed) and replays it, so
it never writes anything and can run on a second screen or machine. It shows the current
inject without facilitator notes or questions, the `visibility: players` variables, the clock,
the turn and the phase. With a cell, injects addressed to that cell are shown too; the room's
view (no cell) shows only injects for everyone.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from engine.audience import Audience, inbox
from engine.errors import JournalError, UserError
from engine.journal.journaled_session import journal_scenario
from engine.journal.record_ids import check_record_ids
from engine.journal.store import read_journal
from engine.play.compiled import CompiledScenario
from engine.play.session import Session
from players.console.content import content_for, content_of
from players.console.presenting import presentations, presented
from players.console.widgets.banner import ClassificationBanner
from players.console.widgets.inject_view import InjectView
from players.console.widgets.situation import SituationPanel, phase_label

HISTORY = 8


class ViewerApp(App[None]):
    """The read-only players' view of one journal."""

    CSS_PATH = "viewer.tcss"
    TITLE = "wargame view"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (App declares it an instance variable)

    def __init__(self, journal: Path, *, cell: str | None = None, poll: float = 0.5) -> None:
        """Open the journal's header at once, so a bad journal or cell fails before the UI.

        Raises:
            JournalError: the journal cannot be read.
            UserError: the scenario has no such cell.
        """
        super().__init__()
        self.journal = journal
        self.cell = cell
        self._poll_every = poll
        contents = read_journal(journal)
        self.compiled: CompiledScenario = journal_scenario(contents)
        self.seed = int(contents.header["seed"])
        cells = {item.id: item.name for item in self.compiled.scenario.cells}
        if cell is not None and cell not in cells:
            raise UserError(f"no cell {cell!r} in this scenario; its cells are {', '.join(cells)}")
        self.audience = cells[cell] if cell else "the room"
        self.session: Session | None = None
        self._stamp: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        """Banner and status; the current inject beside the situation and the earlier injects."""
        yield ClassificationBanner(self.compiled.scenario.classification)
        yield Static(id="viewer-status")
        with Horizontal(id="viewer-body"):
            yield InjectView(facilitator=False, id="viewer-inject")
            with VerticalScroll(id="viewer-side"):
                yield SituationPanel(
                    lambda: 0.0,
                    0,
                    players_only=True,
                    cell=self.cell,
                    show_timer=False,
                    id="viewer-situation",
                )
                yield Static(id="viewer-history")

    def on_mount(self) -> None:
        """Title the page and the panels, then draw from the journal."""
        self.title = self.compiled.scenario.title
        self.query_one("#viewer-inject").border_title = "Current inject"
        self.query_one("#viewer-situation").border_title = "Situation"
        self.query_one("#viewer-history").border_title = "Earlier"
        self.refresh_from_journal()
        self.set_interval(self._poll_every, self.refresh_from_journal)

    def refresh_from_journal(self) -> None:
        """Replay the journal if it changed since the last look, then redraw."""
        try:
            stat = self.journal.stat()
        except OSError:
            return
        stamp = (stat.st_size, stat.st_mtime_ns)
        if stamp == self._stamp:
            return
        try:
            contents = read_journal(self.journal)
            check_record_ids(self.compiled, contents)
            session = Session.replay(self.compiled, self.seed, contents.records)
        except (JournalError, KeyError, ValueError, TypeError):
            return  # mid-write or damaged: keep showing the last good state
        self._stamp = stamp
        self.session = session
        self.show(session)

    def show(self, session: Session) -> None:
        """Draw what this audience may see."""
        status = Text.assemble(
            (self.compiled.scenario.title, "bold"),
            "  ·  ",
            phase_label(session),
            "  ·  ",
            (f"view: {self.audience}", "italic"),
        )
        self.query_one("#viewer-status", Static).update(status)
        audience = Audience.of_cell(self.cell) if self.cell else Audience.room()
        injects = inbox(session, audience)
        current = presented(session, lambda inject: inject in injects) or (
            injects[-1] if injects and not presentations(session) else None
        )
        view = self.query_one(InjectView)
        view.show_content(content_for(session, current, audience) if current else None)
        self.query_one(SituationPanel).show(session)
        before = injects[: injects.index(current)] if current in injects else injects
        earlier = [content_of(session, inject).title for inject in before[-HISTORY:]]
        lines = [Text(f"• {title}", overflow="ellipsis") for title in reversed(earlier)]
        self.query_one("#viewer-history", Static).update(
            Group(*lines) if lines else Text("Nothing earlier.", style="dim italic")
        )
