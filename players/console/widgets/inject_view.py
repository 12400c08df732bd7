"""One inject drawn as its channel shows it; a long body scrolls."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from engine.play.session import Session
from players.console.content import InjectContent, content_of
from players.console.rendering import render_inject


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
        yield Static(Text("No inject delivered yet.", style="dim italic"), id="inject-body")

    def show_content(self, content: InjectContent | None) -> None:
        """Draw an inject (or the placeholder), scrolled to the top if it changed."""
        body = self.query_one("#inject-body", Static)
        changed = (content.id if content else None) != self.inject
        self.inject = content.id if content else None
        if content is None:
            body.update(Text("No inject delivered yet.", style="dim italic"))
        else:
            body.update(render_inject(content, facilitator=self._facilitator))
        if changed:
            self.scroll_home(animate=False)

    def show(self, session: Session, inject: str | None) -> None:
        """Draw `inject` as the session knows it (delivered, or a preview)."""
        known = inject is not None and (
            inject in session.compiled.injects or inject in session.state.adhoc
        )
        self.show_content(content_of(session, inject) if known and inject else None)
