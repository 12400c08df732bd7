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

    def on_mount(self) -> None:
        self.add_column("When", key="when")
        self.add_column("Status", key="status")
        self.add_column("Channel", key="channel")
        self.add_column("Inject", key="title")

    def show(self, session: Session) -> None:
        """Redraw every row from the session's state, keeping the cursor where it was."""
        row = self.cursor_row
        self.clear()
        state = session.state
        channels = {channel.id: channel.name for channel in session.compiled.scenario.channels}
        for inject in session.compiled.scenario.injects:
            status = state.status_of(inject.id)
            style = STATUS_STYLES[status]
            self.add_row(
                trigger_of(inject),
                Text(status.value, style=style),
                channels.get(inject.channel, inject.channel),
                Text(inject.title, style=style, overflow="ellipsis", no_wrap=True),
                key=inject.id,
            )
        for inject_id, fields in state.adhoc.items():
            self.add_row(
                "ad hoc",
                Text("delivered", style="green"),
                channels.get(str(fields.get("channel")), "—"),
                Text(str(fields.get("title", "")), style="magenta"),
                key=inject_id,
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
