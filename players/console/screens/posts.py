"""Answer the posts the cells wrote at their seats: release one (edited if need be), or return it.

The post's text is in an editor below the list: what the facilitator leaves there is what the
room sees (journaled as `edited` when it differs from the cell's). Ctrl+S or Release releases
the highlighted post; Send back returns it with the word typed under it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from engine.play.commands import Command, ReleasePost, ReturnPost
from engine.play.session import Session
from engine.play.state import PostStatus
from players.console.screens.form import FormScreen


def waiting_posts(session: Session) -> list[tuple[str, str, str]]:
    """The waiting posts as (key, line to show, text), in the order received."""
    scenario = session.compiled.scenario
    cells = {cell.id: cell.name for cell in scenario.cells}
    actors = {actor.id: actor.name for actor in scenario.actors}
    channels = {channel.id: channel.name for channel in scenario.channels}
    rows = []
    for post in session.state.posts.values():
        if post.status is not PostStatus.WAITING:
            continue
        where = f"{cells.get(post.cell, post.cell)} on {channels.get(post.channel, post.channel)}"
        line = f"{where}, as {actors.get(post.actor, post.actor)}: {post.text}"
        rows.append((post.key, line, post.text))
    return rows


class PostsScreen(FormScreen[Command]):
    """Returns `ReleasePost` (Ctrl+S or Release, with the edited text) or `ReturnPost`."""

    DEFAULT_CSS = """
    PostsScreen #post-text { height: 6; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._rows = waiting_posts(session)
        self._texts = {key: text for key, _, text in self._rows}

    def compose(self) -> ComposeResult:
        """The posts waiting, the text the room will read (editable), and the buttons."""
        with Vertical(classes="dialog"):
            yield Label("Posts written at the seats", classes="title")
            yield OptionList(*(Option(line, id=key) for key, line, _ in self._rows), id="waiting")
            yield Label("What the room will read (edit before releasing, if need be):")
            yield TextArea(self._rows[0][2] if self._rows else "", id="post-text")
            yield Input(placeholder="A word for the cell, if you send it back", id="reason")
            with Horizontal(classes="buttons"):
                yield Button("Release", id="save", variant="primary")
                yield Button("Send back", id="send-back")
                yield Button("Close", id="cancel")

    def on_mount(self) -> None:
        """Highlight the first post, if any, and focus the list."""
        options = self.query_one(OptionList)
        if self._rows:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionHighlighted, "#waiting")
    def _show_text(self, event: OptionList.OptionHighlighted) -> None:
        key = event.option.id
        if key is not None:
            self.query_one("#post-text", TextArea).text = self._texts[key]

    def _key(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            self.notify("Pick a post first.", severity="warning")
            return None
        return options.get_option_at_index(options.highlighted).id

    def build(self) -> Command | None:
        """The `ReleasePost` for the highlighted post (its text when edited); None if none is."""
        key = self._key()
        if key is None:
            return None
        text = self.query_one("#post-text", TextArea).text.strip()
        return ReleasePost(key, "" if text == self._texts[key] else text)

    @on(Button.Pressed, "#send-back")
    def _send_back(self) -> None:
        key = self._key()
        if key is not None:
            self.dismiss(ReturnPost(key, self.query_one("#reason", Input).value.strip()))
