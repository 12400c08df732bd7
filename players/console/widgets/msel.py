"""The MSEL: every inject in scenario order with when it is due and where it stands."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from engine.model import Inject
from engine.session import Session
from engine.state import InjectStatus

STATUS_STYLES = {
    InjectStatus.PENDING: "",
    InjectStatus.SCHEDULED: "cyan",
    InjectStatus.DELIVERED: "green",
    InjectStatus.HELD: "bold yellow",
    InjectStatus.CANCELLED: "dim strike",
}


WHEN_WIDTH = 14
STATUS_WIDTH = 9
"""As wide as the longest status ("delivered", "scheduled", "cancelled")."""
CHANNEL_WIDTH = 18
MIN_TITLE_WIDTH = 16


def _cell(text: str, style: str = "") -> Text:
    return Text(text, style=style, overflow="ellipsis", no_wrap=True)


def trigger_of(inject: Inject) -> str:
    """When an inject is due, in a few characters."""
    parts = []
    if inject.turn is not None:
        parts.append(f"T{inject.turn}")
    if inject.time is not None:
        parts.append(inject.time)
    if inject.after is not None:
        parts.append(f"after {inject.after}" + (f"+{inject.delay}" if inject.delay != "0m" else ""))
    if inject.when is not None:
        parts.append("when …")
    if not parts:
        parts.append("release")
    return " ".join(parts)


class MselTable(DataTable[Text | str]):
    """The timeline of injects; selecting a row tells the screen to show that inject."""

    class InjectSelected(Message):
        """The facilitator picked an inject in the MSEL."""

        def __init__(self, inject: str) -> None:
            self.inject = inject
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._session: Session | None = None

    def on_resize(self) -> None:
        if self._session is not None:
            self.show(self._session)

    def show(self, session: Session) -> None:
        """Redraw every row from the session's state, keeping the cursor where it was.

        The columns are fitted to the width: the inject's title takes what the others leave,
        so it is never scrolled out of sight (long texts end in an ellipsis).
        """
        self._session = session
        row = self.cursor_row
        state = session.state
        channels = {channel.id: channel.name for channel in session.compiled.scenario.channels}
        rows: list[tuple[str, str, InjectStatus, str, str]] = [
            (
                inject.id,
                trigger_of(inject),
                state.status_of(inject.id),
                channels.get(inject.channel, inject.channel),
                inject.title,
            )
            for inject in session.compiled.scenario.injects
        ]
        adhoc = [
            (
                key,
                "ad hoc",
                InjectStatus.DELIVERED,
                channels.get(str(f.get("channel")), "—"),
                str(f.get("title", "")),
            )
            for key, f in state.adhoc.items()
        ]
        when_width = min(WHEN_WIDTH, max((len(r[1]) for r in rows + adhoc), default=4))
        channel_width = min(CHANNEL_WIDTH, max((len(r[3]) for r in rows + adhoc), default=7))
        fixed = when_width + STATUS_WIDTH + channel_width + 8 * self.cell_padding
        room = self.scrollable_content_region.width - fixed
        self.clear(columns=True)
        self.add_column("When", key="when", width=when_width)
        self.add_column("Status", key="status", width=STATUS_WIDTH)
        self.add_column("Channel", key="channel", width=channel_width)
        self.add_column(
            "Inject", key="title", width=max(MIN_TITLE_WIDTH, room) if room > 0 else None
        )
        for key, when, status, channel, title in rows:
            style = STATUS_STYLES[status]
            self.add_row(
                _cell(when),
                _cell(status.value, style),
                _cell(channel),
                _cell(title, style),
                key=key,
            )
        for key, when, _, channel, title in adhoc:
            self.add_row(
                _cell(when),
                _cell("delivered", "green"),
                _cell(channel),
                _cell(title, "magenta"),
                key=key,
            )
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), scroll=False)

    def highlighted_inject(self) -> str | None:
        """The inject under the cursor, if any."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.InjectSelected(str(event.row_key.value)))
