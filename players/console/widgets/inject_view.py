"""One inject drawn as its channel shows it; a long body scrolls."""

from __future__ import annotations

import shlex
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from engine.play.session import Session
from players.console.content import InjectContent, content_of
from players.console.rendering import render_inject
from players.console.widgets.redrawn import Redrawn

PLACEHOLDER = Text("No inject delivered yet.", style="dim italic")


class InjectView(VerticalScroll):
    """Shows one inject; with `facilitator`, its notes and discussion questions too."""

    DEFAULT_CSS = """
    InjectView { height: 1fr; }
    InjectView > Static { height: auto; }
    """

    def __init__(self, *, facilitator: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._facilitator = facilitator
        self.inject: str | None = None

    def compose(self) -> ComposeResult:
        """The inject's body: a placeholder until one is delivered."""
        yield Redrawn(PLACEHOLDER, id="inject-body")

    def show_content(self, content: InjectContent | None) -> None:
        """Draw an inject (or the placeholder), scrolled to the top if it changed."""
        body = self.query_one("#inject-body", Redrawn)
        changed = (content.id if content else None) != self.inject
        self.inject = content.id if content else None
        if content is None:
            body.draw(PLACEHOLDER)
        else:  # drawn from the content: an inject not changed is not parsed again
            body.draw_from(content, lambda: render_inject(content, facilitator=self._facilitator))
        if changed:
            self.scroll_home(animate=False)

    def show_ending(self, session: Session, journal: Path | None) -> None:
        """The ending reached, title and summary in full (to read aloud), and the report's
        command."""
        state = session.state
        ending = next((e for e in session.compiled.scenario.endings if e.id == state.ending), None)
        parts: list[RenderableType] = [
            Text("THE EXERCISE HAS ENDED", style="bold reverse green"),
            Text(ending.title if ending else "No particular ending", style="bold"),
        ]
        if ending is not None and ending.summary.strip():
            parts.append(Text(ending.summary.strip()))
        command = (
            f"wargame report {shlex.quote(str(journal))}" if journal else "wargame report JOURNAL"
        )
        parts.append(
            Text.assemble(
                ("\nThe after-action report: ", "bold"), (f"{command} -o aar.html", "cyan")
            )
        )
        self.inject = None
        self.query_one("#inject-body", Redrawn).draw(Group(*parts))

    def show(self, session: Session, inject: str | None) -> None:
        """Draw `inject` as the session knows it (delivered, or a preview)."""
        known = inject is not None and (
            inject in session.compiled.injects or inject in session.state.adhoc
        )
        self.show_content(content_of(session, inject) if known and inject else None)
