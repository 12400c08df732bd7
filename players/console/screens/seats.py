"""The room's seats: each link as a QR code to scan, who is connected, and reissuing a link."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar, Protocol

import segno
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option


class RoomLinks(Protocol):
    """What the console knows of the open room."""

    def links(self) -> list[tuple[str, str]]:
        """Every seat with its link."""
        ...

    def connected(self) -> Counter[str]:
        """How many pages each seat has open."""
        ...

    def reissue(self, seat: str) -> None:
        """Give a seat a new link; the old one stops working at once."""
        ...


def qr_text(url: str) -> Text:
    """A QR code drawn with half blocks (two modules a character), dark on light."""
    matrix = [list(row) for row in segno.make(url, error="l", micro=False).matrix]
    border = 2
    width = len(matrix[0]) + 2 * border
    rows = [[0] * width for _ in range(border)]
    rows += [[0] * border + row + [0] * border for row in matrix]
    rows += [[0] * width for _ in range(border + (len(rows) + border) % 2)]
    glyphs = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    lines = [
        "".join(glyphs[bool(a), bool(b)] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]
    return Text("\n".join(lines), style="black on white")


class SeatsScreen(ModalScreen[None]):
    """The seats and their links; Escape closes, R gives the highlighted seat a new link."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("R", "reissue", "New link", tooltip="Reissue the seat's link (the old one stops)"),
    ]

    def __init__(self, room: RoomLinks) -> None:
        super().__init__()
        self._room = room

    def compose(self) -> ComposeResult:
        """The seats beside the highlighted one's QR code and link."""
        with Vertical(classes="dialog seats"):
            yield Label("The room's seats", classes="title")
            with Horizontal():
                yield OptionList(id="seats")
                yield Static(id="qr")
            yield Static(id="link")
            yield Label(
                "Scan or open a link on the seat's device. R: new link. Esc: close.", classes="hint"
            )

    def on_mount(self) -> None:
        """Fill the list and focus it; refill it every second (who is connected changes)."""
        self._fill()
        self.query_one(OptionList).focus()
        self.set_interval(1.0, self._fill)

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted or 0
        connected = self._room.connected()
        options.clear_options()
        for seat, _ in self._room.links():
            count = connected.get(seat, 0)
            state = f"{count} connected" if count else "not connected"
            options.add_option(Option(f"{seat:<16} {state}", id=seat))
        options.highlighted = min(highlighted, options.option_count - 1)
        self._show()

    @on(OptionList.OptionHighlighted)
    def _show(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        seat = options.get_option_at_index(options.highlighted).id
        url = dict(self._room.links()).get(str(seat), "")
        self.query_one("#qr", Static).update(qr_text(url))
        self.query_one("#link", Static).update(Text(url, style="bold"))

    def action_close(self) -> None:
        """Back to the exercise."""
        self.dismiss(None)

    def action_reissue(self) -> None:
        """Reissue the highlighted seat's link."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        seat = str(options.get_option_at_index(options.highlighted).id)
        self._room.reissue(seat)
        self.notify(f"{seat} has a new link; the old one no longer opens it.")
        self._fill()
