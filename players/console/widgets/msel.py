"""The MSEL: every inject in scenario order with when it is due and where it stands."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from engine.format.model import Inject
from engine.play.session import Session
from engine.play.state import InjectStatus
from engine.play.triggers import Trigger

STATUS_STYLES = {
    InjectStatus.PENDING: "",
    InjectStatus.SCHEDULED: "cyan",
    InjectStatus.DELIVERED: "green",
    InjectStatus.HELD: "bold yellow",
    InjectStatus.AWAITING: "bold magenta reverse",
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
    """When an inject is due, in a few characters (`Trigger.short`)."""
    return Trigger.of(inject).short()


class _Row(NamedTuple):
    """One line of the MSEL."""

    key: str
    when: str
    status: InjectStatus
    channel: str
    title: str
    title_style: str


def _rows(session: Session) -> list[_Row]:
    """The scenario's injects in order, then the ad-hoc ones, as the MSEL shows them."""
    state = session.state
    channels = {channel.id: channel.name for channel in session.compiled.scenario.channels}
    rows = []
    for inject in session.compiled.scenario.injects:
        status = state.status_of(inject.id)
        channel = channels.get(inject.channel, inject.channel)
        when = trigger_of(inject)
        rows.append(_Row(inject.id, when, status, channel, inject.title, STATUS_STYLES[status]))
    rows += [
        _Row(
            key,
            "ad hoc",
            InjectStatus.DELIVERED,
            channels.get(str(fields.get("channel")), "—"),
            str(fields.get("title", "")),
            "magenta",
        )
        for key, fields in state.adhoc.items()
    ]
    return rows


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
        self._drawn: tuple[tuple[_Row, ...], int] | None = None
        """The rows and width last drawn: the same again redraws nothing (a key that moves the
        clock but changes no inject's status costs no repaint of the whole table)."""

    def on_resize(self) -> None:
        """Redraw at the new size (the columns are fitted to the width)."""
        if self._session is not None:
            self.show(self._session)

    def show(self, session: Session) -> None:
        """Redraw every row from the session's state, keeping the cursor where it was.

        The columns are fitted to the width: the inject's title takes what the others leave,
        so it is never scrolled out of sight (long texts end in an ellipsis).
        """
        self._session = session
        rows = _rows(session)
        drawn = (tuple(rows), self.scrollable_content_region.width)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        cursor = self.cursor_row
        self.clear(columns=True)
        self._add_columns(rows)
        for row in rows:
            self.add_row(
                _cell(row.when),
                _cell(row.status.value, STATUS_STYLES[row.status]),
                _cell(row.channel),
                _cell(row.title, row.title_style),
                key=row.key,
            )
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), scroll=False)

    def _add_columns(self, rows: list[_Row]) -> None:
        when = min(WHEN_WIDTH, max((len(row.when) for row in rows), default=4))
        channel = min(CHANNEL_WIDTH, max((len(row.channel) for row in rows), default=7))
        room = (
            self.scrollable_content_region.width
            - (when + STATUS_WIDTH + channel)
            - 8 * self.cell_padding  # four columns, padded on both sides
        )
        self.add_column("When", key="when", width=when)
        self.add_column("Status", key="status", width=STATUS_WIDTH)
        self.add_column("Channel", key="channel", width=channel)
        title = max(MIN_TITLE_WIDTH, room) if room > 0 else None  # None: not laid out yet
        self.add_column("Inject", key="title", width=title)

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
